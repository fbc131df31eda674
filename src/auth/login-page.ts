import type { Request } from 'express';
import type { AppDeps } from '../app-deps';
import { formBody, str } from '../web/request';
import { passwordSignInEnabled } from './sign-in-policy.service';
import { SSO_TEXT } from './sso.text';

/** Only same-site paths are allowed as a post-login destination (no open redirect). */
export function safeNext(value: string): string {
  return /^\/(?![/\\])[\x21-\x7e]*$/.test(value) && !value.startsWith('/login') ? value : '/';
}

/**
 * What the sign-in page offers: the provider's button (when single sign-on is configured) above
 * the password form; with password sign-in switched off, the form only behind the break-glass
 * link (`/login?password=1`) for the administrators named in PASSWORD_BREAK_GLASS_ADMINS.
 */
export async function loginChoices({ db, config }: AppDeps, req: Request) {
  const passwordOn = await passwordSignInEnabled(db);
  const breakGlass = !passwordOn && config.breakGlassAdmins.length > 0;
  const asked = str(req.query.password) === '1' || str(formBody(req).password) !== '' || str(formBody(req).breakGlass) === '1';
  return {
    ssoButton: config.oidc ? SSO_TEXT.signInWith(config.oidc.displayName) : null,
    passwordForm: passwordOn || (breakGlass && asked),
    breakGlassLink: breakGlass && !asked,
    /** The form is shown only to break-glass administrators: keep it shown after a refusal. */
    breakGlassForm: breakGlass && asked,
  };
}

/** The sign-in page's locals besides errors: the typed email (never the password), where to go next, what is offered. */
export async function loginLocals(deps: AppDeps, req: Request, extra: { error?: string | null; notice?: string | null } = {}) {
  const body = formBody(req);
  return {
    title: 'Sign in',
    email: str(body.email).trim(),
    next: safeNext(str(body.next) || str(req.query.next)),
    error: extra.error ?? null,
    notice: extra.notice ?? null,
    ...(await loginChoices(deps, req)),
  };
}
