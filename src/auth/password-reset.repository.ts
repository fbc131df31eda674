import { isPostgres } from '../db/db';
import { insertedId } from '../db/inserted-id';
import type { Queryable } from '../db/types';

// Password links (password_reset_tokens: only the sha256 of each token) and the requests counted
// for throttling (password_reset_requests). Times are epoch milliseconds.

export type TokenPurpose = 'reset' | 'welcome';

export async function insertToken(
  q: Queryable,
  t: { userId: number; tokenHash: string; purpose: TokenPurpose; expiresAt: number; now: number },
): Promise<number> {
  return insertedId(
    await q('password_reset_tokens')
      .insert({ user_id: t.userId, token_hash: t.tokenHash, purpose: t.purpose, expires_at: t.expiresAt, created_at: t.now })
      .returning('id'),
  );
}

export interface LiveToken {
  id: number;
  userId: number;
  purpose: TokenPurpose;
}

/** The unused, unexpired token with this hash, or undefined. */
export async function findLiveToken(q: Queryable, tokenHash: string, now: number): Promise<LiveToken | undefined> {
  const row = await q('password_reset_tokens')
    .where({ token_hash: tokenHash })
    .whereNull('used_at')
    .andWhere('expires_at', '>', now)
    .first<{ id: number; user_id: number; purpose: TokenPurpose } | undefined>('id', 'user_id', 'purpose');
  return row ? { id: row.id, userId: Number(row.user_id), purpose: row.purpose } : undefined;
}

/** Uses the token up; false when it was used (or expired) meanwhile, so only one use ever wins. */
export async function consumeToken(q: Queryable, id: number, now: number): Promise<boolean> {
  const n = await q('password_reset_tokens').where({ id }).whereNull('used_at').andWhere('expires_at', '>', now).update({ used_at: now });
  return Number(n) === 1;
}

/** After a password is set, every other outstanding link of the person stops working. */
export async function retireUserTokens(q: Queryable, userId: number, now: number): Promise<void> {
  await q('password_reset_tokens').where({ user_id: userId }).whereNull('used_at').update({ used_at: now });
}

// Any fixed number, the same in every app instance (sign-in throttling uses 184_001).
const REQUESTS_LOCK = 184_002;

/**
 * Serialises counting-then-recording of link requests across app instances until `trx` ends, so
 * concurrent requests cannot all read a count below the limit. SQLite: the one writer does that.
 */
export async function lockRequests(trx: Queryable): Promise<void> {
  if (isPostgres(trx)) await trx.raw(`select pg_advisory_xact_lock(${REQUESTS_LOCK})`);
}

export async function countRequests(
  q: Queryable,
  key: { email: string; ip: string },
  since: number,
): Promise<{ email: number; ip: number }> {
  const count = async (column: 'email' | 'ip', value: string) => {
    const row = await q('password_reset_requests')
      .where(column, value)
      .andWhere('at', '>', since)
      .count<{ n: number | string }[]>('* as n')
      .first();
    return Number(row?.n ?? 0);
  };
  return { email: await count('email', key.email), ip: await count('ip', key.ip) };
}

export async function oldestRequest(q: Queryable, column: 'email' | 'ip', value: string, since: number): Promise<number | null> {
  const row = await q('password_reset_requests')
    .where(column, value)
    .andWhere('at', '>', since)
    .min<{ at: number | string | null }[]>('at as at')
    .first();
  return row?.at == null ? null : Number(row.at);
}

export async function insertRequest(q: Queryable, key: { email: string; ip: string }, now: number): Promise<void> {
  await q('password_reset_requests').insert({ email: key.email, ip: key.ip, at: now });
}

export async function deleteRequestsBefore(q: Queryable, before: number): Promise<void> {
  await q('password_reset_requests').where('at', '<', before).del();
}
