import type { Knex } from 'knex';
import { nowIso } from '../db/time';
import { whereContains } from '../db/like';
import { insertedId } from '../db/inserted-id';

type Q = Knex | Knex.Transaction;

export interface ProgramRow {
  id: number;
  title: string;
  provider: string | null;
  format: string;
  hours: number | null;
  cost: number | null;
  url: string | null;
  description: string | null;
  active: boolean;
}

export interface KeyRef {
  id: number;
  key: string;
  label: string;
  category: string;
}

export interface ProgramData {
  title: string;
  provider: string | null;
  format: string;
  hours: number;
  cost: number | null;
  url: string | null;
  description: string | null;
}

function toProgram(r: Record<string, unknown>): ProgramRow {
  return {
    id: Number(r.id),
    title: String(r.title),
    provider: (r.provider as string) ?? null,
    format: String(r.format),
    hours: r.hours == null ? null : Number(r.hours),
    cost: r.cost == null ? null : Number(r.cost),
    url: (r.url as string) ?? null,
    description: (r.description as string) ?? null,
    active: Boolean(r.active),
  };
}

/** Programs matching a search over title, provider, description and linked competency labels. */
export async function listPrograms(db: Q, opts: { q: string; includeArchived: boolean }): Promise<ProgramRow[]> {
  const query = db('training_programs as p').select('p.*').orderBy('p.title').orderBy('p.id');
  if (!opts.includeArchived) query.where('p.active', true);
  const q = opts.q.trim().toLowerCase();
  if (q) {
    query.where((w) => {
      whereContains(w, ['p.title', "COALESCE(p.provider, '')", "COALESCE(p.description, '')"], q).orWhereExists((e) => {
        whereContains(
          e
            .select(db.raw('1'))
            .from('program_competencies as pc')
            .join('competency_keys as k', 'k.id', 'pc.competency_key_id')
            .whereRaw('pc.program_id = p.id'),
          ['k.label'],
          q,
        );
      });
    });
  }
  return (await query).map(toProgram);
}

export async function findProgram(db: Q, id: number): Promise<ProgramRow | undefined> {
  const row = await db('training_programs').where({ id }).first<Record<string, unknown> | undefined>();
  return row ? toProgram(row) : undefined;
}

/** Linked competency keys per program, in one query. */
export async function keysOfPrograms(db: Q, programIds: number[]): Promise<Map<number, KeyRef[]>> {
  const map = new Map<number, KeyRef[]>();
  if (programIds.length === 0) return map;
  const rows = await db('program_competencies as pc')
    .join('competency_keys as k', 'k.id', 'pc.competency_key_id')
    .whereIn('pc.program_id', programIds)
    .orderByRaw('lower(k.label)')
    .select<({ program_id: number } & KeyRef)[]>('pc.program_id', 'k.id', 'k.key', 'k.label', 'k.category');
  for (const r of rows) {
    const list = map.get(Number(r.program_id)) ?? [];
    list.push({ id: Number(r.id), key: r.key, label: r.label, category: r.category });
    map.set(Number(r.program_id), list);
  }
  return map;
}

/** Keys a program can be linked to (not merged into another key), optionally filtered by text. */
export async function selectableKeys(db: Q, filter: string): Promise<KeyRef[]> {
  const query = db('competency_keys')
    .whereNull('merged_into_id')
    .orderByRaw('lower(label)')
    .orderBy('id')
    .select('id', 'key', 'label', 'category');
  const f = filter.trim().toLowerCase();
  if (f) {
    whereContains(query, ['label', 'key'], f);
  }
  return (await query).map((r: Record<string, unknown>) => ({
    id: Number(r.id),
    key: String(r.key),
    label: String(r.label),
    category: String(r.category),
  }));
}

export async function keysByIds(db: Q, ids: number[]): Promise<KeyRef[]> {
  if (ids.length === 0) return [];
  const rows = await db('competency_keys')
    .whereIn('id', ids)
    .whereNull('merged_into_id')
    .orderBy('label')
    .select('id', 'key', 'label', 'category');
  return rows.map((r: Record<string, unknown>) => ({
    id: Number(r.id),
    key: String(r.key),
    label: String(r.label),
    category: String(r.category),
  }));
}

export async function insertProgram(db: Q, data: ProgramData, createdBy: number): Promise<number> {
  const now = nowIso();
  const rows: unknown = await db('training_programs')
    .insert({ ...data, active: true, created_by: createdBy, created_at: now, updated_at: now })
    .returning('id');
  return insertedId(rows);
}

export async function updateProgram(db: Q, id: number, data: Partial<ProgramData> & { active?: boolean }): Promise<void> {
  await db('training_programs')
    .where({ id })
    .update({ ...data, updated_at: nowIso() });
}

export async function setProgramKeys(db: Q, programId: number, keyIds: number[]): Promise<void> {
  await db('program_competencies').where({ program_id: programId }).del();
  if (keyIds.length) await db('program_competencies').insert(keyIds.map((k) => ({ program_id: programId, competency_key_id: k })));
}

/**
 * Active programs nobody has taken up: no plan action of anyone names them (planned, in progress
 * or done). The first `limit` by title, and how many there are (the plan_actions program index
 * answers each NOT EXISTS).
 */
export async function programsWithoutTakers(db: Q, limit: number): Promise<{ total: number; rows: { id: number; title: string }[] }> {
  const base = db('training_programs as p')
    .where('p.active', true)
    .whereNotExists(db('plan_actions as pa').whereRaw('pa.program_id = p.id').select(db.raw('1')));
  const [count, rows] = await Promise.all([
    base.clone().count<{ n: number | string }[]>({ n: '*' }).first(),
    base.clone().orderBy('p.title').orderBy('p.id').limit(limit).select('p.id', 'p.title'),
  ]);
  return {
    total: Number(count?.n ?? 0),
    rows: rows.map((r: Record<string, unknown>) => ({ id: Number(r.id), title: String(r.title) })),
  };
}
