import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { testConfig } from '../../src/config';
import { csrfFrom, setupTestContext, signIn, TEST_PASSWORD } from '../helpers/context';
import { createUser } from '../helpers/factories';

const ctx = setupTestContext();

describe('session lifetime', () => {
  it('ends a session after the idle timeout', async () => {
    const user = await createUser(ctx.db);
    const agent = await signIn(ctx.app, user.email);
    expect((await agent.get('/')).status).toBe(200);
    // Age the stored session past its idle expiry, as 30 quiet minutes would.
    await ctx
      .db('sessions')
      .where({ user_id: user.id })
      .update({ expires_at: Date.now() - 1000 });
    const res = await agent.get('/');
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(/^\/login/);
  });

  it('keeps an active session alive when the idle timeout is shorter than a minute', async () => {
    // 3 seconds of idle time: the stored expiry must be refreshed well within it (issue 18.11).
    const app = createApp({ db: ctx.db, readDb: ctx.readDb, config: testConfig({ sessionIdleMinutes: 0.05 }) });
    const user = await createUser(ctx.db);
    const agent = await signIn(app, user.email);
    const started = Date.now();
    while (Date.now() - started < 5_000) {
      const res = await agent.get('/');
      expect(res.status).toBe(200);
      await new Promise((r) => setTimeout(r, 400));
    }
  });

  it('ends a session after the absolute timeout however active it is', async () => {
    const user = await createUser(ctx.db);
    const agent = await signIn(ctx.app, user.email);
    const row = await ctx.db('sessions').where({ user_id: user.id }).first();
    const sess = JSON.parse(row.sess);
    sess.createdAt = Date.now() - 13 * 3_600_000;
    await ctx
      .db('sessions')
      .where({ sid: row.sid })
      .update({ sess: JSON.stringify(sess) });
    const res = await agent.get('/');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/login?expired=1');
    expect(await ctx.db('sessions').where({ sid: row.sid }).first()).toBeUndefined();
  });

  it('uses a Secure __Host- cookie in production behind an HTTPS proxy', async () => {
    const app = createApp({ db: ctx.db, config: testConfig({ env: 'production', trustProxy: true }) });
    const user = await createUser(ctx.db);
    // supertest speaks plain HTTP, so the Secure cookie is carried by hand as a browser would over HTTPS.
    const page = await request(app).get('/login').set('X-Forwarded-Proto', 'https');
    const first = ([] as string[]).concat(page.headers['set-cookie'] ?? []).find((c) => c.startsWith('__Host-sid='))!;
    expect(first).toBeDefined();
    const res = await request(app)
      .post('/login')
      .set('X-Forwarded-Proto', 'https')
      .set('Cookie', first.split(';')[0])
      .type('form')
      .send({ email: user.email, password: TEST_PASSWORD, _csrf: csrfFrom(page.text) });
    expect(res.status).toBe(303);
    const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('__Host-sid='));
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/; Secure/i);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
  });
});

describe('telling people why they are at the sign-in page', () => {
  it('says the session has ended when a dead session cookie comes back, and nothing for a first visit', async () => {
    const user = await createUser(ctx.db);
    const agent = await signIn(ctx.app, user.email);
    await ctx.db('sessions').where({ user_id: user.id }).del();
    const res = await agent.get('/assessments');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/login?next=%2Fassessments&expired=1');
    const page = await agent.get(res.headers.location);
    expect(page.text).toContain('Your session has ended. Please sign in again.');
    const fresh = await request(ctx.app).get('/assessments');
    expect(fresh.headers.location).toBe('/login?next=%2Fassessments');
    // An anonymous visitor who has seen the sign-in page (and so has a live session) is not told it ended.
    const visitor = request.agent(ctx.app);
    await visitor.get('/login');
    expect((await visitor.get('/assessments')).headers.location).toBe('/login?next=%2Fassessments');
  });
});
