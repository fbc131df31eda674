import request from 'supertest';
import type { Express } from 'express';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { testConfig, type Config } from '../../src/config';
import { csrfFrom, setupTestContext, TEST_PASSWORD } from '../helpers/context';
import { createUser } from '../helpers/factories';

// The app runs behind one trusted proxy here (TRUST_PROXY), so each test picks the client's
// address with X-Forwarded-For and the tests do not count against each other's limits.
const limits = { signInAccountFailures: 10, signInAddressFailures: 20, signInWindowMinutes: 15, signInGlobalPerMinute: 300 };
const ctx = setupTestContext({ trustProxy: true, ...limits });
const quiet = setupTestContext({ trustProxy: true, ...limits, signInGlobalPerMinute: 5 });

let addresses = 0;
const newAddress = () => `198.51.${Math.floor(++addresses / 250)}.${addresses % 250}`;

/** Another app on the same database with a different configuration. */
const appWith = (overrides: Partial<Config>) =>
  createApp({ db: ctx.db, readDb: ctx.readDb, config: testConfig({ trustProxy: true, ...limits, ...overrides }) });

/** A browser that has the sign-in form open; `submit` posts it (from `address` when given). */
async function openForm(app: Express, address?: string) {
  const agent = request.agent(app);
  const token = csrfFrom((await agent.get('/login')).text);
  return (email: string, password: string) => {
    const post = agent.post('/login');
    if (address) post.set('X-Forwarded-For', address);
    return post.type('form').send({ email, password, _csrf: token });
  };
}

async function attempt(app: Express, email: string, password: string, address?: string) {
  return (await openForm(app, address))(email, password);
}

/** Every form is opened first, then all are submitted in the same instant. */
async function atOnce(app: Express, tries: { email: string; password: string; address: string }[]) {
  const forms = await Promise.all(tries.map((t) => openForm(app, t.address)));
  return Promise.all(forms.map((submit, i) => submit(tries[i].email, tries[i].password)));
}

const statuses = (responses: request.Response[]) => responses.map((r) => r.status);
const count = (list: number[], status: number) => list.filter((s) => s === status).length;
const failuresAudited = async (address: string) =>
  Number((await ctx.db('audit_log').where({ action: 'auth.sign_in_failed', ip: address }).count({ n: '*' }).first())?.n);

