import type { Knex } from 'knex';
import { nowIso } from '../db/time';
import type { Role } from './roles';

type Q = Knex | Knex.Transaction;

export interface UserRow {
  id: number;
  email: string;
  employee_id: string | null;
  display_name: string;
  password_hash: string | null;
  supervisor_id: number | null;
  department: string | null;
  job_title: string | null;
  active: boolean;
  must_change_password: boolean;
}

/** What the rest of the app knows about the signed-in person (never the password hash). */
export interface SessionUser {
  id: number;
  email: string;
  displayName: string;
  roles: Role[];
  hasReports: boolean;
  mustChangePassword: boolean;
  department: string | null;
  jobTitle: string | null;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function findUserByEmail(db: Q, email: string): Promise<UserRow | undefined> {
  const row = await db('users').where({ email: normalizeEmail(email) }).first();
  return row ? toUserRow(row) : undefined;
}

export async function findUserById(db: Q, id: number): Promise<UserRow | undefined> {
  const row = await db('users').where({ id }).first();
  return row ? toUserRow(row) : undefined;
}

export async function rolesOf(db: Q, userId: number): Promise<Role[]> {
  const rows = await db('user_roles').where({ user_id: userId }).orderBy('role').pluck('role');
  return rows as Role[];
}

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
    .select(
      'u.id', 'u.email', 'u.display_name', 'u.active', 'u.must_change_password', 'u.department', 'u.job_title', 'r.role',
      db.raw('exists (select 1 from users s where s.supervisor_id = u.id and s.active = ?) as has_reports', [true]),
    );
  const user = rows[0];
  if (!user || !Boolean(user.active)) return undefined;
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

export interface NewUser {
  email: string;
  displayName: string;
  passwordHash: string | null;
  roles?: Role[];
  supervisorId?: number | null;
  department?: string | null;
  jobTitle?: string | null;
  employeeId?: string | null;
  mustChangePassword?: boolean;
}

export async function insertUser(db: Q, u: NewUser): Promise<number> {
  const now = nowIso();
  const [row] = await db('users')
    .insert({
      email: normalizeEmail(u.email),
      display_name: u.displayName,
      password_hash: u.passwordHash,
      supervisor_id: u.supervisorId ?? null,
      department: u.department ?? null,
      job_title: u.jobTitle ?? null,
      employee_id: u.employeeId ?? null,
      must_change_password: u.mustChangePassword ?? false,
      password_changed_at: now,
      created_at: now,
      updated_at: now,
    })
    .returning('id');
  const id = typeof row === 'object' ? row.id : row;
  const roles = [...new Set(u.roles ?? [])].filter((r) => r !== 'employee');
  if (roles.length) await db('user_roles').insert(roles.map((role) => ({ user_id: id, role })));
  return id;
}

export async function setPasswordHash(db: Q, userId: number, hash: string, mustChange: boolean): Promise<void> {
  await db('users')
    .where({ id: userId })
    .update({ password_hash: hash, must_change_password: mustChange, password_changed_at: nowIso(), updated_at: nowIso() });
}

/** True when `supervisorId` is anywhere above `employeeId` in the reporting chain. */
export async function isInSupervisorChain(db: Q, supervisorId: number, employeeId: number): Promise<boolean> {
  if (supervisorId === employeeId) return false;
  const row = await db
    .withRecursive('chain', ['id', 'depth'], (qb) => {
      qb.select('supervisor_id', db.raw('1')).from('users').where('id', employeeId).whereNotNull('supervisor_id')
        .unionAll((u) => {
          u.select('u.supervisor_id', db.raw('chain.depth + 1'))
            .from('users as u')
            .join('chain', 'u.id', 'chain.id')
            .whereNotNull('u.supervisor_id')
            .where('chain.depth', '<', 100);
        });
    })
    .select('id')
    .from('chain')
    .where('id', supervisorId)
    .first();
  return Boolean(row);
}

/** Everyone below `supervisorId`, with depth 1 for direct reports. */
export async function subtreeOf(db: Q, supervisorId: number): Promise<{ id: number; depth: number }[]> {
  const rows = await db
    .withRecursive('sub', ['id', 'depth'], (qb) => {
      qb.select('id', db.raw('1')).from('users').where('supervisor_id', supervisorId)
        .unionAll((u) => {
          u.select('u.id', db.raw('sub.depth + 1'))
            .from('users as u')
            .join('sub', 'u.supervisor_id', 'sub.id')
            .where('sub.depth', '<', 100);
        });
    })
    .select('id', 'depth')
    .from('sub');
  return rows.map((r: { id: number; depth: number }) => ({ id: Number(r.id), depth: Number(r.depth) }));
}

function toUserRow(row: Record<string, unknown>): UserRow {
  return {
    ...(row as unknown as UserRow),
    active: Boolean(row.active),
    must_change_password: Boolean(row.must_change_password),
  };
}
