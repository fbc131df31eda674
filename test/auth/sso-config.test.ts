import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config';

const base = { DATA_DIR: '.tmp/cfg' };
const full = {
  ...base,
  OIDC_ISSUER: 'https://login.example.gov/tenant/v2.0',
  OIDC_CLIENT_ID: 'competency-app',
  OIDC_CLIENT_SECRET: 'secret',
  OIDC_DISPLAY_NAME: 'City ID',
  PUBLIC_BASE_URL: 'https://competency.example.gov/',
};

describe('single sign-on configuration', () => {
  it('is off without any OIDC_ variable', () => {
    expect(loadConfig(base).oidc).toBeNull();
  });

  it('builds the redirect URL from the public base URL', () => {
    const cfg = loadConfig({
      ...full,
      OIDC_EMPLOYEE_ID_CLAIM: 'employeeid',
      OIDC_CREATE_ACCOUNTS: 'true',
      PASSWORD_BREAK_GLASS_ADMINS: 'HR.Admin@example.gov, it@example.gov',
    });
    expect(cfg.oidc).toMatchObject({
      redirectUri: 'https://competency.example.gov/login/sso/callback',
      employeeIdClaim: 'employeeid',
      createAccounts: true,
      allowInsecure: false,
    });
    expect(cfg.breakGlassAdmins).toEqual(['hr.admin@example.gov', 'it@example.gov']);
  });

  it('stops start-up with one line naming the missing variable when half-configured', () => {
    for (const name of ['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_DISPLAY_NAME', 'PUBLIC_BASE_URL'] as const) {
      const env: Record<string, string> = { ...full };
      delete env[name];
      expect(() => loadConfig(env)).toThrow(ConfigError);
      expect(() => loadConfig(env)).toThrow(new RegExp(`^Invalid ${name}: required when single sign-on`));
    }
    expect(() => loadConfig({ ...base, OIDC_CLIENT_ID: 'x' })).toThrow(/^Invalid OIDC_ISSUER: /);
  });

  it('accepts http:// only for a provider on localhost outside production', () => {
    expect(loadConfig({ ...full, OIDC_ISSUER: 'http://127.0.0.1:4000' }).oidc?.allowInsecure).toBe(true);
    expect(() => loadConfig({ ...full, OIDC_ISSUER: 'http://idp.example.gov' })).toThrow(/^Invalid OIDC_ISSUER: must be https/);
    expect(() =>
      loadConfig({ ...full, NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), OIDC_ISSUER: 'http://localhost:4000' }),
    ).toThrow(/^Invalid OIDC_ISSUER/);
    expect(() => loadConfig({ ...full, OIDC_ISSUER: 'not a url' })).toThrow(/^Invalid OIDC_ISSUER: must be an http/);
  });

  it('refuses a break-glass list that is not email addresses', () => {
    expect(() => loadConfig({ ...base, PASSWORD_BREAK_GLASS_ADMINS: 'admin' })).toThrow(/^Invalid PASSWORD_BREAK_GLASS_ADMINS/);
  });
});
