import type { Knex } from 'knex';

const WINDOW_MS = 15 * 60_000;
const MAX_FAILURES = 10;

// Failures are counted per account and address in the database, so the limit holds across app
// instances. Once the limit is reached even the right password is refused until the window passes.
export async function isThrottled(db: Knex, email: string, ip: string): Promise<boolean> {
  const row = await db('login_failures')
    .where({ email: email.trim().toLowerCase(), ip })
    .where('at', '>', Date.now() - WINDOW_MS)
    .count({ n: '*' })
    .first();
  return Number(row?.n ?? 0) >= MAX_FAILURES;
}

export async function recordFailure(db: Knex, email: string, ip: string): Promise<void> {
  await db('login_failures').insert({ email: email.trim().toLowerCase().slice(0, 254), ip, at: Date.now() });
  if (Math.random() < 0.01) await db('login_failures').where('at', '<', Date.now() - WINDOW_MS).del();
}

export async function clearFailures(db: Knex, email: string, ip: string): Promise<void> {
  await db('login_failures').where({ email: email.trim().toLowerCase(), ip }).del();
}
