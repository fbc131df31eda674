import type { Knex } from 'knex';
import type { Role } from './roles';
import type { SessionUser } from './session-user';

// The sessions table and the signed-in person read with it. The person's columns come from the
// users feature's tables, read here in the same query as the session (one query a request).
type Q = Knex | Knex.Transaction;

/**
 * Loads the person for a request. Everyone may assess themselves, so `employee` is implicit;
 * anyone with active reports is a supervisor whether or not the role was given.
 * One query (it runs on every signed-in request): the person, one row per stored role, and
 * whether anyone active reports to them.
 */
export async function loadSessionUser(db: Q, id: number): Promise<SessionUser | undefined> {
  const rows: Record<string, unknown>[] = await db('users as u')
    .leftJoin('user_roles as r', 'r.user_id', 'u.id')
    .where('u.id', id)
    .select(...sessionUserColumns(db));
  return sessionUserFromRows(rows);
}

/** The columns loadSessionUser reads from `users as u` and `user_roles as r` (also joined to the session read). */
export function sessionUserColumns(db: Q): (string | Knex.Raw)[] {
  return [
    'u.id',
    'u.email',
    'u.display_name',
    'u.active',
    'u.must_change_password',
    'u.department',
    'u.job_title',
    'r.role',
    db.raw('exists (select 1 from users s where s.supervisor_id = u.id and s.active = ?) as has_reports', [true]),
  ];
}

/** The person from the rows of sessionUserColumns (one per stored role); undefined if missing or inactive. */
export function sessionUserFromRows(rows: Record<string, unknown>[]): SessionUser | undefined {
  const user = rows[0];
  if (!user || user.id == null || !user.active) return undefined;
  const hasReports = Boolean(user.has_reports);
  const roles = new Set<Role>(['employee']);
  for (const r of [...rows].sort((a, b) => String(a.role).localeCompare(String(b.role)))) if (r.role) roles.add(r.role as Role);
  if (hasReports) roles.add('supervisor');
  return {
    id: Number(user.id),
    email: String(user.email),
    displayName: String(user.display_name),
    roles: [...roles],
    hasReports,
    mustChangePassword: Boolean(user.must_change_password),
    department: (user.department as string | null) ?? null,
    jobTitle: (user.job_title as string | null) ?? null,
  };
}

/** A session row joined to its person (one row per stored role of the person). */
export function readSessionWithUser(db: Q, sid: string): Promise<Record<string, unknown>[]> {
  return db('sessions as ss')
    .leftJoin('users as u', 'u.id', 'ss.user_id')
    .leftJoin('user_roles as r', 'r.user_id', 'u.id')
    .where('ss.sid', sid)
    .select<Record<string, unknown>[]>('ss.sess', 'ss.expires_at', 'ss.user_id', ...sessionUserColumns(db));
}

export async function upsertSession(db: Q, sid: string, sess: string, expiresAt: number, userId: number | null): Promise<void> {
  await db('sessions').insert({ sid, sess, expires_at: expiresAt, user_id: userId }).onConflict('sid').merge();
}

export async function touchSession(db: Q, sid: string, expiresAt: number): Promise<void> {
  await db('sessions').where({ sid }).update({ expires_at: expiresAt });
}

export async function deleteSession(db: Q, sid: string): Promise<void> {
  await db('sessions').where({ sid }).del();
}

export async function deleteExpiredSessions(db: Q, now: number): Promise<void> {
  await db('sessions').where('expires_at', '<', now).del();
}

/** Ends every session of a user, except optionally the one making the request. */
export async function deleteUserSessions(db: Q, userId: number, exceptSid?: string): Promise<void> {
  const q = db('sessions').where({ user_id: userId });
  if (exceptSid) q.whereNot({ sid: exceptSid });
  await q.del();
}
