import type { RequestHandler } from 'express';
import { NotFoundError } from '../errors';
import type { Role } from './roles';
import { type SessionUser } from './session-user';

/** Anonymous visitors go to the sign-in page and come back afterwards. */
export const requireAuth: RequestHandler = (req, res, next) => {
  if (req.user) return next();
  // A session cookie that no longer matches a live session: it timed out or was ended (sign-out
  // elsewhere, deactivation, password reset). Say so on the sign-in page.
  const hadSession = Boolean(res.locals.sessionEnded);
  if (req.method === 'GET' || req.method === 'HEAD') {
    return res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}${hadSession ? '&expired=1' : ''}`);
  }
  return res.redirect(303, '/login');
};

/**
 * Only people with one of the roles get through. Others get 404, not 403, so the existence
 * of admin pages and other people's objects is not revealed.
 */
export function requireRole(...roles: Role[]): RequestHandler {
  return (req, res, next) => {
    if (!req.user) return requireAuth(req, res, next);
    const user = req.user as SessionUser;
    if (roles.some((r) => user.roles.includes(r))) return next();
    next(new NotFoundError());
  };
}

export function hasRole(user: SessionUser | undefined, ...roles: Role[]): boolean {
  return Boolean(user && roles.some((r) => user.roles.includes(r)));
}
