import net from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROVIDER_PASSWORD, startTestProvider, type TestProvider } from '../helpers/oidc-provider';
import { DEMO_PASSWORD, expectAccessible, launchBrowser, newContext, screenshot, startApp, type RunningApp } from './harness';

// Single sign-on in a real browser: the app (child process) points at a real OpenID Connect
// provider started here; the person signs in on the provider's own page and lands on their home.
// The app's port is chosen before it starts because the redirect URL registered at the provider
// (PUBLIC_BASE_URL + /login/sso/callback) must be known first.

const CLIENT = { id: 'competency-e2e', secret: 'competency-e2e-secret' };
let provider: TestProvider;
let app: RunningApp;
let browser: Browser;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  provider = await startTestProvider({
    clientId: CLIENT.id,
    clientSecret: CLIENT.secret,
    redirectUris: [`${base}/login/sso/callback`],
    postLogoutRedirectUris: [`${base}/login?signedOut=1`],
    // Erin Employee of the demo data, known to the provider by another email: matched by employee ID.
    accounts: new Map([['erin.at.idp', { employee_id: 'D0005', email: 'erin@idp.example', email_verified: true, name: 'Erin E.' }]]),
    extraProfileClaims: ['employee_id'],
  });
  app = await startApp({
    PORT: String(port),
    PUBLIC_BASE_URL: base,
    OIDC_ISSUER: provider.issuer,
    OIDC_CLIENT_ID: CLIENT.id,
    OIDC_CLIENT_SECRET: CLIENT.secret,
    OIDC_DISPLAY_NAME: 'Test provider',
    OIDC_EMPLOYEE_ID_CLAIM: 'employee_id',
  });
  expect(app.baseUrl).toBe(base);
  ({ browser } = await launchBrowser());
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await provider?.close();
});

describe('single sign-on journey', () => {
  it("signs in through the provider's login page, lands on the person's home, and signs out of both", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/login`);
    await expectAccessible(page, 'login with single sign-on');
    await screenshot(page, 'login-sso');
    await page.getByRole('button', { name: 'Sign in with Test provider' }).click();

    await page.waitForURL(`${provider.issuer}/**`);
    await page.getByLabel('Account').fill('erin.at.idp');
    await page.getByLabel('Password').fill(PROVIDER_PASSWORD);
    await page.getByRole('button', { name: 'Sign in to the provider' }).click();

    await page.waitForURL(`${app.baseUrl}/`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Welcome, Erin Employee');
    await expectAccessible(page, 'home after single sign-on');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${provider.issuer}/**`);
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.waitForURL(`${app.baseUrl}/login?signedOut=1`);
    await expect.poll(() => page.getByText('You have signed out.').count()).toBe(1);
    await expectAccessible(page, 'signed out');
    await context.close();
  });

  it('shows administrators the provider and the attempts, and switches password sign-in off and on without JavaScript', async () => {
    const context = await newContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/login`);
    await page.getByLabel('Email').fill('admin@example.gov');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('link', { name: 'Sign-in settings' }).first().click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign-in settings');
    expect(await page.getByText(`${app.baseUrl}/login/sso/callback`).count()).toBe(1);
    expect(await page.getByRole('row', { name: /Erin Employee/ }).count()).toBeGreaterThan(0);
    await screenshot(page, 'sso-admin');
    await page.getByLabel('Only the break-glass administrators; everyone else uses single sign-on').check();
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByText('Password sign-in is switched off').count()).toBe(1);

    const visitor = await (await newContext(browser)).newPage();
    await visitor.goto(`${app.baseUrl}/login`);
    expect(await visitor.getByLabel('Password').count()).toBe(0);
    await expectAccessible(visitor, 'login with password sign-in switched off');

    await page.getByLabel('Everyone', { exact: true }).check();
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByText('Password sign-in is switched on for everyone.').count()).toBe(1);
    const checker = await (await newContext(browser)).newPage();
    await checker.goto(`${app.baseUrl}/login`);
    await checker.getByLabel('Email').fill('admin@example.gov');
    await checker.getByLabel('Password').fill(DEMO_PASSWORD);
    await checker.getByRole('button', { name: 'Sign in', exact: true }).click();
    await checker.goto(`${app.baseUrl}/admin/sso`);
    await expectAccessible(checker, 'sign-in settings');
    await context.close();
  });
});
