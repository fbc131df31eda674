import { Router, type Request, type Response } from 'express';
import { recordSignIn } from './sign-in-audit';
import type { AppDeps } from '../app-deps';
import { NotFoundError } from '../errors';
import { formBody, str } from '../web/request';
import { loginLocals, NO_LOGIN_INPUT, safeNext } from './login-page';
import { releaseAttempt, reserveAttempt, signInLimits } from './login-throttle';
import { describeSsoError, SsoUnavailableError, type PendingSignIn } from './oidc-client';
import { TOO_MANY_ATTEMPTS } from './sign-in-text';
import { recordRefusedSsoAttempt, resolveSsoPerson } from './sso.service';
import { SSO_TEXT } from './sso.text';
import { logInSession } from './session-login';
import { generateToken } from '../web/csrf';

/** What single sign-on keeps in the session: the flow in progress, then the ID token for sign-out. */
export interface SsoSession {
  ssoPending?: PendingSignIn;
  ssoIdToken?: string;
  createdAt?: number;
}

// Callbacks are counted by the sign-in limits per address (and overall) under this one name, so a
// flood of forged or replayed callbacks from one place is refused like a password spray.
const THROTTLE_NAME = '(single sign-on)';
// Longer than anyone takes at a provider's sign-in page, short enough that a stolen pending flow goes stale.
const PENDING_MAX_MS = 15 * 60_000;

const saveSession = (req: Request) =>
  new Promise<void>((resolve, reject) => req.session.save((err) => (err ? reject(err as Error) : resolve())));

/**
 * Single sign-on with OpenID Connect (issue 22). POST /login/sso (from the sign-in page's button,
 * CSRF-checked) sends the person to the provider; GET /login/sso/callback takes its answer,
 * checks it, finds the person's account and signs them in the way a password does (new session
 * id, timeouts, audit). Without a configured provider both answer 404.
 */
export function ssoRoutes(deps: AppDeps): Router {
  const { db, config, sso, logger } = deps;
  const router = Router();
  const limits = signInLimits(config);

  const refuse = async (res: Response, status: number, error: string) => {
    res.status(status).render('auth/login', { ...(await loginLocals(deps, NO_LOGIN_INPUT, { error })), errors: {} });
  };

  router.post('/', async (req, res) => {
    if (!sso) throw new NotFoundError();
    if (req.user) return res.redirect(303, '/');
    let started;
    try {
      started = await sso.start(safeNext(str(formBody(req).next)));
    } catch (err) {
      if (!(err instanceof SsoUnavailableError)) throw err;
      logger.warn({ err: err.message }, 'single sign-on unavailable');
      return refuse(res, 503, SSO_TEXT.unavailable);
    }
    (req.session as unknown as SsoSession).ssoPending = started.pending;
    await saveSession(req);
    res.redirect(303, started.url);
  });

  router.get('/callback', async (req, res, next) => {
    if (!sso || !config.oidc) throw new NotFoundError();
    const ip = req.ip ?? 'unknown';
    const session = req.session as unknown as SsoSession;
    // One answer per flow: whatever happens next, this state and nonce are never accepted again.
    const pending = session.ssoPending;
    delete session.ssoPending;
    const query = new URL(req.originalUrl, 'http://callback.invalid').search;

    const reservation = await reserveAttempt(db, limits, THROTTLE_NAME, ip);
    if (!reservation.allowed) {
      await recordRefusedSsoAttempt(db, { reason: 'throttled', ip });
      res.set('Retry-After', String(reservation.retryAfterSeconds));
      return refuse(res, 429, TOO_MANY_ATTEMPTS);
    }
    if (!pending || Date.now() - pending.startedAt > PENDING_MAX_MS) {
      await recordRefusedSsoAttempt(db, { reason: 'expired', ip });
      return refuse(res, 400, SSO_TEXT.expired);
    }
    const providerError = str(req.query.error);
    if (providerError) {
      await recordRefusedSsoAttempt(db, { reason: 'provider_error', detail: `${providerError}: ${str(req.query.error_description)}`, ip });
      return refuse(res, 401, SSO_TEXT.cancelled);
    }

    let result;
    try {
      result = await sso.finish(query, pending);
    } catch (err) {
      if (err instanceof SsoUnavailableError) {
        await releaseAttempt(db, reservation.attemptId);
        return refuse(res, 503, SSO_TEXT.unavailable);
      }
      const detail = describeSsoError(err);
      logger.warn({ detail }, 'single sign-on response refused');
      await recordRefusedSsoAttempt(db, { reason: 'invalid_response', detail, ip });
      return refuse(res, 401, SSO_TEXT.failed);
    }

    const person = await resolveSsoPerson(db, config.oidc, result.claims, ip);
    if (!person.ok) return refuse(res, 403, SSO_TEXT[person.reason]);
    // A good answer is not a failure: it no longer counts against the address.
    await releaseAttempt(db, reservation.attemptId);
    // A new session id (session fixation defence), stored once with its start time and the
    // provider's id token (for its logout), as for a password (session-login.ts).
    logInSession(
      req,
      { userId: person.userId, extras: { ssoIdToken: result.idToken }, freshCsrfToken: (r) => generateToken(r, true) },
      (loginErr) => {
        if (loginErr) return next(loginErr);
        void (async () => {
          await recordSignIn(db, person.userId, 'oidc', ip);
          res.redirect(303, pending.next);
        })().catch(next);
      },
    );
  });

  return router;
}
