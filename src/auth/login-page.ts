import type { AppDeps } from '../app-deps';
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
export async function loginChoices({ db, config }: AppDeps, asked: boolean) {
  const passwordOn = await passwordSignInEnabled(db);
  const breakGlass = !passwordOn && config.breakGlassAdmins.length > 0;
  return {
    ssoButton: config.oidc ? SSO_TEXT.signInWith(config.oidc.displayName) : null,
    passwordForm: passwordOn || (breakGlass && asked),
    breakGlassLink: breakGlass && !asked,
    /** The form is shown only to break-glass administrators: keep it shown after a refusal. */
    breakGlassForm: breakGlass && asked,
  };
}

/** What the sign-in page was sent or asked for: the typed email (never the password), where to go next, the break-glass form. */
export interface LoginInput {
  email: string;
  next: string;
  /** `?password=1` (the break-glass link), or a password form submitted from it. */
  passwordAsked: boolean;
}

export const NO_LOGIN_INPUT: LoginInput = { email: '', next: '/', passwordAsked: false };

/** The sign-in page's locals besides errors. */
export async function loginLocals(deps: AppDeps, input: LoginInput, extra: { error?: string | null; notice?: string | null } = {}) {
  return {
    title: 'Sign in',
    email: input.email.trim(),
    next: safeNext(input.next),
    error: extra.error ?? null,
    notice: extra.notice ?? null,
    ...(await loginChoices(deps, input.passwordAsked)),
  };
}
