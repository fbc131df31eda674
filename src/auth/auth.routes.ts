import { Router, type Request, type Response, type NextFunction } from 'express';
import type passport from 'passport';
import type { AppDeps } from '../app-deps';
import { recordAudit } from '../audit/audit.repository';
import { findUserByEmail, findUserById, setPasswordHash } from '../users/users.repository';
import { currentUser, flash, str } from '../web/request';
import { requireAuth } from './require-role';
import { INVALID_LOGIN } from './passport';
import { clearFailures, isThrottled, recordFailure } from './login-throttle';
import { hashPassword, verifyPassword, PASSWORD_MIN_LENGTH } from './passwords';
import { destroyUserSessions } from './session-store';
import { type SessionUser } from './session-user';

export function authRoutes({ db }: AppDeps, passportInstance: passport.PassportStatic): Router {
  const router = Router();

  router.get('/login', async (req, res) => {
    if (req.user) return res.redirect(303, safeNext(str(req.query.next)));
    // Store the session (and its CSRF token) before showing the form: if the database cannot
    // store it (disk full), say so now (503) rather than let the sign-in fail as "Form expired".
    await new Promise<void>((resolve, reject) => req.session.save((err) => (err ? reject(err as Error) : resolve())));
    const notice = str(req.query.signedOut) ? 'You have signed out.' : str(req.query.expired) ? 'Your session has ended. Please sign in again.' : null;
    res.render('auth/login', { title: 'Sign in', email: '', next: safeNext(str(req.query.next)), error: null, fieldErrors: {}, notice });
  });

  router.post('/login', async (req: Request, res: Response, next: NextFunction) => {
    const email = str(req.body.email).trim();
    const ip = req.ip ?? 'unknown';
    const nextUrl = safeNext(str(req.body.next));
    const fail = (status: number, error: string, fieldErrors: Record<string, string> = {}) =>
      res.status(status).render('auth/login', { title: 'Sign in', email, next: nextUrl, error, fieldErrors, notice: null });

    if (!email || !str(req.body.password)) {
      const fieldErrors: Record<string, string> = {};
      if (!email) fieldErrors.email = 'Enter your email address';
      if (!str(req.body.password)) fieldErrors.password = 'Enter your password';
      return fail(422, Object.values(fieldErrors).join('. '), fieldErrors);
    }
    if (await isThrottled(db, email, ip)) {
      return fail(429, 'Too many failed sign-in attempts for this account. Wait 15 minutes and try again, or ask HR to reset your password.');
    }
    passportInstance.authenticate('local', (err: unknown, user: { id: number } | false) => {
      if (err) return next(err);
      if (!user) {
        void (async () => {
          await recordFailure(db, email, ip);
          const known = await findUserByEmail(db, email);
          await recordAudit(db, { actorId: known?.id ?? null, action: 'auth.sign_in_failed', entityType: 'user', entityId: known?.id, details: { email }, ip });
          fail(401, INVALID_LOGIN);
        })().catch(next);
        return;
      }
      // passport regenerates the session id here (session fixation defence).
      req.login(user, (loginErr) => {
        if (loginErr) return next(loginErr);
        (req.session as unknown as { createdAt: number }).createdAt = Date.now();
        void (async () => {
          await clearFailures(db, email, ip);
          await recordAudit(db, { actorId: user.id, action: 'auth.sign_in', entityType: 'user', entityId: user.id, ip });
          res.redirect(303, nextUrl);
        })().catch(next);
      });
    })(req, res, next);
  });

  router.post('/logout', (req, res, next) => {
    const userId = (req.user as SessionUser | undefined)?.id ?? null;
    req.logout((err) => {
      if (err) return next(err);
      req.session.destroy((destroyErr) => {
        if (destroyErr) return next(destroyErr);
        if (userId) void recordAudit(db, { actorId: userId, action: 'auth.sign_out', entityType: 'user', entityId: userId, ip: req.ip }).catch(() => undefined);
        res.clearCookie(res.locals.sessionCookieName ?? 'sid', { path: '/' });
        res.redirect(303, '/login?signedOut=1');
      });
    });
  });

  router.get('/account/password', requireAuth, (req, res) => {
    res.render('auth/password', { title: 'Change password', errors: {}, forced: currentUser(req).mustChangePassword });
  });

  router.post('/account/password', requireAuth, async (req, res) => {
    const me = currentUser(req);
    const current = str(req.body.currentPassword);
    const next1 = str(req.body.newPassword);
    const next2 = str(req.body.confirmPassword);
    const errors: Record<string, string> = {};
    const user = await findUserById(db, me.id);
    if (!user || !(await verifyPassword(current, user.password_hash))) errors.currentPassword = 'Your current password is not correct.';
    if (next1.length < PASSWORD_MIN_LENGTH) errors.newPassword = `Use at least ${PASSWORD_MIN_LENGTH} characters.`;
    else if (next1.length > 200) errors.newPassword = 'Use at most 200 characters.';
    else if (next1.trim().toLowerCase() === me.email.toLowerCase()) errors.newPassword = 'Your password must not be your email address.';
    else if (next1 === current) errors.newPassword = 'Choose a password different from the current one.';
    if (!errors.newPassword && next1 !== next2) errors.confirmPassword = 'The two new passwords do not match.';
    if (Object.keys(errors).length) {
      // Passwords are never echoed back into the form.
      return res.status(422).render('auth/password', { title: 'Change password', errors, forced: me.mustChangePassword });
    }
    await setPasswordHash(db, me.id, await hashPassword(next1), false);
    await destroyUserSessions(db, me.id, req.sessionID);
    await recordAudit(db, { actorId: me.id, action: 'auth.password_changed', entityType: 'user', entityId: me.id, ip: req.ip });
    flash(req, 'success', 'Your password has been changed. Other sessions of yours have been signed out.');
    res.redirect(303, '/');
  });

  return router;
}

/** Only same-site paths are allowed as a post-login destination (no open redirect). */
function safeNext(value: string): string {
  return /^\/(?![/\\])[\x21-\x7e]*$/.test(value) && !value.startsWith('/login') ? value : '/';
}
