import crypto from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(crypto.scrypt) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: crypto.ScryptOptions,
) => Promise<Buffer>;

// scrypt N = 2^17, r = 8, p = 1 (OWASP's recommended minimum). The parameters are stored with the
// hash so they can be raised later without invalidating existing passwords.
const DEFAULT_COST = 17;
const KEYLEN = 32;

export async function hashPassword(password: string, cost = DEFAULT_COST): Promise<string> {
  const salt = crypto.randomBytes(16);
  const N = 2 ** cost;
  const hash = await scrypt(password, salt, KEYLEN, { N, r: 8, p: 1, maxmem: 256 * N * 8 });
  return `scrypt$${cost}$8$1$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string | null | undefined): Promise<boolean> {
  const parts = (stored ?? '').split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') {
    // Spend comparable time so an unknown account cannot be told from a wrong password by timing.
    await hashPassword(password, DEFAULT_COST);
    return false;
  }
  const [, costS, rS, pS, saltB64, hashB64] = parts;
  const N = 2 ** Number(costS);
  const expected = Buffer.from(hashB64, 'base64');
  const actual = await scrypt(password, Buffer.from(saltB64, 'base64'), expected.length, {
    N,
    r: Number(rS),
    p: Number(pS),
    maxmem: 256 * N * Number(rS),
  });
  return crypto.timingSafeEqual(actual, expected);
}

/** A readable one-time password for new or reset accounts (about 100 bits). */
export function temporaryPassword(): string {
  const words = crypto.randomBytes(15).toString('base64url').replace(/[-_]/g, 'x');
  return `${words.slice(0, 5)}-${words.slice(5, 10)}-${words.slice(10, 15)}-${words.slice(15, 20)}`;
}

export const PASSWORD_MIN_LENGTH = 12;
