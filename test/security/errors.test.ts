import request from 'supertest';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setupTestContext, signIn } from '../helpers/context';
import { createUser } from '../helpers/factories';

// Unexpected failures (a table gone, the session store failing) answer a generic 500 page with a
// request id — never a stack trace or SQL — and the app keeps serving once the cause is gone.

const ctx = setupTestContext();
let admin: { id: number; email: string };
const renamed: [string, string][] = [];

async function hide(table: string) {
  await ctx.db.schema.renameTable(table, `${table}_gone`);
  renamed.push([`${table}_gone`, table]);
}

afterEach(async () => {
  while (renamed.length) {
    const [from, to] = renamed.pop()!;
    await ctx.db.schema.renameTable(from, to);
  }
});

beforeAll(async () => {
  admin = await createUser(ctx.db, { roles: ['employee', 'admin'] });
});

const LEAKS = [
  /SQLITE_/i,
  /\bselect\b.*\bfrom\b/i,
  /no such table/i,
  /relation .* does not exist/i,
  /audit_log/,
  /\bat .*\.(ts|js):\d+/,
  /Error:/,
];

function expectGeneric500(res: request.Response) {
  expect(res.status).toBe(500);
  const id = res.headers['x-request-id'];
  expect(id).toMatch(/^[0-9a-f-]{36}$/);
  expect(res.headers['content-type']).toMatch(/text\/html/);
  expect(res.text).toContain('Something went wrong');
  expect(res.text).toContain(id);
  for (const leak of LEAKS) expect(res.text).not.toMatch(leak);
}

describe('unexpected errors', () => {
  it('answer a generic 500 page with the request id and no stack or SQL, then the next request is served', async () => {
    const agent = await signIn(ctx.app, admin.email);
    await hide('audit_log');
    expectGeneric500(await agent.get('/admin/audit'));
    expect((await agent.get('/')).status).toBe(200);
    expectGeneric500(await agent.get('/admin/audit.csv'));
  });

  it('answer JSON clients with the same generic body', async () => {
    const agent = await signIn(ctx.app, admin.email);
    await hide('audit_log');
    const res = await agent.get('/admin/audit').set('Accept', 'application/json');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: 'Something went wrong', message: expect.any(String), requestId: res.headers['x-request-id'] });
    for (const leak of LEAKS) expect(res.text).not.toMatch(leak);
  });

  it('recover after the table is back', async () => {
    const agent = await signIn(ctx.app, admin.email);
    expect((await agent.get('/admin/audit')).status).toBe(200);
  });
});

describe('session store failure', () => {
  it('does not crash: a signed-in request gets the 500 page, sign-in is refused cleanly, and all recovers', async () => {
    const agent = await signIn(ctx.app, admin.email);
    await hide('sessions');
    expectGeneric500(await agent.get('/'));
    const anon = await request(ctx.app).get('/login');
    expect([200, 500]).toContain(anon.status);
    if (anon.status === 500) expectGeneric500(anon);
    expect((await request(ctx.app).get('/healthz')).status).toBe(200);
    await ctx.db.schema.renameTable('sessions_gone', 'sessions');
    renamed.pop();
    expect((await agent.get('/')).status).toBe(200);
  });

  it('survives the session store throwing synchronously-shaped errors on save (sign-in)', async () => {
    const page = await request.agent(ctx.app).get('/login');
    expect(page.status).toBe(200);
    await hide('sessions');
    const anon = request.agent(ctx.app);
    const res = await anon.post('/login').type('form').send({ email: admin.email, password: 'x', _csrf: 'x' });
    expect([403, 500]).toContain(res.status);
    for (const leak of LEAKS) expect(res.text).not.toMatch(leak);
  });
});

describe('addresses that are not valid UTF-8', () => {
  it('answer 404 with the normal page, not a 500, for every kind of route', async () => {
    const person = await createUser(ctx.db, { roles: ['admin'] });
    const agent = await signIn(ctx.app, person.email);
    for (const path of [
      '/assessments/%ff',
      '/career/%c0%ae%c0%ae',
      '/admin/users/%ff/edit',
      '/training/programs/%e0%a4%a',
      '/reviews/%ff',
    ]) {
      const res = await agent.get(path);
      expect(res.status, path).toBe(404);
      expect(res.text).toContain('Page not found');
    }
  });
});
