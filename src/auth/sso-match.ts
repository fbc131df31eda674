import type { SignInCandidate } from '../users/users.service';

// Who a single sign-on is for, decided from the provider's claims and the accounts they point
// at. Pure, so every rule of issue 22 has a unit test: the employee ID of the org import comes
// first, a verified email second, and one person never gets a second account.

export type SsoRefusal = 'ambiguous' | 'unknown' | 'deactivated';

export type SsoMatch =
  { outcome: 'sign_in'; userId: number } | { outcome: 'create' } | { outcome: 'refuse'; reason: SsoRefusal; userIds: number[] };

export interface SsoIdentity {
  /** The configured employee ID claim, trimmed; null when absent. */
  employeeId: string | null;
  /** The email claim when the provider says it is verified; null otherwise. */
  email: string | null;
}

/**
 * - The employee ID and the email point at two different accounts → refused ("ambiguous"): the
 *   records disagree and only HR can tell which account is the person's.
 * - Only the email matches, but that account holds another employee ID than the claim → refused
 *   for the same reason (the claim says it is someone else).
 * - Nothing matches → a new account when `createAccounts` and there is a verified email to give
 *   it, otherwise refused ("unknown": no self-registration).
 * - The matched account is deactivated → refused.
 */
export function matchSsoPerson(
  identity: SsoIdentity,
  found: { byEmployeeId: SignInCandidate | null; byEmail: SignInCandidate | null },
  createAccounts: boolean,
): SsoMatch {
  const { byEmployeeId, byEmail } = found;
  if (byEmployeeId && byEmail && byEmployeeId.id !== byEmail.id) {
    return { outcome: 'refuse', reason: 'ambiguous', userIds: [byEmployeeId.id, byEmail.id] };
  }
  if (!byEmployeeId && byEmail && identity.employeeId && byEmail.employeeId && byEmail.employeeId !== identity.employeeId) {
    return { outcome: 'refuse', reason: 'ambiguous', userIds: [byEmail.id] };
  }
  const person = byEmployeeId ?? byEmail;
  if (!person) return createAccounts && identity.email ? { outcome: 'create' } : { outcome: 'refuse', reason: 'unknown', userIds: [] };
  if (!person.active) return { outcome: 'refuse', reason: 'deactivated', userIds: [person.id] };
  return { outcome: 'sign_in', userId: person.id };
}

/** The identity in an ID token's claims; an email counts only with `email_verified: true`. */
export function identityFromClaims(claims: Record<string, unknown>, employeeIdClaim: string): SsoIdentity {
  const raw = claims[employeeIdClaim];
  const employeeId = typeof raw === 'string' || typeof raw === 'number' ? String(raw).trim().slice(0, 64) || null : null;
  const email =
    typeof claims.email === 'string' && claims.email_verified === true ? claims.email.trim().toLowerCase().slice(0, 254) || null : null;
  return { employeeId, email };
}
