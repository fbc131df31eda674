import type { Config } from '../config';
import type { Db } from '../db/types';
import {
  clearAccountAttempts,
  countRecentAttempts,
  deleteAttempt,
  deleteAttemptsBefore,
  insertAttempt,
  lockAttempts,
  type AttemptKey,
  type RecentAttempts,
} from './login-attempts.repository';

export interface SignInLimits {
  accountFailures: number;
  addressFailures: number;
  windowMs: number;
  globalPerMinute: number;
}

export type ThrottleLimit = 'account' | 'address' | 'global';

export type Reservation = { allowed: true; attemptId: number } | { allowed: false; limit: ThrottleLimit; retryAfterSeconds: number };

const GLOBAL_WINDOW_MS = 60_000;

export function signInLimits(config: Config): SignInLimits {
  return {
    accountFailures: config.signInAccountFailures,
    addressFailures: config.signInAddressFailures,
    windowMs: config.signInWindowMinutes * 60_000,
    globalPerMinute: config.signInGlobalPerMinute,
  };
}

/** Emails are counted the way people type them: case and surrounding spaces do not matter. */
function attemptKey(email: string, ip: string): AttemptKey {
  return { email: email.trim().toLowerCase().slice(0, 254), ip: ip.slice(0, 64) };
}

/**
 * The first limit these counts reach, and when it frees a slot; null when the attempt may go on.
 * Per account (email and address): once reached even the right password is refused until the
 * window passes. Per address: a password spray over many accounts from one place. Global: a
 * flood from many addresses, which would otherwise keep every hash slot busy.
 */
export function limitReached(
  counts: RecentAttempts,
  limits: SignInLimits,
  now: number,
): { limit: ThrottleLimit; retryAfterSeconds: number } | null {
  const checks: [ThrottleLimit, number, number][] = [
    ['account', limits.accountFailures, limits.windowMs],
    ['address', limits.addressFailures, limits.windowMs],
    ['global', limits.globalPerMinute, GLOBAL_WINDOW_MS],
  ];
  for (const [limit, max, windowMs] of checks) {
    const { count, oldest } = counts[limit];
    if (count < max) continue;
    const freesAt = (oldest ?? now) + windowMs;
    return { limit, retryAfterSeconds: Math.max(1, Math.ceil((freesAt - now) / 1000)) };
  }
  return null;
}

/**
 * Counts, before any password is hashed, and records this attempt as a failure in the same
 * transaction under a lock, so concurrent attempts are counted one after another: of 25 sent at
 * once with 10 allowed, exactly 10 are checked. The row stays if the password is wrong, and is
 * removed by signInSucceeded() or releaseAttempt(). Refused attempts record nothing (they cost no
 * hash), so a flood does not extend its own lock-out nor grow the table.
 */
export async function reserveAttempt(db: Db, limits: SignInLimits, email: string, ip: string, now = Date.now()): Promise<Reservation> {
  const key = attemptKey(email, ip);
  const reservation = await db.transaction(async (trx): Promise<Reservation> => {
    await lockAttempts(trx);
    const counts = await countRecentAttempts(trx, key, { window: now - limits.windowMs, global: now - GLOBAL_WINDOW_MS });
    const refused = limitReached(counts, limits, now);
    if (refused) return { allowed: false, ...refused };
    return { allowed: true, attemptId: await insertAttempt(trx, key, now) };
  });
  // Old rows count for nothing; clearing them now and then keeps the table at one window's worth.
  if (reservation.allowed && Math.random() < 0.01) await deleteAttemptsBefore(db, now - Math.max(limits.windowMs, GLOBAL_WINDOW_MS));
  return reservation;
}

/** The password was never checked (no hash slot free): the attempt counts for nothing. */
export async function releaseAttempt(db: Db, attemptId: number): Promise<void> {
  await deleteAttempt(db, attemptId);
}

/** The right password: this attempt and the account's earlier failures from this address no longer count. */
export async function signInSucceeded(db: Db, email: string, ip: string): Promise<void> {
  await clearAccountAttempts(db, attemptKey(email, ip));
}
