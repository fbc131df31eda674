import type { OidcConfig } from '../config';
import type { Db } from '../db/types';
import { recordAudit } from '../audit/audit.service';
import { createAccountFromSignIn, findSignInCandidates } from '../users/users.service';
import { identityFromClaims, matchSsoPerson, type SsoRefusal } from './sso-match';
import { insertSsoAttempt, latestSsoAttempts, type SsoAttempt, type SsoAttemptRow } from './sso-sign-ins.repository';

export type SsoPerson = { ok: true; userId: number; created: boolean } | { ok: false; reason: SsoRefusal };

const claimString = (v: unknown, n: number): string | null => (typeof v === 'string' && v.trim() ? v.trim().slice(0, n) : null);

/**
 * The account an ID token's claims (already checked by OidcRelyingParty) belong to, or why
 * there is none. Every outcome is recorded for the admin page; refusals that concern accounts
 * (two matches, deactivated) and created accounts are audited too.
 */
export async function resolveSsoPerson(db: Db, oidc: OidcConfig, claims: Record<string, unknown>, ip: string | null): Promise<SsoPerson> {
  const identity = identityFromClaims(claims, oidc.employeeIdClaim);
  const seen = {
    subject: claimString(claims.sub, 255),
    employeeId: identity.employeeId,
    email: identity.email ?? claimString(claims.email, 254),
    ip,
  };
  const match = matchSsoPerson(identity, await findSignInCandidates(db, identity), oidc.createAccounts);
  if (match.outcome === 'refuse') {
    await insertSsoAttempt(db, {
      ...seen,
      result: 'refused',
      reason: match.reason,
      userId: match.userIds.length === 1 ? match.userIds[0] : null,
    });
    if (match.reason !== 'unknown') {
      await recordAudit(db, {
        actorId: null,
        action: match.reason === 'ambiguous' ? 'auth.sso_ambiguous' : 'auth.sign_in_failed',
        entityType: 'user',
        entityId: match.userIds[0],
        details: { method: 'oidc', reason: match.reason, accounts: match.userIds, employeeId: identity.employeeId, email: seen.email },
        ip,
      });
    }
    return { ok: false, reason: match.reason };
  }
  if (match.outcome === 'create') {
    const displayName =
      claimString(claims.name, 200) ??
      ([claimString(claims.given_name, 100), claimString(claims.family_name, 100)].filter(Boolean).join(' ') || identity.email!);
    const userId = await createAccountFromSignIn(db, { email: identity.email!, displayName, employeeId: identity.employeeId }, ip);
    await insertSsoAttempt(db, { ...seen, result: 'created', userId });
    return { ok: true, userId, created: true };
  }
  await insertSsoAttempt(db, { ...seen, result: 'signed_in', userId: match.userId });
  return { ok: true, userId: match.userId, created: false };
}

/** A refusal before any claims could be trusted (bad state, invalid token, provider error, throttled). */
export async function recordRefusedSsoAttempt(db: Db, attempt: Omit<SsoAttempt, 'result'>): Promise<void> {
  await insertSsoAttempt(db, { ...attempt, result: 'refused' });
}

export async function recentSsoAttempts(db: Db, limit = 100): Promise<SsoAttemptRow[]> {
  return latestSsoAttempts(db, limit);
}
