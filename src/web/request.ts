import type { Request } from 'express';
import { NotFoundError } from '../errors';
import { type SessionUser } from '../auth/session-user';

/** The signed-in person; routes behind requireAuth can rely on it. */
export function currentUser(req: Request): SessionUser {
  if (!req.user) throw new NotFoundError();
  return req.user as SessionUser;
}

/** The parsed form body (urlencoded or multipart fields); express types it as any. */
export function formBody(req: Request): Record<string, unknown> {
  const body: unknown = req.body;
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
}

import { str } from '../core/form-values';

export { str };

/** A positive integer route/query parameter, or a 404 (ids that cannot exist are "not found"). */
export function idParam(value: unknown): number {
  const s = str(value);
  if (!/^\d{1,12}$/.test(s)) throw new NotFoundError();
  return Number(s);
}

export function flash(req: Request, kind: 'success' | 'error' | 'info', message: string): void {
  const s = req.session as unknown as { flash?: { kind: string; message: string }[] };
  s.flash = [...(s.flash ?? []), { kind, message }];
}
