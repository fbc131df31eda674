import type { Queryable } from '../db/types';
import { nowIso, toIso } from '../db/time';

// Single sign-on attempts (table sso_sign_ins), shown on the admin page /admin/sso.

export interface SsoAttempt {
  result: 'signed_in' | 'created' | 'refused';
  reason?: string | null;
  detail?: string | null;
  userId?: number | null;
  subject?: string | null;
  employeeId?: string | null;
  email?: string | null;
  ip?: string | null;
}

export interface SsoAttemptRow extends Required<SsoAttempt> {
  id: number;
  at: string;
  /** The matched account's name and email, when it still exists. */
  userName: string | null;
  userEmail: string | null;
}

const cut = (v: string | null | undefined, n: number) => (v == null ? null : v.slice(0, n));

export async function insertSsoAttempt(q: Queryable, a: SsoAttempt): Promise<void> {
  await q('sso_sign_ins').insert({
    at: nowIso(),
    result: a.result,
    reason: cut(a.reason, 40),
    detail: cut(a.detail, 300),
    user_id: a.userId ?? null,
    subject: cut(a.subject, 255),
    employee_id: cut(a.employeeId, 64),
    email: cut(a.email, 254),
    ip: cut(a.ip, 64),
  });
}

export async function latestSsoAttempts(q: Queryable, limit: number): Promise<SsoAttemptRow[]> {
  const rows: Record<string, unknown>[] = await q('sso_sign_ins as s')
    .leftJoin('users as u', 'u.id', 's.user_id')
    .orderBy([
      { column: 's.at', order: 'desc' },
      { column: 's.id', order: 'desc' },
    ])
    .limit(limit)
    .select('s.*', 'u.display_name as user_name', 'u.email as user_email');
  return rows.map((r) => ({
    id: Number(r.id),
    at: toIso(r.at) ?? '',
    result: r.result as SsoAttempt['result'],
    reason: (r.reason as string | null) ?? null,
    detail: (r.detail as string | null) ?? null,
    userId: r.user_id == null ? null : Number(r.user_id),
    subject: (r.subject as string | null) ?? null,
    employeeId: (r.employee_id as string | null) ?? null,
    email: (r.email as string | null) ?? null,
    ip: (r.ip as string | null) ?? null,
    userName: (r.user_name as string | null) ?? null,
    userEmail: (r.user_email as string | null) ?? null,
  }));
}
