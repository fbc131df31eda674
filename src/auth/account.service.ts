import type { Db } from '../db/types';
import { recordAudit } from '../audit/audit.service';
import { ValidationError, type FieldErrors } from '../errors';
import { findAccountById, setPasswordHash } from '../users/people.service';
import type { SessionUser } from './session-user';
import { hashPassword, verifyPassword, PASSWORD_MIN_LENGTH } from './passwords';
import { destroyUserSessions } from './session-store';

export interface PasswordChange {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

/** The rules of a new password that need no database; field → message. */
export function newPasswordErrors(me: Pick<SessionUser, 'email'>, p: PasswordChange): FieldErrors {
  const errors: FieldErrors = {};
  const next = p.newPassword;
  if (next.length < PASSWORD_MIN_LENGTH) errors.newPassword = `Use at least ${PASSWORD_MIN_LENGTH} characters.`;
  else if (next.length > 200) errors.newPassword = 'Use at most 200 characters.';
  else if (next.trim().toLowerCase() === me.email.toLowerCase()) errors.newPassword = 'Your password must not be your email address.';
  else if (next === p.currentPassword) errors.newPassword = 'Choose a password different from the current one.';
  if (!errors.newPassword && next !== p.confirmPassword) errors.confirmPassword = 'The two new passwords do not match.';
  return errors;
}

/**
 * Changes the signed-in person's own password and signs out their other sessions (the one in
 * `keepSessionId` stays). A wrong current password or a weak new one throws ValidationError.
 */
export async function changeOwnPassword(
  db: Db,
  me: SessionUser,
  p: PasswordChange,
  keepSessionId: string,
  ip: string | null | undefined,
): Promise<void> {
  const user = await findAccountById(db, me.id);
  const errors: FieldErrors = {};
  if (!user || !(await verifyPassword(p.currentPassword, user.password_hash)))
    errors.currentPassword = 'Your current password is not correct.';
  Object.assign(errors, newPasswordErrors(me, p));
  if (Object.keys(errors).length) throw new ValidationError(errors);
  await setPasswordHash(db, me.id, await hashPassword(p.newPassword), false);
  await destroyUserSessions(db, me.id, keepSessionId);
  await recordAudit(db, { actorId: me.id, action: 'auth.password_changed', entityType: 'user', entityId: me.id, ip });
}

/** Sign-in needs both fields before the password is even checked; field → message, and both in one line. */
export function requireSignInFields(email: string, password: string): void {
  const errors: FieldErrors = {};
  if (!email) errors.email = 'Enter your email address';
  if (!password) errors.password = 'Enter your password';
  if (Object.keys(errors).length) throw new ValidationError(errors, Object.values(errors).join('. '));
}
