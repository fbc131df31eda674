import { Router } from 'express';
import type { AppDeps } from '../app-deps';
import { NotFoundError, ValidationError } from '../errors';
import { formView } from '../web/form-view';
import { formBody, str } from '../web/request';
import { passwordSignInEnabled } from './sign-in-policy.service';
import { checkPasswordLink, requestPasswordReset, resetPasswordWithLink } from './password-reset.service';

export const RESET_TEXT = {
  enterEmail: 'Enter the email address of your account',
  sent: 'If an account exists for that address, we have sent it a link to choose a new password. The link works once, for 30 minutes. Check your inbox, and your spam folder.',
  tooMany: (minutes: number) =>
    `Too many password links have been asked for this address or from your network. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
  invalidTitle: 'This link does not work',
  invalid: 'The link has been used, has expired or is not complete. Ask for a new one.',
};

/** "Forgot your password?": ask for a link, then choose a password with it. Works signed out. */
export function passwordResetRoutes({ db, config }: AppDeps): Router {
  const router = Router();
  const links = { baseUrl: config.publicBaseUrl };

  // With password sign-in switched off (single sign-on only), there is no password to reset.
  router.use('/password', async (_req, _res, next) => {
    if (await passwordSignInEnabled(db)) next();
    else next(new NotFoundError());
  });

  router.get('/password/forgot', async (req, res) => {
    await new Promise<void>((resolve, reject) => req.session.save((err) => (err ? reject(err as Error) : resolve())));
    res.render('auth/forgot', { title: 'Forgot your password?', email: '', errors: {} });
  });

  const forgotPage = formView('auth/forgot', (req) => ({ title: 'Forgot your password?', email: str(formBody(req).email).trim() }));

  router.post('/password/forgot', forgotPage, async (req, res) => {
    const email = str(formBody(req).email).trim();
    if (!email || email.length > 254 || !email.includes('@')) throw new ValidationError({ email: RESET_TEXT.enterEmail });
    const outcome = await requestPasswordReset(db, email, req.ip ?? 'unknown', links);
    if (!outcome.accepted) {
      res.set('Retry-After', String(outcome.retryAfterSeconds));
      return res.status(429).render('auth/forgot', {
        title: 'Forgot your password?',
        email,
        errors: {},
        errorSummary: RESET_TEXT.tooMany(Math.ceil(outcome.retryAfterSeconds / 60)),
      });
    }
    res.render('auth/forgot-sent', { title: 'Check your email', message: RESET_TEXT.sent });
  });

  const invalid = (res: Parameters<Parameters<typeof router.get>[1]>[1]) =>
    res.status(404).render('auth/reset-invalid', { title: RESET_TEXT.invalidTitle, message: RESET_TEXT.invalid });

  router.get('/password/reset/:token', async (req, res) => {
    const target = await checkPasswordLink(db, str(req.params.token));
    if (!target) return invalid(res);
    await new Promise<void>((resolve, reject) => req.session.save((err) => (err ? reject(err as Error) : resolve())));
    res.render('auth/reset', { title: 'Choose a new password', token: str(req.params.token), email: target.email, errors: {} });
  });

  // Passwords are never put back into the form.
  const resetPage = formView('auth/reset', async (req) => ({
    title: 'Choose a new password',
    token: str(req.params.token),
    email: (await checkPasswordLink(db, str(req.params.token)))?.email ?? '',
  }));

  router.post('/password/reset/:token', resetPage, async (req, res) => {
    const body = formBody(req);
    const done = await resetPasswordWithLink(
      db,
      str(req.params.token),
      { newPassword: str(body.newPassword), confirmPassword: str(body.confirmPassword) },
      req.ip ?? null,
    );
    if (!done) return invalid(res);
    res.redirect(303, '/login?reset=1');
  });

  return router;
}
