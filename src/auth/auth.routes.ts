import { Router, type Request, type Response, type NextFunction, type RequestHandler } from 'express';
import { recordSignIn } from './sign-in-audit';
import type passport from 'passport';
import type { AppDeps } from '../app-deps';
import { recordAudit } from '../audit/audit.service';
import { findAccountByEmail, rolesOf } from '../users/people.service';
import { formView } from '../web/form-view';
import { currentUser, flash, str, formBody } from '../web/request';
import { changeOwnPassword, requireSignInFields } from './account.service';
import { requireAuth } from './require-role';
import { HashGateFullError } from './hash-gate';
import { releaseAttempt, reserveAttempt, signInLimits, signInSucceeded, type ThrottleLimit } from './login-throttle';
import { BUSY_RETRY_SECONDS, INVALID_LOGIN, SIGN_IN_BUSY, TOO_MANY_ATTEMPTS, tooManyForAccount } from './sign-in-text';
import { type SessionUser } from './session-user';
import { logInSession } from './session-login';
import { generateToken } from '../web/csrf';
import { loginLocals, safeNext, type LoginInput } from './login-page';
import { isBreakGlassEmail, passwordSignInEnabled } from './sign-in-policy.service';
import { SSO_TEXT } from './sso.text';
import type { SsoSession } from './sso.routes';

/** The sign-in page's input from the query (GET) or the submitted form (POST). */
function loginInput(req: Request): LoginInput {
  const body = formBody(req);
  return {
    email: str(body.email),
    next: str(body.next) || str(req.query.next),
    passwordAsked: str(req.query.password) === '1' || str(body.password) !== '' || str(body.breakGlass) === '1',
  };
}

