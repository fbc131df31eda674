import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { RESET_PER_EMAIL, RESET_VALID_MS, requestPasswordReset, resetPasswordWithLink } from '../../src/auth/password-reset.service';
import { csrfFrom, setupTestContext, signIn, TEST_PASSWORD } from '../helpers/context';
import { createUser } from '../helpers/factories';

const ctx = setupTestContext({ publicBaseUrl: 'https://competency.example.gov' });
const NEW_PASSWORD = 'a-brand-new-password-42';

async function askForLink(email: string) {
  const agent = request.agent(ctx.app);
  const page = await agent.get('/password/forgot');
  expect(page.status).toBe(200);
  return agent
    .post('/password/forgot')
    .type('form')
    .send({ _csrf: csrfFrom(page.text), email });
}

/** The token of the last reset message queued for this person (the outbox keeps it until sent). */
async function linkFor(userId: number): Promise<string> {
  const row = await ctx
    .db('mail_outbox')
    .where({ to_user_id: userId, kind: 'password.reset' })
    .orderBy('id', 'desc')
    .first<{ text_body: string; link: string }>('text_body', 'link');
  const token = row?.link.match(/\/password\/reset\/([A-Za-z0-9_-]+)$/)?.[1];
  if (!token) throw new Error('no reset link queued');
  expect(row?.text_body).toContain(row?.link);
  return token;
}

async function setPassword(token: string, password = NEW_PASSWORD) {
  const agent = request.agent(ctx.app);
  const page = await agent.get(`/password/reset/${token}`);
  if (page.status !== 200) return page;
  return agent
    .post(`/password/reset/${token}`)
    .type('form')
    .send({ _csrf: csrfFrom(page.text), newPassword: password, confirmPassword: password });
}

async function canSignIn(email: string, password: string): Promise<boolean> {
  return signIn(ctx.app, email, password).then(
    () => true,
    () => false,
  );
}

describe('password reset by e-mail', () => {
  it('offers "Forgot your password?" on the sign-in page', async () => {
    const page = await request(ctx.app).get('/login');
    expect(page.text).toContain('href="/password/forgot"');
  });

  it('gives the same answer for an unknown address and queues mail only for a real account', async () => {
    const person = await createUser(ctx.db);
    const known = await askForLink(person.email.toUpperCase());
    const unknown = await askForLink(`nobody-${person.id}@example.gov`);
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(200);
    const body = (html: string) => html.replace(/name="_csrf" value="[^"]+"/g, '').replace(/nonce="[^"]+"/g, '');
    expect(body(unknown.text)).toBe(body(known.text));
    expect(known.text).toContain('If an account exists for that address');
    const queued = await ctx.db('mail_outbox').where({ to_user_id: person.id, kind: 'password.reset' });
    expect(queued).toHaveLength(1);
    expect(queued[0].link).toMatch(/^https:\/\/competency\.example\.gov\/password\/reset\/[A-Za-z0-9_-]{43}$/);
    // Only the hash of the token is stored.
    const token = await linkFor(person.id);
    const stored = await ctx.db('password_reset_tokens').where({ user_id: person.id });
    expect(stored).toHaveLength(1);
    expect(stored[0].token_hash).not.toContain(token);
    expect(stored[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('sets the password once, ends the other sessions, and the link is useless afterwards', async () => {
    const person = await createUser(ctx.db);
    const elsewhere = await signIn(ctx.app, person.email);
    expect((await elsewhere.get('/')).status).toBe(200);
    await askForLink(person.email);
    const token = await linkFor(person.id);

    const done = await setPassword(token);
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe('/login?reset=1');
    expect(await canSignIn(person.email, NEW_PASSWORD)).toBe(true);
    expect(await canSignIn(person.email, TEST_PASSWORD)).toBe(false);
    // The session signed in before the reset is gone.
    const after = await elsewhere.get('/');
    expect(after.status).toBe(303);
    expect(after.headers.location).toMatch(/^\/login/);

    const again = await setPassword(token, 'yet-another-password-99');
    expect(again.status).toBe(404);
    expect(again.text).toContain('This link does not work');
    expect(await canSignIn(person.email, NEW_PASSWORD)).toBe(true);
  });

  it('refuses a link after 30 minutes', async () => {
    const person = await createUser(ctx.db);
    const t0 = Date.now() - RESET_VALID_MS - 1000;
    await requestPasswordReset(ctx.db, person.email, '10.0.0.9', { baseUrl: 'https://x' }, t0);
    const token = await linkFor(person.id);
    expect(
      await resetPasswordWithLink(
        ctx.db,
        token,
        { newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD },
        null,
        t0 + RESET_VALID_MS - 1,
      ),
    ).toBe(true);
    const other = await createUser(ctx.db);
    await requestPasswordReset(ctx.db, other.email, '10.0.0.9', { baseUrl: 'https://x' }, t0);
    const late = await setPassword(await linkFor(other.id));
    expect(late.status).toBe(404);
    expect(await canSignIn(other.email, TEST_PASSWORD)).toBe(true);
  });

  it("changes only the link's own account, whoever uses it", async () => {
    const alice = await createUser(ctx.db);
    const bob = await createUser(ctx.db);
    await askForLink(alice.email);
    const token = await linkFor(alice.id);
    // Bob, signed in, opens Alice's link: the form is for Alice's account, and only hers changes.
    const asBob = await signIn(ctx.app, bob.email);
    const page = await asBob.get(`/password/reset/${token}`);
    expect(page.text).toContain(alice.email);
    const res = await asBob
      .post(`/password/reset/${token}`)
      .type('form')
      .send({
        _csrf: csrfFrom(page.text),
        newPassword: NEW_PASSWORD,
        confirmPassword: NEW_PASSWORD,
        email: bob.email,
        userId: String(bob.id),
      });
    expect(res.status).toBe(303);
    expect(await canSignIn(bob.email, TEST_PASSWORD)).toBe(true);
    expect(await canSignIn(bob.email, NEW_PASSWORD)).toBe(false);
    expect(await canSignIn(alice.email, NEW_PASSWORD)).toBe(true);
  });

  it('keeps the link usable when the new password is refused', async () => {
    const person = await createUser(ctx.db);
    await askForLink(person.email);
    const token = await linkFor(person.id);
    const weak = await setPassword(token, 'short');
    expect(weak.status).toBe(422);
    expect(weak.text).toContain('Use at least 12 characters.');
    expect((await setPassword(token)).status).toBe(303);
  });

  it('refuses a made-up link', async () => {
    const res = await request(ctx.app).get('/password/reset/not-a-real-token-at-all-0000000000000000000');
    expect(res.status).toBe(404);
  });

  it('throttles links per address, for unknown addresses the same way', async () => {
    const person = await createUser(ctx.db);
    const unknown = `ghost-${person.id}@example.gov`;
    for (const email of [person.email, unknown]) {
      for (let i = 0; i < RESET_PER_EMAIL; i += 1) expect((await askForLink(email)).status).toBe(200);
      const refused = await askForLink(email);
      expect(refused.status).toBe(429);
      expect(refused.headers['retry-after']).toMatch(/^\d+$/);
    }
    expect(await ctx.db('mail_outbox').where({ to_user_id: person.id, kind: 'password.reset' })).toHaveLength(RESET_PER_EMAIL);
  });
});
