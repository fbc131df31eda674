import { recordAudit } from '../audit/audit.service';
import type { Queryable } from '../db/types';

/** The audit entry of a successful sign-in, naming how the person proved who they are. */
export function recordSignIn(db: Queryable, userId: number, method: 'password' | 'oidc', ip: string | null): Promise<void> {
  return recordAudit(db, { actorId: userId, action: 'auth.sign_in', entityType: 'user', entityId: userId, details: { method }, ip });
}
