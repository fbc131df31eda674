import type { Express } from 'express';
import request from 'supertest';
import type { CustomFetch } from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { OidcRelyingParty } from '../../src/auth/oidc-client';
import { testConfig, type Config, type OidcConfig } from '../../src/config';
import { insertUser, setUserActive } from '../../src/users/users.repository';
import { csrfFrom, TEST_PASSWORD, type Agent } from '../helpers/context';
import { createUser } from '../helpers/factories';
import { jwtClaims, PROVIDER_PASSWORD, signJwt, startTestProvider, type TestProvider } from '../helpers/oidc-provider';
import { newTestDb } from '../helpers/test-db';

// Single sign-on against a real OpenID Connect provider (oidc-provider on a random localhost
// port): real redirects, real codes, ID tokens signed with the provider's key. The test follows
// every redirect by hand, with one cookie jar for the app and one for the provider, as a browser
// would. Token responses pass through `onToken` so a test can act as a man in the middle.

const BASE = 'http://app.test';
const CLIENT = { id: 'competency-app', secret: 'test-client-secret-0123456789' };
const BREAK_GLASS = 'glass.admin@example.gov';

const db = newTestDb();
const accounts = new Map<string, Record<string, unknown>>();
let provider: TestProvider;
let app: Express;
/** When set, the app's token request goes through it (to replay or rewrite the provider's answer). */
let onToken: ((url: string, init: RequestInit) => Promise<Response>) | null = null;

const viaTamper: CustomFetch = (url, options) =>
  onToken && new URL(url).pathname === '/token' ? onToken(url, options as RequestInit) : fetch(url, options as RequestInit);

function oidcSettings(overrides: Partial<OidcConfig> = {}): OidcConfig {
  return {
    issuer: provider.issuer,
    clientId: CLIENT.id,
    clientSecret: CLIENT.secret,
    displayName: 'Test Employer ID',
    redirectUri: `${BASE}/login/sso/callback`,
    employeeIdClaim: 'employee_id',
    createAccounts: false,
    allowInsecure: true,
    ...overrides,
  };
}

function appWith(oidc: OidcConfig, overrides: Partial<Config> = {}): { app: Express; config: Config } {
  const cfg = testConfig({
    publicBaseUrl: BASE,
    oidc,
    breakGlassAdmins: [BREAK_GLASS],
    signInAccountFailures: 1000,
    signInAddressFailures: 1000,
    ...overrides,
  });
  return {
    app: createApp({ db: db.db, readDb: db.readDb, config: cfg, sso: new OidcRelyingParty(oidc, { fetch: viaTamper }) }),
    config: cfg,
  };
}

beforeAll(async () => {
  await db.create();
  provider = await startTestProvider({
    clientId: CLIENT.id,
    clientSecret: CLIENT.secret,
    redirectUris: [`${BASE}/login/sso/callback`],
    postLogoutRedirectUris: [`${BASE}/login?signedOut=1`],
    accounts,
    extraProfileClaims: ['employee_id'],
  });
  ({ app } = appWith(oidcSettings()));
});
afterAll(() => Promise.all([db.drop(), provider?.close()]));

let n = 0;
/** A person in the app and their account at the provider (claims as given). */
async function person(opts: { employeeId?: string | null; email?: string; claims?: Record<string, unknown>; active?: boolean } = {}) {
  n += 1;
  const email = opts.email ?? `sso${n}-${Date.now()}@example.gov`;
  const id = await insertUser(db.db, { email, displayName: `SSO Person ${n}`, passwordHash: null, employeeId: opts.employeeId ?? null });
  if (opts.active === false) await setUserActive(db.db, id, false);
  const login = `idp-user-${n}`;
  accounts.set(login, opts.claims ?? { email, email_verified: true, name: `SSO Person ${n}` });
  return { id, email, login };
}

function idpAccount(claims: Record<string, unknown>): string {
  n += 1;
  const login = `idp-user-${n}`;
  accounts.set(login, claims);
  return login;
}

/** Starts single sign-on in the app: the app agent and the provider's authorization URL. */
async function start(target: Express = app, next = '/') {
  const agent = request.agent(target);
  const page = await agent.get('/login');
  const res = await agent
    .post('/login/sso')
    .type('form')
    .send({ _csrf: csrfFrom(page.text), next });
  expect(res.status).toBe(303);
  const url = new URL(res.headers.location);
  expect(url.origin).toBe(provider.issuer);
  return { agent, url };
}

