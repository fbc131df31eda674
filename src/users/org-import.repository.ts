import type { Knex } from 'knex';
import { nowIso } from '../db/time';
import { insertedId } from '../db/inserted-id';
import { type Row, jsonOf, textOf } from '../db/row';
import { buildDirectory, type Directory, type DirUser, type ImportPlan, type PlannedRow } from './org-import-plan';
import type { Role } from '../auth/roles';

type Q = Knex | Knex.Transaction;
const CHUNK = 500;

function chunks<T>(list: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** Everyone, with roles, in two queries. */
export async function loadDirectory(db: Q, classes: { classSpecId: number; title: string; code: string | null }[]): Promise<Directory> {
  const users = await db('users').select(
    'id',
    'email',
    'employee_id',
    'display_name',
    'department',
    'job_title',
    'job_class_id',
    'supervisor_id',
    'active',
  );
  const roles = await db('user_roles').select('user_id', 'role').orderBy('role');
  const byUser = new Map<number, Role[]>();
  for (const r of roles as { user_id: number; role: Role }[]) {
    if (r.role === 'employee') continue;
    const list = byUser.get(Number(r.user_id)) ?? [];
    list.push(r.role);
    byUser.set(Number(r.user_id), list);
  }
  return buildDirectory(
    users.map((u: Record<string, unknown>): DirUser => ({
      id: Number(u.id),
      email: String(u.email),
      employeeId: (u.employee_id as string | null) ?? null,
      displayName: String(u.display_name),
      department: (u.department as string | null) ?? null,
      jobTitle: (u.job_title as string | null) ?? null,
      jobClassId: u.job_class_id == null ? null : Number(u.job_class_id),
      supervisorId: u.supervisor_id == null ? null : Number(u.supervisor_id),
      active: Boolean(u.active),
      roles: (byUser.get(Number(u.id)) ?? []).sort(),
    })),
    classes,
  );
}

/**
 * Applies a plan without errors inside the caller's transaction. Pass 1 creates new people and
 * updates fields (batched); pass 2 sets supervisors once everyone exists, grouped by supervisor.
 */
export interface AppliedPerson {
  id: number;
  email: string;
  status: 'new' | 'updated';
  changes: string[];
}

export async function applyPlan(
  trx: Knex.Transaction,
  plan: ImportPlan,
  hashes: Map<string, string>,
): Promise<{ created: number; updated: number; people: AppliedPerson[] }> {
  const now = nowIso();
  const fresh = plan.rows.filter((p) => p.status === 'new');
  const changed = plan.rows.filter((p) => p.status === 'updated');

  for (const batch of chunks(fresh)) {
    await trx('users').insert(
      batch.map((p) => ({
        email: p.email,
        display_name: p.displayName,
        employee_id: p.employeeId,
        department: p.department,
        job_title: p.jobTitle,
        job_class_id: p.jobClassId,
        password_hash: hashes.get(p.email) ?? null,
        must_change_password: true,
        active: true,
        password_changed_at: now,
        created_at: now,
        updated_at: now,
      })),
    );
  }
  const idOfNew = new Map<string, number>();
  for (const batch of chunks(fresh.map((p) => p.email))) {
    const rows = await trx('users').whereIn('email', batch).select('id', 'email');
    for (const r of rows as { id: number; email: string }[]) idOfNew.set(r.email, Number(r.id));
  }
  const idOf = (p: PlannedRow) => p.matchId ?? idOfNew.get(p.email)!;

  for (const p of changed) {
    const fields = p.changes.filter((c) => c !== 'roles' && c !== 'supervisor');
    if (!fields.length) continue;
    const row: Record<string, unknown> = { updated_at: now };
    if (fields.includes('email')) row.email = p.email;
    if (fields.includes('display_name')) row.display_name = p.displayName;
    if (fields.includes('employee_id')) row.employee_id = p.employeeId;
    if (fields.includes('department')) row.department = p.department;
    if (fields.includes('job_title')) row.job_title = p.jobTitle;
    if (fields.includes('job_class')) row.job_class_id = p.jobClassId;
    await trx('users').where({ id: p.matchId! }).update(row);
  }

  const roleRows = plan.rows.filter((p) => p.status === 'new' || p.changes.includes('roles'));
  for (const batch of chunks(roleRows.filter((p) => p.matchId != null).map((p) => p.matchId!))) {
    await trx('user_roles').whereIn('user_id', batch).del();
  }
  const inserts = roleRows.flatMap((p) => p.roles.map((role) => ({ user_id: idOf(p), role })));
  for (const batch of chunks(inserts)) await trx('user_roles').insert(batch);

  // Pass 2: supervisors, now that everyone exists. One CASE update per 500 people keeps a
  // 30,000-person org to ~60 statements on both dialects.
  const moves: [number, number | null][] = [];
  for (const p of plan.rows) {
    if (p.status === 'new' ? p.supervisor == null : !p.changes.includes('supervisor')) continue;
    const sup = p.supervisor == null ? null : 'userId' in p.supervisor ? p.supervisor.userId : idOf(plan.rows[p.supervisor.rowIndex]);
    moves.push([idOf(p), sup]);
  }
  for (const batch of chunks(moves)) {
    const cases = batch.map(() => 'when ? then ?').join(' ');
    const bindings = batch.flatMap(([id, sup]) => [id, sup]);
    await trx('users')
      .whereIn(
        'id',
        batch.map(([id]) => id),
      )
      .update({ supervisor_id: trx.raw(`cast(case id ${cases} end as integer)`, bindings), updated_at: now });
  }
  const people: AppliedPerson[] = [...fresh, ...changed].map((p) => ({
    id: idOf(p),
    email: p.email,
    status: p.status as 'new' | 'updated',
    changes: p.changes,
  }));
  return { created: fresh.length, updated: changed.length, people };
}

/** Previews and unshown temporary passwords are kept for a day at most. */
export const PENDING_IMPORT_TTL_MS = 86_400_000;

/** Pages of a preview written by one statement: 20 pages of 100 rows are some 300 KB of JSON. */
const PAGES_PER_INSERT = 20;

/**
 * Stores an org preview: `payload` (small: the summary and what every page shows) in
 * pending_imports, and its rows page by page in pending_import_pages. `pageJson(page)` gives the
 * JSON of one page (1-based) and is asked for a few pages at a time, so the rows are never one
 * large string. All or nothing, in one transaction.
 */
export async function insertPendingImport(
  db: Knex,
  userId: number,
  sourceName: string,
  payload: unknown,
  pages: number,
  pageJson: (page: number) => string,
): Promise<number> {
  return db.transaction(async (trx) => {
    // Anyone's stale org previews go (their pages with them), with any temporary passwords nobody
    // came back for: they must not sit in the database in plain text.
    await trx('pending_imports')
      .where({ kind: 'org' })
      .where('created_at', '<', new Date(Date.now() - PENDING_IMPORT_TTL_MS).toISOString())
      .del();
    const rows: unknown = await trx('pending_imports')
      .insert({
        user_id: userId,
        kind: 'org',
        source_name: sourceName.slice(0, 300),
        payload: JSON.stringify(payload),
        created_at: nowIso(),
      })
      .returning('id');
    const id = insertedId(rows);
    for (let first = 1; first <= pages; first += PAGES_PER_INSERT) {
      const batch = [];
      for (let page = first; page < first + PAGES_PER_INSERT && page <= pages; page++)
        batch.push({ pending_id: id, page, rows: pageJson(page) });
      await trx('pending_import_pages').insert(batch);
    }
    return id;
  });
}

/** Only the admin who uploaded a preview can see or confirm it. */
export async function findPendingImport<T>(
  db: Q,
  id: number,
  userId: number,
): Promise<{ id: number; sourceName: string; createdAt: unknown; payload: T } | undefined> {
  const row = await db('pending_imports')
    .where({ id, user_id: userId, kind: 'org' })
    .where('created_at', '>=', new Date(Date.now() - PENDING_IMPORT_TTL_MS).toISOString())
    .first<Row | undefined>();
  if (!row) return undefined;
  return { id: Number(row.id), sourceName: textOf(row.source_name), createdAt: row.created_at, payload: jsonOf<T>(row.payload, null as T) };
}

export async function updatePendingPayload(db: Q, id: number, payload: unknown): Promise<void> {
  await db('pending_imports')
    .where({ id })
    .update({ payload: JSON.stringify(payload) });
}

/** The JSON of one page of a preview (1-based), or undefined when there is no such page. */
export async function findPendingPage(db: Q, id: number, page: number): Promise<string | undefined> {
  const row = await db('pending_import_pages').where({ pending_id: id, page }).first<Row | undefined>('rows');
  return row ? textOf(row.rows) : undefined;
}

/** The JSON of pages first…last of a preview, in order (fewer when some are missing). */
export async function findPendingPages(db: Q, id: number, first: number, last: number): Promise<string[]> {
  const rows = await db('pending_import_pages')
    .where({ pending_id: id })
    .whereBetween('page', [first, last])
    .orderBy('page')
    .select<Row[]>('rows');
  return rows.map((r) => textOf(r.rows));
}

export async function deletePendingPages(db: Q, id: number): Promise<void> {
  await db('pending_import_pages').where({ pending_id: id }).del();
}
