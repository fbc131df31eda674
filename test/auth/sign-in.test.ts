import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { csrfFrom, setupTestContext, signIn, TEST_PASSWORD } from '../helpers/context';
import { createUser } from '../helpers/factories';

const ctx = setupTestContext();

function sessionCookie(res: request.Response): string | undefined {
  const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  return cookies.find((c) => c.startsWith('sid='))?.split(';')[0];
}

describe('sign-in', () => {
  it('serves a login page with labelled Email and Password fields and a Sign in button', async () => {
    const res = await request(ctx.app).get('/login');
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/<label for="email">Email<\/label>/);
    expect(res.text).toMatch(/<label for="password">Password<\/label>/);
    expect(res.text).toMatch(/<button type="submit" class="button">Sign in<\/button>/);
  });

  it('signs in with the right password, redirects home, and home shows the name', async () => {
    const user = await createUser(ctx.db, { name: 'Grace Hopper' });
    const agent = request.agent(ctx.app);
    const page = await agent.get('/login');
    const res = await agent
      .post('/login')
      .type('form')
      .send({ email: user.email.toUpperCase(), password: TEST_PASSWORD, _csrf: csrfFrom(page.text) });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/');
    const home = await agent.get('/');
    expect(home.status).toBe(200);
    expect(home.text).toContain('Welcome, Grace Hopper');
    expect(home.headers['cache-control']).toBe('no-store');
  });

  it('gives the same 401 body for a wrong password and an unknown email, keeping the email', async () => {
    const user = await createUser(ctx.db);
    const attempt = async (email: string) => {
      const agent = request.agent(ctx.app);
      const page = await agent.get('/login');
      return agent
        .post('/login')
        .type('form')
        .send({ email, password: 'wrong-password-1', _csrf: csrfFrom(page.text) });
    };
    const wrong = await attempt(user.email);
    const unknown = await attempt('nobody-here@example.gov');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.text).toContain('Invalid email or password');
    const strip = (html: string, email: string) => html.replace(/(value|nonce)="[^"]*"/g, '').replace(email, 'EMAIL');
    expect(strip(wrong.text, user.email)).toBe(strip(unknown.text, 'nobody-here@example.gov'));
    expect(wrong.text).toContain(`value="${user.email}"`);
  });

  it('says next to each empty field what is missing, keeping the typed email', async () => {
    const agent = request.agent(ctx.app);
    const page = await agent.get('/login');
    const both = await agent
      .post('/login')
      .type('form')
      .send({ email: '', password: '', _csrf: csrfFrom(page.text) });
    expect(both.status).toBe(422);
    expect(both.text).toContain('<a href="#email">Enter your email address</a>');
    expect(both.text).toContain('id="email-error"');
    expect(both.text).toMatch(/id="password"[^>]*aria-describedby="password-error" aria-invalid="true"/);
    const noPassword = await agent
      .post('/login')
      .type('form')
      .send({ email: 'someone@example.gov', password: '', _csrf: csrfFrom(page.text) });
    expect(noPassword.status).toBe(422);
    expect(noPassword.text).toContain('Enter your password');
    expect(noPassword.text).not.toContain('Enter your email address');
    expect(noPassword.text).toContain('value="someone@example.gov"');
  });

  it('throttles the 11th attempt for one account from one address with 429, even with the right password', async () => {
    const user = await createUser(ctx.db);
    const agent = request.agent(ctx.app);
    const page = await agent.get('/login');
    const token = csrfFrom(page.text);
    for (let i = 0; i < 10; i++) {
      const r = await agent.post('/login').type('form').send({ email: user.email, password: 'wrong-password-x', _csrf: token });
      expect(r.status).toBe(401);
    }
    const eleventh = await agent.post('/login').type('form').send({ email: user.email, password: TEST_PASSWORD, _csrf: token });
    expect(eleventh.status).toBe(429);
    expect(eleventh.text).toContain('Too many failed sign-in attempts');
  });

  it('changes the session id at sign-in', async () => {
    const user = await createUser(ctx.db);
    const agent = request.agent(ctx.app);
    const page = await agent.get('/login');
    const before = sessionCookie(page);
    expect(before).toBeDefined();
    const res = await agent
      .post('/login')
      .type('form')
      .send({ email: user.email, password: TEST_PASSWORD, _csrf: csrfFrom(page.text) });
    const after = sessionCookie(res);
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
    const cookie = ([] as string[]).concat(res.headers['set-cookie']).find((c) => c.startsWith('sid='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
  });

  it('stores the signed-in session once, with its start time and a fresh CSRF token, and the next page writes nothing', async () => {
    const user = await createUser(ctx.db);
    const agent = request.agent(ctx.app);
    const before = csrfFrom((await agent.get('/login')).text);
    const writes: string[] = [];
    const watch = (q: { sql: string }) => {
      if (/^\s*(insert|update|delete)\b[\s\S]*\bsessions\b/i.test(q.sql)) writes.push(q.sql.split(' ')[0].toLowerCase());
    };
    ctx.db.on('query', watch);
    try {
      const res = await agent.post('/login').type('form').send({ email: user.email, password: TEST_PASSWORD, _csrf: before });
      expect(res.status).toBe(303);
      // The old session goes, the new one is stored once (not again for its start time).
      expect(writes).toEqual(['delete', 'insert']);
      const sid = decodeURIComponent(sessionCookie(res)!.slice('sid='.length)).replace(/^s:/, '').split('.')[0];
      const sess = JSON.parse((await ctx.db('sessions').where({ sid }).first()).sess as string);
      expect(sess.passport).toEqual({ user: user.id });
      expect(Date.now() - Number(sess.createdAt)).toBeLessThan(60_000);
      expect(typeof sess.csrfToken).toBe('string');
      expect(sess.csrfToken).not.toBe(before);
      writes.length = 0;
      const home = await agent.get('/');
      expect(home.status).toBe(200);
      expect(csrfFrom(home.text)).toBe(sess.csrfToken);
      expect(writes).toEqual([]);
    } finally {
      ctx.db.off('query', watch);
    }
  });

  it('sign-out destroys the session server-side: the old cookie no longer works', async () => {
    const user = await createUser(ctx.db);
    const agent = request.agent(ctx.app);
    const page = await agent.get('/login');
    const res = await agent
      .post('/login')
      .type('form')
      .send({ email: user.email, password: TEST_PASSWORD, _csrf: csrfFrom(page.text) });
    const cookie = sessionCookie(res)!;
    const home = await request(ctx.app).get('/').set('Cookie', cookie);
    expect(home.status).toBe(200);
    const out = await request(ctx.app)
      .post('/logout')
      .set('Cookie', cookie)
      .type('form')
      .send({ _csrf: csrfFrom(home.text) });
    expect(out.status).toBe(303);
    const again = await request(ctx.app).get('/').set('Cookie', cookie);
    expect(again.status).toBe(303);
    expect(again.headers.location).toMatch(/^\/login/);
    const rows = await ctx.db('sessions').where({ user_id: user.id });
    expect(rows).toHaveLength(0);
  });

  it('refuses a POST without a CSRF token with 403', async () => {
    const user = await createUser(ctx.db);
    const noToken = await request(ctx.app).post('/login').type('form').send({ email: user.email, password: TEST_PASSWORD });
    expect(noToken.status).toBe(403);
    const agent = await signIn(ctx.app, user.email);
    const wrong = await agent.post('/logout').type('form').send({ _csrf: 'not-the-token' });
    expect(wrong.status).toBe(403);
    expect(wrong.text).toContain('Form expired');
  });

  it('does not sign in a deactivated account and ends its live session on the next request', async () => {
    const user = await createUser(ctx.db);
    const agent = await signIn(ctx.app, user.email);
    expect((await agent.get('/')).status).toBe(200);
    await ctx.db('users').where({ id: user.id }).update({ active: false });
    const next = await agent.get('/');
    expect(next.status).toBe(303);
    await expect(signIn(ctx.app, user.email)).rejects.toThrow(/sign-in failed/);
  });

  it('sends people with a temporary password to change it first', async () => {
    const user = await createUser(ctx.db, { mustChangePassword: true });
    const agent = await signIn(ctx.app, user.email);
    const home = await agent.get('/');
    expect(home.status).toBe(303);
    expect(home.headers.location).toBe('/account/password');
    const form = await agent.get('/account/password');
    const short = await agent
      .post('/account/password')
      .type('form')
      .send({ _csrf: csrfFrom(form.text), currentPassword: TEST_PASSWORD, newPassword: 'short', confirmPassword: 'short' });
    expect(short.status).toBe(422);
    expect(short.text).toContain('Use at least 12 characters.');
    const ok = await agent
      .post('/account/password')
      .type('form')
      .send({
        _csrf: csrfFrom(short.text),
        currentPassword: TEST_PASSWORD,
        newPassword: 'a-much-longer-secret',
        confirmPassword: 'a-much-longer-secret',
      });
    expect(ok.status).toBe(303);
    expect((await agent.get('/')).status).toBe(200);
    await expect(signIn(ctx.app, user.email, 'a-much-longer-secret')).resolves.toBeDefined();
  });
});