/** Signs in at the provider's own login page and returns where it sends the browser back to (the app's callback). */
async function atProvider(authUrl: URL, login: string): Promise<URL> {
  const op = request.agent(provider.issuer);
  let url = authUrl;
  for (let hops = 0; hops < 10; hops++) {
    const res = await op.get(url.pathname + url.search).redirects(0);
    if (res.status === 200 && res.text.includes('name="login"')) {
      const done = await op
        .post(url.pathname + '/login')
        .type('form')
        .send({ login, password: PROVIDER_PASSWORD })
        .redirects(0);
      expect(done.status, done.text).toBeGreaterThanOrEqual(300);
      url = new URL(done.headers.location, provider.issuer);
      continue;
    }
    expect([302, 303], res.text).toContain(res.status);
    const next = new URL(res.headers.location, provider.issuer);
    if (next.origin === BASE) return next;
    url = next;
  }
  throw new Error('the provider never sent the browser back');
}

const callback = (agent: Agent, url: URL) => agent.get(url.pathname + url.search).redirects(0);

/** The whole round trip; `authUrl`/`back` let a test change what the browser carries. */
async function ssoSignIn(login: string, opts: { target?: Express; authUrl?: (u: URL) => void; back?: (u: URL) => void } = {}) {
  const { agent, url } = await start(opts.target);
  opts.authUrl?.(url);
  const back = await atProvider(url, login);
  opts.back?.(back);
  const res = await callback(agent, back);
  return { agent, res, back };
}

/** Rewrites the ID token of the provider's token response. */
function rewriteIdToken(change: (idToken: string) => string) {
  onToken = async (url, init) => {
    const real = await fetch(url, init);
    const body = (await real.json()) as Record<string, unknown>;
    return new Response(JSON.stringify({ ...body, id_token: change(String(body.id_token)) }), {
      status: real.status,
      headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
    });
  };
}

async function lastAttempt() {
  return db.db('sso_sign_ins').orderBy('id', 'desc').first<{
    result: string;
    reason: string | null;
    detail: string | null;
    user_id: number | null;
    employee_id: string | null;
    email: string | null;
  }>();
}

async function expectSignedOut(agent: Agent) {
  const home = await agent.get('/').redirects(0);
  expect(home.status).toBe(303);
  expect(home.headers.location).toMatch(/^\/login/);
}

