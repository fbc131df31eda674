import type { RequestHandler } from 'express';
import type { Config } from '../config';
import { generateToken } from './csrf';
import { navFor } from './nav';
import { type SessionUser } from '../auth/session-user';

type SessionExtras = { createdAt?: number; flash?: { kind: string; message: string }[] };

/** Values every view can use: the person, their nav, the CSRF token, the CSP nonce, flash messages. */
export const viewLocals: RequestHandler = (req, res, next) => {
  const user = req.user as SessionUser | undefined;
  const s = req.session as unknown as SessionExtras;
  res.locals.currentUser = user ?? null;
  res.locals.nav = navFor(user);
  res.locals.currentPath = req.path;
  res.locals.csrfToken = req.session ? generateToken(req) : '';
  res.locals.flash = s?.flash ?? [];
  if (s?.flash) delete s.flash;
  res.locals.title = 'Competency gap assessment';
  next();
};

/**
 * Idle timeout comes from the rolling cookie maxAge (and the store's expiry); the absolute
 * timeout ends a session 12 hours (configurable) after sign-in however active it is.
 */
export function sessionTimeouts(config: Config): RequestHandler {
  const absoluteMs = config.sessionAbsoluteHours * 3_600_000;
  return (req, res, next) => {
    const s = req.session as unknown as SessionExtras;
    if (req.user && s?.createdAt && Date.now() - s.createdAt > absoluteMs) {
      return req.session.destroy(() => {
        res.clearCookie(String(res.locals.sessionCookieName ?? 'sid'), { path: '/' });
        res.redirect(303, '/login?expired=1');
      });
    }
    next();
  };
}

/** People with a temporary password must choose their own before doing anything else. */
export const mustChangePasswordGate: RequestHandler = (req, res, next) => {
  const user = req.user as SessionUser | undefined;
  if (user?.mustChangePassword && req.path !== '/account/password') {
    return res.redirect(303, '/account/password');
  }
  next();
};
