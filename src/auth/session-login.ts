import type { Request } from 'express';

/**
 * Signs a person into this request's session: passport gives it a new id (session fixation
 * defence) and stores it. Its start time (for the absolute timeout, web/locals.ts) and a new CSRF
 * token are put in before that one write: set afterwards, they made express-session store the
 * session a second time at the end of the sign-in, and the first page after it a third time for the
 * token. Nothing else of the signed-out session is carried over, and the token is a fresh one
 * (`freshCsrfToken`, the routes pass web/csrf's generator), so a token someone learnt before the
 * sign-in is worth nothing after it.
 */
export function logInSession(
  req: Request,
  login: { userId: number; extras?: Record<string, unknown>; freshCsrfToken: (req: Request) => unknown },
  done: (err?: unknown) => void,
): void {
  const before = req.session as unknown as Record<string, unknown>;
  for (const key of Object.keys(before)) if (key !== 'cookie') delete before[key];
  Object.assign(before, login.extras, { createdAt: Date.now() });
  login.freshCsrfToken(req);
  // keepSessionInfo: passport copies what is left (start time, token, extras) into the new session before saving it.
  req.login({ id: login.userId }, { session: true, keepSessionInfo: true }, (err?: unknown) => done(err));
}