describe('single sign-on (OpenID Connect)', () => {
  it('offers "Sign in with <provider>" above the password form', async () => {
    const page = await request(app).get('/login');
    expect(page.text).toContain('Sign in with Test Employer ID');
    expect(page.text.indexOf('Sign in with Test Employer ID')).toBeLessThan(page.text.indexOf('name="password"'));
  });

  it('signs a person in by the employee ID claim, with a new session id, and audits the method', async () => {
    const p = await person({
      employeeId: 'E-1001',
      claims: { employee_id: 'E-1001', email: 'not-on-file@idp.example', email_verified: true, name: 'Someone' },
    });
    const { agent, url } = await start(app, '/assessments');
    const before = (await agent.get('/login')).headers['set-cookie'];
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('state')).toBeTruthy();
    expect(url.searchParams.get('nonce')).toBeTruthy();
    const res = await callback(agent, await atProvider(url, p.login));
    expect(res.status, res.text).toBe(303);
    expect(res.headers.location).toBe('/assessments');
    expect(String(res.headers['set-cookie'])).toMatch(/^sid=/);
    expect(String(res.headers['set-cookie'])).not.toBe(String(before));
    const home = await agent.get('/');
    expect(home.status).toBe(200);
    expect(home.text).toContain(`Welcome, SSO Person`);
    const audit = await db.db('audit_log').where({ action: 'auth.sign_in', actor_id: p.id }).first<{ details: string }>();
    expect(JSON.parse(audit.details)).toEqual({ method: 'oidc' });
    expect(await lastAttempt()).toMatchObject({ result: 'signed_in', user_id: p.id, employee_id: 'E-1001' });
  });

  it('signs a person in by a verified email when no employee ID claim is sent', async () => {
    const p = await person();
    const { agent, res } = await ssoSignIn(p.login);
    expect(res.status, res.text).toBe(303);
    expect((await agent.get('/')).status).toBe(200);
    expect(await lastAttempt()).toMatchObject({ result: 'signed_in', user_id: p.id });
  });

  it('does not trust an email the provider has not verified', async () => {
    const p = await person();
    accounts.set(p.login, { email: p.email, email_verified: false });
    const { agent, res } = await ssoSignIn(p.login);
    expect(res.status).toBe(403);
    expect(res.text).toContain('There is no account for you');
    await expectSignedOut(agent);
  });

  it('refuses when the employee ID and the email point at two accounts, tells them to contact HR, and audits it', async () => {
    const a = await person({ employeeId: 'E-2001' });
    const b = await person();
    const login = idpAccount({ employee_id: 'E-2001', email: b.email, email_verified: true });
    const { agent, res } = await ssoSignIn(login);
    expect(res.status).toBe(403);
    expect(res.text).toContain('more than one account');
    expect(res.text).toContain('contact HR');
    await expectSignedOut(agent);
    const audit = await db.db('audit_log').where({ action: 'auth.sso_ambiguous' }).orderBy('id', 'desc').first<{ details: string }>();
    expect(JSON.parse(audit.details)).toMatchObject({ method: 'oidc', reason: 'ambiguous', accounts: [a.id, b.id] });
    expect(await lastAttempt()).toMatchObject({ result: 'refused', reason: 'ambiguous' });
  });

  it('refuses a person no account matches (no self-registration) and creates nothing', async () => {
    const login = idpAccount({ employee_id: 'E-NOBODY', email: 'stranger@idp.example', email_verified: true });
    const users = await db.db('users').count<{ n: number }[]>({ n: 'id' });
    const { agent, res } = await ssoSignIn(login);
    expect(res.status).toBe(403);
    expect(res.text).toContain('There is no account for you');
    await expectSignedOut(agent);
    expect(await db.db('users').count<{ n: number }[]>({ n: 'id' })).toEqual(users);
    expect(await lastAttempt()).toMatchObject({
      result: 'refused',
      reason: 'unknown',
      employee_id: 'E-NOBODY',
      email: 'stranger@idp.example',
    });
  });

  it('with OIDC_CREATE_ACCOUNTS creates one employee-only account, audited, and signs in with it next time too', async () => {
    const creating = appWith(oidcSettings({ createAccounts: true })).app;
    const login = idpAccount({ employee_id: 'E-NEW-1', email: 'New.Starter@example.gov', email_verified: true, name: 'New Starter' });
    const first = await ssoSignIn(login, { target: creating });
    expect(first.res.status, first.res.text).toBe(303);
    const created = await db
      .db('users')
      .where({ email: 'new.starter@example.gov' })
      .first<{ id: number; employee_id: string; password_hash: string | null }>();
    expect(created).toMatchObject({ employee_id: 'E-NEW-1', password_hash: null });
    expect(await db.db('user_roles').where({ user_id: created.id })).toEqual([]);
    const audit = await db
      .db('audit_log')
      .where({ action: 'user.created', entity_id: String(created.id) })
      .first<{ details: string }>();
    expect(JSON.parse(audit.details)).toMatchObject({ via: 'sso', roles: [] });
    const again = await ssoSignIn(login, { target: creating });
    expect(again.res.status).toBe(303);
    expect(await db.db('users').where({ email: 'new.starter@example.gov' })).toHaveLength(1);
  });

  it('refuses a deactivated person', async () => {
    const p = await person({ employeeId: 'E-3001', active: false, claims: { employee_id: 'E-3001' } });
    const { agent, res } = await ssoSignIn(p.login);
    expect(res.status).toBe(403);
    expect(res.text).toContain('deactivated');
    await expectSignedOut(agent);
    expect(await lastAttempt()).toMatchObject({ result: 'refused', reason: 'deactivated', user_id: p.id });
  });

  describe('refuses answers that were tampered with', () => {
    it('a wrong state', async () => {
      const p = await person();
      const { agent, res } = await ssoSignIn(p.login, { back: (u) => u.searchParams.set('state', 'forged-state') });
      expect(res.status).toBe(401);
      await expectSignedOut(agent);
      expect(await lastAttempt()).toMatchObject({ result: 'refused', reason: 'invalid_response' });
      expect((await lastAttempt()).detail).toMatch(/state/);
    });

    it('a wrong nonce (the provider signed the nonce it was sent, not the one in the session)', async () => {
      const p = await person();
      const { agent, res } = await ssoSignIn(p.login, { authUrl: (u) => u.searchParams.set('nonce', 'another-nonce') });
      expect(res.status).toBe(401);
      await expectSignedOut(agent);
      expect((await lastAttempt()).detail).toMatch(/nonce/);
    });

    it('an ID token from another issuer', async () => {
      const p = await person();
      rewriteIdToken((t) => signJwt(provider, { ...jwtClaims(t), iss: 'http://127.0.0.1:1/other-issuer' }));
      try {
        const { agent, res } = await ssoSignIn(p.login);
        expect(res.status).toBe(401);
        await expectSignedOut(agent);
        expect((await lastAttempt()).detail).toMatch(/iss/);
      } finally {
        onToken = null;
      }
    });

    it('an expired ID token', async () => {
      const p = await person();
      const past = Math.floor(Date.now() / 1000) - 600;
      rewriteIdToken((t) => signJwt(provider, { ...jwtClaims(t), iat: past - 300, exp: past }));
      try {
        const { agent, res } = await ssoSignIn(p.login);
        expect(res.status).toBe(401);
        await expectSignedOut(agent);
        expect((await lastAttempt()).detail).toMatch(/exp/);
      } finally {
        onToken = null;
      }
    });

    it('an ID token whose claims were changed after signing (signature no longer matches)', async () => {
      const victim = await person({ employeeId: 'E-4001' });
      const attacker = await person();
      rewriteIdToken((t) => {
        const [header, , signature] = t.split('.');
        const payload = Buffer.from(JSON.stringify({ ...jwtClaims(t), employee_id: 'E-4001', email: victim.email })).toString('base64url');
        return `${header}.${payload}.${signature}`;
      });
      try {
        const { agent, res } = await ssoSignIn(attacker.login);
        expect(res.status).toBe(401);
        await expectSignedOut(agent);
        expect((await lastAttempt()).detail).toMatch(/signature/);
      } finally {
        onToken = null;
      }
    });

    it('a replayed code: at the app (flow already finished) and at the provider (code already used)', async () => {
      const p = await person();
      const { agent, res, back } = await ssoSignIn(p.login);
      expect(res.status).toBe(303);
      // The same answer again, from the browser that used it and from another one.
      const replay = await callback(agent, back);
      expect(replay.status).toBe(400);
      const other = request.agent(app);
      expect((await callback(other, back)).status).toBe(400);
      await expectSignedOut(other);

      // Someone redeems the code first; the app's own exchange is then the second use.
      onToken = async (url, init) => {
        await fetch(url, init);
        return fetch(url, init);
      };
      try {
        const second = await ssoSignIn(p.login);
        expect(second.res.status).toBe(401);
        await expectSignedOut(second.agent);
        expect((await lastAttempt()).detail).toMatch(/invalid_grant|grant/i);
      } finally {
        onToken = null;
      }
    });
  });

  it('counts refused callbacks against the sign-in limits of the address', async () => {
    const strict = appWith(oidcSettings(), { trustProxy: true, signInAccountFailures: 3, signInAddressFailures: 3 }).app;
    const from = (path: string) => request(strict).get(path).set('X-Forwarded-For', '203.0.113.77').redirects(0);
    for (let i = 0; i < 3; i++) expect((await from('/login/sso/callback?code=x&state=y')).status).toBe(400);
    const fourth = await from('/login/sso/callback?code=x&state=y');
    expect(fourth.status).toBe(429);
    expect(fourth.headers['retry-after']).toBeTruthy();
  });

  it('signs out of the app and of the provider (RP-initiated logout with id_token_hint)', async () => {
    const p = await person();
    const { agent, res } = await ssoSignIn(p.login);
    expect(res.status).toBe(303);
    const home = await agent.get('/');
    const out = await agent
      .post('/logout')
      .type('form')
      .send({ _csrf: csrfFrom(home.text) })
      .redirects(0);
    expect(out.status).toBe(303);
    const end = new URL(out.headers.location);
    expect(`${end.origin}${end.pathname}`).toBe(`${provider.issuer}/session/end`);
    expect(end.searchParams.get('post_logout_redirect_uri')).toBe(`${BASE}/login?signedOut=1`);
    expect(jwtClaims(end.searchParams.get('id_token_hint')!).sub).toBe(p.login);
    await expectSignedOut(agent);
    // The provider accepts it: its confirmation page, not an error.
    const atOp = await request(provider.issuer)
      .get(end.pathname + end.search)
      .redirects(0);
    expect(atOp.status).toBe(200);
    expect(atOp.text).toMatch(/logout|sign-out|sign out/i);
  });

  describe('password sign-in switched off by an administrator', () => {
    it('is refused on the server for everyone but the named break-glass administrators, and the form disappears', async () => {
      const glass = await createUser(db.db, { email: BREAK_GLASS, roles: ['admin'] });
      const other = await createUser(db.db, { roles: ['admin'] });
      const employee = await createUser(db.db);
      const signInWithPassword = async (email: string, query = '') => {
        const a = request.agent(app);
        const page = await a.get(`/login${query}`);
        return {
          agent: a,
          page,
          res: await a
            .post('/login')
            .type('form')
            .send({ email, password: TEST_PASSWORD, _csrf: csrfFrom(page.text) }),
        };
      };
      const admin = (await signInWithPassword(glass.email)).agent;
      const settings = await admin.get('/admin/sso');
      expect(settings.status).toBe(200);
      expect(settings.text).toContain(provider.issuer);
      const off = await admin
        .post('/admin/sso/password-sign-in')
        .type('form')
        .send({ _csrf: csrfFrom(settings.text), passwordSignIn: 'off' });
      expect(off.status).toBe(303);
      try {
        const audit = await db
          .db('audit_log')
          .where({ action: 'settings.password_sign_in_changed' })
          .orderBy('id', 'desc')
          .first<{ actor_id: number; details: string }>();
        expect(audit.actor_id).toBe(glass.id);
        expect(JSON.parse(audit.details)).toMatchObject({ enabled: false });

        const page = await request(app).get('/login');
        expect(page.text).toContain('Sign in with Test Employer ID');
        expect(page.text).not.toContain('name="password"');
        expect(page.text).toContain('href="/login?password=1"');

        const refused = await signInWithPassword(employee.email, '?password=1');
        expect(refused.page.text).toContain('name="password"');
        expect(refused.res.status).toBe(403);
        expect(refused.res.text).toContain('Password sign-in is switched off');
        await expectSignedOut(refused.agent);
        const notListed = await signInWithPassword(other.email, '?password=1');
        expect(notListed.res.status).toBe(403);
        const allowed = await signInWithPassword(glass.email, '?password=1');
        expect(allowed.res.status).toBe(303);
        const audit2 = await db
          .db('audit_log')
          .where({ action: 'auth.sign_in', actor_id: glass.id })
          .orderBy('id', 'desc')
          .first<{ details: string }>();
        expect(JSON.parse(audit2.details)).toEqual({ method: 'password' });
      } finally {
        const again = await admin.get('/admin/sso');
        await admin
          .post('/admin/sso/password-sign-in')
          .type('form')
          .send({ _csrf: csrfFrom(again.text), passwordSignIn: 'on' });
      }
      expect((await signInWithPassword(employee.email)).res.status).toBe(303);
    });

    it('shows the last single sign-on attempts with their claims, result and reason to administrators', async () => {
      const admin = await createUser(db.db, { roles: ['admin'] });
      const a = request.agent(app);
      const page = await a.get('/login');
      await a
        .post('/login')
        .type('form')
        .send({ email: admin.email, password: TEST_PASSWORD, _csrf: csrfFrom(page.text) });
      const settings = await a.get('/admin/sso');
      expect(settings.text).toContain('stranger@idp.example');
      expect(settings.text).toContain('Claims match two accounts');
      expect(settings.text).toContain('Account deactivated');
      expect(settings.text).toContain(`${BASE}/login/sso/callback`);
    });
  });
});
