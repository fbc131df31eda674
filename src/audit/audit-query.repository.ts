import type { Knex } from 'knex';
import { whereContains } from '../db/like';

type Q = Knex | Knex.Transaction;

export interface AuditFilter {
  person: string; // text in the actor's (or the affected person's) name or email
  action: string;
  from: string | null; // YYYY-MM-DD, inclusive (UTC)
  to: string | null; // YYYY-MM-DD, inclusive (UTC)
}

export interface AuditRow {
  id: number;
  at: unknown;
  actorId: number | null;
  actorName: string | null;
  actorEmail: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  subjectName: string | null;
  subjectEmail: string | null;
  details: string | null;
  ip: string | null;
}

function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString();
}

function filtered(db: Q, f: AuditFilter): Knex.QueryBuilder {
  const q = db('audit_log as a');
  if (f.action) q.where('a.action', f.action);
  if (f.from) q.where('a.at', '>=', `${f.from}T00:00:00.000Z`);
  if (f.to) q.where('a.at', '<', nextDay(f.to));
  if (f.person.trim()) {
    const people = (sub: Knex.QueryBuilder) => whereContains(sub.from('users'), ['email', 'display_name'], f.person.trim());
    q.where((w) => {
      w.whereIn('a.actor_id', (sub) => {
        people(sub.select('id'));
      }).orWhere((s) => {
        s.where('a.entity_type', 'user').whereIn('a.entity_id', (sub) => {
          people(sub.select(db.raw('cast(id as varchar(64))')));
        });
      });
    });
  }
  return q;
}

export async function countAudit(db: Q, f: AuditFilter): Promise<number> {
  const row = await filtered(db, f).count<{ n: number | string }[]>({ n: 'a.id' }).first();
  return Number(row?.n ?? 0);
}

/** An audit_log row as listAudit selects it. */
interface AuditLogRecord {
  id: number;
  at: unknown;
  actor_id: number | null;
  action: string;
  entity_type: string | null;
  entity_id: string | null;
  details: string | null;
  ip: string | null;
}

/** Newest first. Names come from a second query so the log is never joined on a computed key. */
export async function listAudit(db: Q, f: AuditFilter, limit: number, offset: number): Promise<AuditRow[]> {
  const rows = await filtered(db, f)
    .select<AuditLogRecord[]>('a.id', 'a.at', 'a.actor_id', 'a.action', 'a.entity_type', 'a.entity_id', 'a.details', 'a.ip')
    .orderBy([
      { column: 'a.at', order: 'desc' },
      { column: 'a.id', order: 'desc' },
    ])
    .limit(limit)
    .offset(offset);
  const ids = new Set<number>();
  for (const r of rows) {
    if (r.actor_id != null) ids.add(Number(r.actor_id));
    if (r.entity_type === 'user' && /^\d+$/.test(String(r.entity_id ?? ''))) ids.add(Number(r.entity_id));
  }
  const people = new Map<number, { email: string; display_name: string }>();
  const list = [...ids];
  for (let i = 0; i < list.length; i += 500) {
    for (const u of await db('users')
      .whereIn('id', list.slice(i, i + 500))
      .select<{ id: number; email: string; display_name: string }[]>('id', 'email', 'display_name'))
      people.set(Number(u.id), u);
  }
  return rows.map((r) => {
    const actor = r.actor_id != null ? people.get(Number(r.actor_id)) : undefined;
    const subject = r.entity_type === 'user' ? people.get(Number(r.entity_id)) : undefined;
    return {
      id: Number(r.id),
      at: r.at,
      actorId: r.actor_id == null ? null : Number(r.actor_id),
      actorName: actor?.display_name ?? null,
      actorEmail: actor?.email ?? null,
      action: String(r.action),
      entityType: r.entity_type ?? null,
      entityId: r.entity_id ?? null,
      subjectName: subject?.display_name ?? null,
      subjectEmail: subject?.email ?? null,
      details: r.details ?? null,
      ip: r.ip ?? null,
    };
  });
}

export async function distinctActions(db: Q): Promise<string[]> {
  return (await db('audit_log').distinct('action').orderBy('action').pluck('action')) as string[];
}

/** The class-spec statements with these ids (catalogue wording only), for naming them in entries. */
export async function findItems(db: Q, ids: number[]): Promise<Map<number, { category: string; name: string | null; text: string }>> {
  const found = new Map<number, { category: string; name: string | null; text: string }>();
  const list = [...new Set(ids)];
  for (let i = 0; i < list.length; i += 500) {
    for (const r of await db('spec_items')
      .whereIn('id', list.slice(i, i + 500))
      .select<{ id: number; category: string; name: string | null; text: string }[]>('id', 'category', 'name', 'text'))
      found.set(Number(r.id), { category: r.category, name: r.name ?? null, text: r.text });
  }
  return found;
}
