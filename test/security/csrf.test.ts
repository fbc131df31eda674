import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { listRoutes } from '../../src/web/route-list';
import { csrfFrom, setupTestContext, signIn } from '../helpers/context';
import { snapshot } from './db-snapshot';
import { buildWorld, fill, type World } from './world';

// Every state-changing route (enumerated from the router) refuses a request whose CSRF token is
// missing, wrong, or belongs to another session — with 403 and no change to any table.

const ctx = setupTestContext();
let w: World;

const stateChanging = () => listRoutes(ctx.app).filter((r) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method));

beforeAll(async () => {
  w = await buildWorld(ctx.db);
});

describe('CSRF on every state-changing route', () => {
  it('enumerates the state-changing routes (sanity)', () => {
    expect(stateChanging().length).toBeGreaterThan(20);
  });

  it("refuses missing, wrong and another session's token with 403 and changes nothing", async () => {
    // The people allowed to act on each object, so a request without CSRF protection would succeed.
    const admin = await signIn(ctx.app, w.users.admin.email);
    const sup = await signIn(ctx.app, w.users.manager.email);
    const owner = await signIn(ctx.app, w.users.owner.email);
    const other = await signIn(ctx.app, w.users.peer.email);
    const otherToken = await other.csrf('/');
    await admin.csrf('/');
    await sup.csrf('/');
    await owner.csrf('/');
    const before = await snapshot(ctx.db);
    const problems: string[] = [];
    for (const r of stateChanging()) {
      const url = fill(r.path, w, {
        id: r.path.startsWith('/admin/users/import')
          ? w.orgPendingId
          : r.path.startsWith('/admin/users')
            ? w.users.victim.id
            : w.submittedId,
      });
      for (const agent of [admin, sup, owner]) {
        const cases: [string, Record<string, string>][] = [
          ['missing token', {}],
          ['wrong token', { _csrf: 'not-the-token' }],
          ["another session's token", { _csrf: otherToken }],
        ];
        for (const [label, body] of cases) {
          const res = await agent[r.method.toLowerCase() as 'post'](url)
            .redirects(0)
            .type('form')
            .send({ action: 'finalise', status: 'done', ...body });
          if (res.status !== 403) problems.push(`${r.method} ${url} with ${label} → ${res.status}`);
        }
        const viaHeader = await agent[r.method.toLowerCase() as 'post'](url)
          .redirects(0)
          .set('x-csrf-token', otherToken)
          .send({ status: 'done' });
        if (viaHeader.status !== 403) problems.push(`${r.method} ${url} with another session's header token → ${viaHeader.status}`);
        const multipart = await agent[r.method.toLowerCase() as 'post'](url)
          .field('_csrf', otherToken)
          .redirects(0)
          .field('status', 'done');
        if (multipart.status !== 403)
          problems.push(`${r.method} ${url} multipart with another session's query token → ${multipart.status}`);
      }
    }
    expect(problems, problems.join('\n')).toEqual([]);
    expect(await snapshot(ctx.db)).toBe(before);
  }, 120_000);

  it('refuses a sign-in without a token, and the 403 page says why', async () => {
    const agent = request.agent(ctx.app);
    await agent.get('/login');
    const res = await agent.post('/login').type('form').send({ email: w.users.owner.email, password: 'x' });
    expect(res.status).toBe(403);
    expect(res.text).toContain('Form expired');
  });

  it('accepts the same request with the right token (the 403s above are about the token)', async () => {
    const owner = await signIn(ctx.app, w.users.owner.email);
    const page = await owner.get(`/assessments/${w.submittedId}/report`);
    const res = await owner
      .post(`/assessments/${w.submittedId}/plan/${w.planActionId}`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), status: 'in_progress' });
    expect(res.status).toBe(303);
    expect((await ctx.db('plan_actions').where({ id: w.planActionId }).first()).status).toBe('in_progress');
  });
});