export function authRoutes(deps: AppDeps, passportInstance: passport.PassportStatic): Router {
  const { db, config, sso } = deps;
  const router = Router();
  const limits = signInLimits(config);

  router.get('/login', async (req, res) => {
    if (req.user) return res.redirect(303, safeNext(str(req.query.next)));
    // Store the session (and its CSRF token) before showing the form: if the database cannot
    // store it (disk full), say so now (503) rather than let the sign-in fail as "Form expired".
    await new Promise<void>((resolve, reject) => req.session.save((err) => (err ? reject(err as Error) : resolve())));
    const notice = str(req.query.signedOut)
      ? 'You have signed out.'
      : str(req.query.reset)
        ? 'Your password has been set and your other sessions signed out. Sign in with your new password.'
        : str(req.query.expired)
          ? 'Your session has ended. Please sign in again.'
          : null;
    res.render('auth/login', { ...(await loginLocals(deps, loginInput(req), { notice })), errors: {} });
  });

  // What the login page shows again after a refusal: the typed email, never the password.
  const loginPage = (req: Request) => loginLocals(deps, loginInput(req));

  router.post('/login', formView('auth/login', loginPage), async (req: Request, res: Response, next: NextFunction) => {
    const email = str(formBody(req).email).trim();
    const ip = req.ip ?? 'unknown';
    const nextUrl = safeNext(str(formBody(req).next));
    // Wrong credentials and throttling are not field problems: one message for the whole form.
    const fail = (status: number, error: string) => {
      loginLocals(deps, loginInput(req), { error }).then(
        (locals) => res.status(status).render('auth/login', { ...locals, errors: {} }),
        next,
      );
    };
    const switchedOff = SSO_TEXT.passwordSwitchedOff(config.oidc?.displayName ?? 'your organisation');
    const refuse = (limit: ThrottleLimit | 'busy', retryAfterSeconds: number) => {
      res.set('Retry-After', String(retryAfterSeconds));
      fail(429, limit === 'account' ? tooManyForAccount(retryAfterSeconds) : limit === 'busy' ? SIGN_IN_BUSY : TOO_MANY_ATTEMPTS);
    };

    requireSignInFields(email, str(formBody(req).password));
    // Switched off by an administrator: refused before anything is counted or hashed, whatever the
    // password, except for the named break-glass accounts (which must also be administrators).
    const passwordOn = await passwordSignInEnabled(db);
    if (!passwordOn && !isBreakGlassEmail(config, email)) return fail(403, switchedOff);
    // Counted and recorded before any hashing, so refused attempts cost no hash.
    const reservation = await reserveAttempt(db, limits, email, ip);
    if (!reservation.allowed) return refuse(reservation.limit, reservation.retryAfterSeconds);
    const authenticate = passportInstance.authenticate('local', (err: unknown, user: { id: number } | false) => {
      if (err instanceof HashGateFullError) {
        releaseAttempt(db, reservation.attemptId).then(() => refuse('busy', BUSY_RETRY_SECONDS), next);
        return;
      }
      if (err) return next(err);
      if (!user) {
        // The reserved attempt stays recorded: it is this failure.
        void (async () => {
          const known = await findAccountByEmail(db, email);
          await recordAudit(db, {
            actorId: known?.id ?? null,
            action: 'auth.sign_in_failed',
            entityType: 'user',
            entityId: known?.id,
            details: { email },
            ip,
          });
          fail(401, INVALID_LOGIN);
        })().catch(next);
        return;
      }
      if (!passwordOn) {
        void rolesOf(db, user.id)
          .then((roles) => (roles.includes('admin') ? logIn(user) : fail(403, switchedOff)))
          .catch(next);
        return;
      }
      logIn(user);
    }) as RequestHandler;
    // A new session id (session fixation defence), stored once with its start time (session-login.ts).
    const logIn = (user: { id: number }) =>
      logInSession(req, { userId: user.id, freshCsrfToken: (r) => generateToken(r, true) }, (loginErr) => {
        if (loginErr) return next(loginErr);
        void (async () => {
          await signInSucceeded(db, email, ip);
          await recordSignIn(db, user.id, 'password', ip);
          res.redirect(303, nextUrl);
        })().catch(next);
      });
    authenticate(req, res, next);
  });

  router.post('/logout', (req, res, next) => {
    const userId = (req.user as SessionUser | undefined)?.id ?? null;
    // Signed in through the provider: end its session too where it offers RP-initiated logout.
    const idToken = (req.session as unknown as SsoSession).ssoIdToken;
    const signedOut = '/login?signedOut=1';
    const providerLogout =
      sso && idToken && config.publicBaseUrl
        ? sso.endSessionUrl(idToken, `${config.publicBaseUrl}${signedOut}`).catch(() => null)
        : Promise.resolve(null);
    req.logout((err) => {
      if (err) return next(err);
      req.session.destroy((destroyErr) => {
        if (destroyErr) return next(destroyErr);
        if (userId)
          void recordAudit(db, { actorId: userId, action: 'auth.sign_out', entityType: 'user', entityId: userId, ip: req.ip }).catch(
            () => undefined,
          );
        res.clearCookie(String(res.locals.sessionCookieName ?? 'sid'), { path: '/' });
        providerLogout.then((url) => res.redirect(303, url ?? signedOut), next);
      });
    });
  });

  router.get('/account/password', requireAuth, (req, res) => {
    res.render('auth/password', { title: 'Change password', errors: {}, forced: currentUser(req).mustChangePassword });
  });

  // Passwords are never echoed back into the form: the page has no values to fill.
  const passwordPage = formView('auth/password', (req) => ({ title: 'Change password', forced: currentUser(req).mustChangePassword }));

  router.post('/account/password', requireAuth, passwordPage, async (req, res) => {
    const me = currentUser(req);
    const change = {
      currentPassword: str(formBody(req).currentPassword),
      newPassword: str(formBody(req).newPassword),
      confirmPassword: str(formBody(req).confirmPassword),
    };
    await changeOwnPassword(db, me, change, req.sessionID, req.ip);
    flash(req, 'success', 'Your password has been changed. Other sessions of yours have been signed out.');
    res.redirect(303, '/');
  });

  return router;
}
