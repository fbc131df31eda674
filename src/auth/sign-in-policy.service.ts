import type { Config } from '../config';
import type { Db } from '../db/types';
import { recordAudit } from '../audit/audit.service';
import { ValidationError } from '../errors';
import { readSetting, writeSetting } from './settings.repository';
import { SSO_TEXT } from './sso.text';

// Whether people may sign in with a password (issue 22). An administrator switches it off once
// everyone signs in through the employer's identity provider; the accounts named in
// PASSWORD_BREAK_GLASS_ADMINS keep password sign-in (if they are administrators) so that HR can
// still get in when the provider is down or misconfigured.

const KEY = 'password_sign_in';

export async function passwordSignInEnabled(db: Db): Promise<boolean> {
  return (await readSetting(db, KEY)) !== 'off';
}

/** Named break-glass accounts only; whether the account is an administrator is checked after the password. */
export function isBreakGlassEmail(config: Config, email: string): boolean {
  return config.breakGlassAdmins.includes(email.trim().toLowerCase());
}

/** Switching password sign-in off needs single sign-on configured: otherwise nobody but break-glass admins could sign in. */
export async function setPasswordSignIn(
  db: Db,
  config: Config,
  actorId: number,
  enabled: boolean,
  ip: string | null | undefined,
): Promise<void> {
  if (!enabled && !config.oidc) throw new ValidationError({ passwordSignIn: SSO_TEXT.cannotSwitchOffWithoutSso });
  await db.transaction(async (trx) => {
    const before = (await readSetting(trx, KEY)) !== 'off';
    if (before === enabled) return;
    await writeSetting(trx, KEY, enabled ? 'on' : 'off', actorId);
    await recordAudit(trx, {
      actorId,
      action: 'settings.password_sign_in_changed',
      entityType: 'setting',
      entityId: KEY,
      details: { enabled, breakGlassAdmins: config.breakGlassAdmins },
      ip,
    });
  });
}
