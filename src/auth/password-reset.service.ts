import crypto from 'node:crypto';
import { recordAudit } from '../audit/audit.service';
import type { Db, Tx } from '../db/types';
import { ValidationError } from '../errors';
import { queueNotice, type MailLinks } from '../mail/outbox.service';
import { findAccountByEmail, findAccountById, setPasswordHash } from '../users/people.service';
import { newPasswordErrors } from './account.service';
import { hashPassword } from './passwords';
import {
  consumeToken,
  countRequests,
  deleteRequestsBefore,
  findLiveToken,
  insertRequest,
  insertToken,
  lockRequests,
  oldestRequest,
  retireUserTokens,
  type TokenPurpose,
} from './password-reset.repository';
import { destroyUserSessions } from './session-store';

// "Forgot your password?" and "set your password" links. A link carries 32 random bytes; only
// their sha256 is stored, it works once, for one account, until it expires. Asking for a link
// gives the same answer whether or not the address has an account; requests are throttled per
// typed address and per client address (counted either way, so the limit reveals nothing).

export const RESET_VALID_MS = 30 * 60_000;
/** Bulk-imported people may not read their mail the same hour. */
export const WELCOME_VALID_MS = 7 * 24 * 60 * 60_000;
export const RESET_WINDOW_MS = 15 * 60_000;
export const RESET_PER_EMAIL = 3;
export const RESET_PER_ADDRESS = 20;

const sha256 = (token: string) => crypto.createHash('sha256').update(token, 'utf8').digest('hex');

export type ResetRequestOutcome = { accepted: true } | { accepted: false; retryAfterSeconds: number };

/**
 * Records the request and, when the address belongs to an active account, queues the link in the
 * same transaction. The caller shows the same page either way.
 */
export async function requestPasswordReset(
  db: Db,
  emailTyped: string,
  ip: string,
  links: MailLinks,
  now = Date.now(),
): Promise<ResetRequestOutcome> {
  const key = { email: emailTyped.trim().toLowerCase().slice(0, 254), ip: ip.slice(0, 64) };
  return db.transaction(async (trx): Promise<ResetRequestOutcome> => {
    const since = now - RESET_WINDOW_MS;
    await lockRequests(trx);
    await deleteRequestsBefore(trx, since);
    const counts = await countRequests(trx, key, since);
    const over = counts.email >= RESET_PER_EMAIL ? 'email' : counts.ip >= RESET_PER_ADDRESS ? 'ip' : null;
    if (over) {
      const oldest = (await oldestRequest(trx, over, key[over], since)) ?? now;
      return { accepted: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + RESET_WINDOW_MS - now) / 1000)) };
    }
    await insertRequest(trx, key, now);
    const account = await findAccountByEmail(trx, key.email);
    if (account && account.active) {
      await issuePasswordLink(trx, { id: Number(account.id), displayName: account.display_name }, 'reset', links, now);
      await recordAudit(trx, { actorId: null, action: 'auth.password_reset_requested', entityType: 'user', entityId: account.id, ip });
    }
    return { accepted: true };
  });
}

/** Creates a link for `person` and queues the e-mail with it, in the caller's transaction. */
export async function issuePasswordLink(
  trx: Tx,
  person: { id: number; displayName: string },
  purpose: TokenPurpose,
  links: MailLinks,
  now = Date.now(),
): Promise<void> {
  const token = crypto.randomBytes(32).toString('base64url');
  const valid = purpose === 'reset' ? RESET_VALID_MS : WELCOME_VALID_MS;
  await insertToken(trx, { userId: person.id, tokenHash: sha256(token), purpose, expiresAt: now + valid, now });
  const url = `${links.baseUrl}/password/reset/${token}`;
  const reset = purpose === 'reset';
  await queueNotice(
    trx,
    {
      toUserId: person.id,
      kind: reset ? 'password.reset' : 'password.welcome',
      subject: reset ? 'Reset your password' : 'Set your password for the competency gap assessment service',
      sensitive: true,
      recipientName: person.displayName,
      paragraphs: reset
        ? [
            'Someone, probably you, asked to reset the password of your account. The link below works once, for 30 minutes.',
            'If you did not ask for this, ignore this message: your password stays as it is.',
          ]
        : ['An account has been created for you. Choose your password with the link below; it works once, for 7 days.'],
      link: { url, label: reset ? 'Choose a new password' : 'Set your password' },
    },
    now,
  );
}

/** The account a link is for, if the link is live; null for anything else (used, expired, made up). */
export async function checkPasswordLink(db: Db, token: string, now = Date.now()): Promise<{ userId: number; email: string } | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const live = await findLiveToken(db, sha256(token), now);
  if (!live) return null;
  const account = await findAccountById(db, live.userId);
  return account && account.active ? { userId: live.userId, email: account.email } : null;
}

export interface NewPassword {
  newPassword: string;
  confirmPassword: string;
}

/**
 * Sets the password of the link's account, uses the link up, retires the person's other links and
 * ends all their sessions, in one transaction. False when the link is not (or no longer) live.
 */
export async function resetPasswordWithLink(db: Db, token: string, p: NewPassword, ip: string | null, now = Date.now()): Promise<boolean> {
  const target = await checkPasswordLink(db, token, now);
  if (!target) return false;
  const errors = newPasswordErrors({ email: target.email }, { currentPassword: '', ...p });
  if (Object.keys(errors).length) throw new ValidationError(errors);
  const hash = await hashPassword(p.newPassword); // outside the transaction: scrypt takes a while
  return db.transaction(async (trx) => {
    const live = await findLiveToken(trx, sha256(token), now);
    if (!live || live.userId !== target.userId || !(await consumeToken(trx, live.id, now))) return false;
    await setPasswordHash(trx, live.userId, hash, false);
    await retireUserTokens(trx, live.userId, now);
    await destroyUserSessions(trx, live.userId);
    await recordAudit(trx, {
      actorId: live.userId,
      action: 'auth.password_reset',
      entityType: 'user',
      entityId: live.userId,
      ip,
      details: { purpose: live.purpose },
    });
    return true;
  });
}
