import { Router, type Request } from 'express';
import type { AppDeps } from '../app-deps';
import { ValidationError } from '../errors';
import { formView } from '../web/form-view';
import { currentUser, flash, formBody, str } from '../web/request';
import { requireRole } from './require-role';
import { passwordSignInEnabled, setPasswordSignIn } from './sign-in-policy.service';
import { recentSsoAttempts } from './sso.service';
import { SSO_TEXT } from './sso.text';

/** Administrators: the configured provider, password sign-in on or off (audited), the last 100 SSO attempts. */
export function ssoAdminRoutes(deps: AppDeps): Router {
  const { db, config } = deps;
  const router = Router();
  const admin = requireRole('admin');

  const page = async () => ({
    title: 'Sign-in settings',
    provider: config.oidc,
    publicBaseUrl: config.publicBaseUrl,
    breakGlassAdmins: config.breakGlassAdmins,
    passwordSignIn: await passwordSignInEnabled(db),
    attempts: await recentSsoAttempts(db, 100),
    reasons: SSO_TEXT.reasons,
  });

  router.get('/', admin, async (_req, res) => {
    res.render('auth/sso-admin', { ...(await page()), errors: {} });
  });

  const form = formView('auth/sso-admin', async (req: Request) => ({ ...(await page()), chosen: str(formBody(req).passwordSignIn) }));

  router.post('/password-sign-in', admin, form, async (req, res) => {
    const value = str(formBody(req).passwordSignIn);
    if (value !== 'on' && value !== 'off')
      throw new ValidationError({ passwordSignIn: 'Choose whether people may sign in with a password.' });
    await setPasswordSignIn(db, config, currentUser(req).id, value === 'on', req.ip);
    flash(req, 'success', value === 'on' ? SSO_TEXT.switchedOn : SSO_TEXT.switchedOff);
    res.redirect(303, '/admin/sso');
  });

  return router;
}