describe('sign-in throttling', () => {
  it('refuses a password spray over 25 accounts from one address after 20 failures, before checking the password', async () => {
    const address = newAddress();
    const people = await Promise.all(Array.from({ length: 25 }, () => createUser(ctx.db)));
    const results: request.Response[] = [];
    for (const p of people) results.push(await attempt(ctx.app, p.email, 'wrong-password-1', address));
    expect(statuses(results)).toEqual([...Array<number>(20).fill(401), ...Array<number>(5).fill(429)]);
    const last = results[24];
    expect(last.text).toContain('Too many sign-in attempts. Try again in a few minutes.');
    expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(last.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);
    expect(await failuresAudited(address)).toBe(20);
  });

  it('still signs in a real person from another address while one address floods, and refuses the flooding address even the right password', async () => {
    const flooder = newAddress();
    for (let i = 0; i < 21; i++) await attempt(ctx.app, (await createUser(ctx.db)).email, 'wrong-password-2', flooder);
    const person = await createUser(ctx.db);
    const fromFlooder = await attempt(ctx.app, person.email, TEST_PASSWORD, flooder);
    expect(fromFlooder.status).toBe(429);
    const fromElsewhere = await attempt(ctx.app, person.email, TEST_PASSWORD, newAddress());
    expect(fromElsewhere.status).toBe(303);
    expect(fromElsewhere.headers.location).toBe('/');
  });

  it('checks exactly 10 of 25 wrong passwords sent at once for one account and refuses the other 15 with 429', async () => {
    // The hash gate takes all 25 here, so the account limit is the only one that can refuse.
    const app = appWith({ passwordHashQueue: 25, passwordHashPerAddress: 25 });
    const address = newAddress();
    const person = await createUser(ctx.db);
    const results = await atOnce(
      app,
      Array.from({ length: 25 }, () => ({ email: person.email, password: 'wrong-password-3', address })),
    );
    const got = statuses(results);
    expect(count(got, 401)).toBe(10);
    expect(count(got, 429)).toBe(15);
    for (const refused of results.filter((r) => r.status === 429)) {
      expect(refused.text).toContain('Too many failed sign-in attempts for this account. Try again in 15 minutes');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(14 * 60);
    }
    expect(await failuresAudited(address)).toBe(10);
    const recorded = await ctx.db('login_failures').where({ email: person.email, ip: address }).count({ n: '*' }).first();
    expect(Number(recorded?.n)).toBe(10);
  });

  it('answers 429 at once instead of queuing when every hash slot and the queue are taken', async () => {
    const app = appWith({ passwordHashConcurrency: 1, passwordHashQueue: 1 });
    // Unknown emails: each check costs a full-strength scrypt hash, long enough for the rest to arrive.
    const tries = Array.from({ length: 12 }, (_, i) => ({
      email: `nobody-${i}-${addresses}@example.gov`,
      password: 'wrong-password-4',
      address: newAddress(),
    }));
    const results = await atOnce(app, tries);
    const got = statuses(results);
    expect(count(got, 401) + count(got, 429)).toBe(12);
    expect(count(got, 401)).toBeGreaterThanOrEqual(2);
    expect(count(got, 429)).toBeGreaterThanOrEqual(1);
    for (const busy of results.filter((r) => r.status === 429)) {
      expect(busy.text).toContain('Too many sign-in attempts at the moment. Try again in a few seconds.');
      expect(busy.headers['retry-after']).toBe('5');
    }
    // Attempts refused for want of a hash slot were never checked, so they count for nothing.
    const recorded = await ctx
      .db('login_failures')
      .whereIn(
        'email',
        tries.map((t) => t.email),
      )
      .count({ n: '*' })
      .first();
    expect(Number(recorded?.n)).toBe(count(got, 401));
  });

  it('lets one address hold only two places at the hash gate, so a person elsewhere is checked during its flood', async () => {
    const app = appWith({ passwordHashConcurrency: 1, passwordHashQueue: 2, passwordHashPerAddress: 2 });
    const person = await createUser(ctx.db);
    const flooder = newAddress();
    const flood = Array.from({ length: 8 }, (_, i) => ({
      email: `nobody-${i}-${addresses}@example.gov`,
      password: 'wrong-password-8',
      address: flooder,
    }));
    const results = await atOnce(app, [...flood, { email: person.email, password: TEST_PASSWORD, address: newAddress() }]);
    const real = results.pop()!;
    expect(real.status).toBe(303);
    const got = statuses(results);
    expect(count(got, 401)).toBeGreaterThanOrEqual(1);
    expect(count(got, 429)).toBeGreaterThanOrEqual(1);
    expect(count(got, 401) + count(got, 429)).toBe(8);
  });

  it('ignores X-Forwarded-For when TRUST_PROXY is off: a spray from one socket is refused however it labels itself', async () => {
    const app = appWith({ trustProxy: false });
    const people = await Promise.all(Array.from({ length: 21 }, () => createUser(ctx.db)));
    const results: request.Response[] = [];
    for (const p of people) results.push(await attempt(app, p.email, 'wrong-password-5', newAddress()));
    expect(count(statuses(results), 401)).toBe(20);
    expect(results[20].status).toBe(429);
  });

  it('refuses everyone for up to a minute once the failures of all addresses reach the global limit', async () => {
    const person = await createUser(quiet.db);
    for (let i = 0; i < 5; i++) expect((await attempt(quiet.app, person.email, 'wrong-password-6', newAddress())).status).toBe(401);
    const res = await attempt(quiet.app, person.email, TEST_PASSWORD, newAddress());
    expect(res.status).toBe(429);
    expect(res.text).toContain('Too many sign-in attempts. Try again in a few minutes.');
    expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60);
  });

  it('throttles an unknown email exactly like a known one, with the same page', async () => {
    const app = appWith({ signInAccountFailures: 2 });
    const person = await createUser(ctx.db);
    const unknown = `nobody-here-${addresses}@example.gov`;
    const pages: Record<string, request.Response[]> = {};
    for (const email of [person.email, unknown]) {
      const address = newAddress();
      pages[email] = [];
      for (let i = 0; i < 3; i++) pages[email].push(await attempt(app, email, 'wrong-password-7', address));
    }
    expect(statuses(pages[person.email])).toEqual([401, 401, 429]);
    expect(statuses(pages[unknown])).toEqual([401, 401, 429]);
    const strip = (html: string, email: string) => html.replace(/(value|nonce)="[^"]*"/g, '').replace(email, 'EMAIL');
    expect(strip(pages[person.email][2].text, person.email)).toBe(strip(pages[unknown][2].text, unknown));
  });
});
