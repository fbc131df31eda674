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

/** A query or body value as one string: a parameter given twice counts by its first value. */
export function str(value: unknown): string {
  if (Array.isArray(value)) return str(value[0]);
  return typeof value === 'string' ? value : '';
}

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
