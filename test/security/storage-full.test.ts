import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { PG_URL } from '../helpers/test-db';
import { csrfFrom, setupTestContext, TEST_PASSWORD } from '../helpers/context';
import { createUser } from '../helpers/factories';

// A database that cannot store anything more (disk full) answers 503 with a page that says so,
// not "Form expired" (issue 18.10). SQLite's max_page_count makes the database file "full" for
// real: the driver raises SQLITE_FULL exactly as on a full disk.
const ctx = setupTestContext();

async function fillDatabase(): Promise<void> {
  const [{ page_count: pages }] = await ctx.db.raw<{ page_count: number }[]>('PRAGMA page_count');
  await ctx.db.raw(`PRAGMA max_page_count = ${pages}`);
  // Use up the free room left inside the tables' existing pages as well.
  for (const table of ['sessions', 'audit_log'] as const) {
    for (const size of [3000, 300, 30]) {
      for (let i = 0; i < 100_000; i++) {
        const row =
          table === 'sessions'
            ? { sid: `fill-${size}-${i}`, sess: 'x'.repeat(size), expires_at: Date.now() + 1e9 }
            : { action: 'test.fill', details: 'x'.repeat(size) };
        const full = await ctx
          .db(table)
          .insert(row)
          .then(
            () => false,
            (e: { code?: string }) => e.code === 'SQLITE_FULL',
          );
        if (full) break;
      }
    }
  }
}

describe.skipIf(PG_URL)('when the database cannot store data', () => {
  it('answers 503 “cannot save right now” to the sign-in page and to a sign-in, and recovers once there is room', async () => {
    const user = await createUser(ctx.db);
    const agent = request.agent(ctx.app);
    const token = csrfFrom((await agent.get('/login')).text);
    await fillDatabase();

    const signIn = await agent.post('/login').type('form').send({ _csrf: token, email: user.email, password: TEST_PASSWORD });
    expect(signIn.status).toBe(503);
    expect(signIn.text).toContain('cannot store data right now');
    expect(signIn.text).not.toContain('Form expired');
    // The refused sign-in ended the signed-out session first, which left room for a small one.
    await fillDatabase();
    const page = await request(ctx.app).get('/login');
    expect(page.status).toBe(503);
    expect(page.text).toContain('cannot store data right now');

    await ctx.db.raw('PRAGMA max_page_count = 1073741823');
    const again = request.agent(ctx.app);
    const fresh = await again.get('/login');
    expect(fresh.status).toBe(200);
    const ok = await again
      .post('/login')
      .type('form')
      .send({ _csrf: csrfFrom(fresh.text), email: user.email, password: TEST_PASSWORD });
    expect(ok.status).toBe(303);
  });
});
