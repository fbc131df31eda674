import type { Knex } from 'knex';
import { isPostgres } from '../db/db';
import type { Queryable, Tx } from '../db/types';

// Sign-in attempts counted against the limits (src/auth/login-throttle.ts), one row each in
// login_failures: written before the password is checked, kept when it was wrong, removed when it
// was right or never checked. `at` is epoch milliseconds.

export interface AttemptKey {
  email: string;
  ip: string;
}

export interface RecentCount {
  count: number;
  /** `at` of the oldest row counted (when the next slot frees), or null when none. */
  oldest: number | null;
}

export interface RecentAttempts {
  account: RecentCount;
  address: RecentCount;
  global: RecentCount;
}

// Any fixed number: it only has to be the same in every app instance.
const ATTEMPTS_LOCK = 184_001;

/**
 * Serialises counting-then-recording across app instances until `trx` ends, so that no two
 * attempts can both read a count below the limit. PostgreSQL: a transaction-level advisory lock.
 * SQLite needs none: the app has one write connection and `trx` holds it.
 */
export async function lockAttempts(trx: Tx): Promise<void> {
  if (isPostgres(trx)) await trx.raw(`select pg_advisory_xact_lock(${ATTEMPTS_LOCK})`);
}

/** The three counts in one statement; each subquery is an index range scan. */
export async function countRecentAttempts(
  q: Queryable,
  key: AttemptKey,
  since: { window: number; global: number },
): Promise<RecentAttempts> {
  const recent = (after: number) => q('login_failures').where('at', '>', after);
  const both = (name: string, rows: () => Knex.QueryBuilder) => [rows().count('*').as(`${name}_n`), rows().min('at').as(`${name}_oldest`)];
  const row = (await q
    .select(
      ...both('account', () => recent(since.window).where({ email: key.email, ip: key.ip })),
      ...both('address', () => recent(since.window).where({ ip: key.ip })),
      ...both('global', () => recent(since.global)),
    )
    .first()) as Record<string, string | number | null>;
  const read = (name: string): RecentCount => ({
    count: Number(row[`${name}_n`] ?? 0),
    oldest: row[`${name}_oldest`] == null ? null : Number(row[`${name}_oldest`]),
  });
  return { account: read('account'), address: read('address'), global: read('global') };
}

export async function insertAttempt(q: Queryable, key: AttemptKey, at: number): Promise<number> {
  const [row] = await q('login_failures').insert({ email: key.email, ip: key.ip, at }).returning<({ id: number } | number)[]>('id');
  return Number(typeof row === 'object' ? row.id : row);
}

export async function deleteAttempt(q: Queryable, id: number): Promise<void> {
  await q('login_failures').where({ id }).del();
}

/** After a successful sign-in: the account's failures from that address no longer count. */
export async function clearAccountAttempts(q: Queryable, key: AttemptKey): Promise<void> {
  await q('login_failures').where({ email: key.email, ip: key.ip }).del();
}

export async function deleteAttemptsBefore(q: Queryable, before: number): Promise<void> {
  await q('login_failures').where('at', '<', before).del();
}
