import { describe, expect, it } from 'vitest';
import { setupTestContext, signIn } from '../helpers/context';
import { loadSessionUser } from '../../src/auth/sessions.repository';
import { TOUCH_INTERVAL_MS } from '../../src/auth/session-store';
import { loadRatedItems, loadRatedItemsMany } from '../../src/reports/reports.repository';
import { createAssessment, createClassSpec, createUser } from '../helpers/factories';

const ctx = setupTestContext();

/** SQL statements the app runs while `fn` runs. */
async function queriesDuring(fn: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  const listener = (q: { sql: string }) => seen.push(q.sql);
  // Both the writer and the read pool (the same knex on PostgreSQL).
  const dbs = [...new Set([ctx.db, ctx.readDb])];
  for (const db of dbs) db.on('query', listener);
  try {
    await fn();
  } finally {
    for (const db of dbs) db.off('query', listener);
  }
  return seen;
}

describe('cost of a signed-in request', () => {
  it('reads the session and the person in one query and writes nothing', async () => {
    const user = await createUser(ctx.db);
    const agent = await signIn(ctx.app, user.email);
    await agent.get('/about');
    const sql = await queriesDuring(() => agent.get('/about').expect(200));
    expect(sql).toHaveLength(1); // was two queries (session, then person) before issue 11's second pass
    expect(sql.filter((s) => /^\s*(update|insert|delete)/i.test(s))).toEqual([]);
  });

  it('still moves the stored expiry forward once it lags by more than a minute', async () => {
    const user = await createUser(ctx.db);
    const agent = await signIn(ctx.app, user.email);
    const lagging = Date.now() + 5 * 60_000; // 25 minutes behind a 30-minute idle timeout
    await ctx.db('sessions').where({ user_id: user.id }).update({ expires_at: lagging });
    await agent.get('/about').expect(200);
    const row = await ctx.db('sessions').where({ user_id: user.id }).first('expires_at');
    expect(Number(row.expires_at)).toBeGreaterThan(lagging + 20 * 60_000);
    expect(Number(row.expires_at)).toBeGreaterThan(Date.now() + ctx.config.sessionIdleMinutes * 60_000 - TOUCH_INTERVAL_MS - 5_000);
  });

  it('loads roles and the implicit supervisor role in one query', async () => {
    const boss = await createUser(ctx.db, { roles: ['training'] });
    await createUser(ctx.db, { supervisorId: boss.id });
    const sql = await queriesDuring(async () => {
      const loaded = await loadSessionUser(ctx.db, boss.id);
      expect(loaded?.roles).toEqual(['employee', 'training', 'supervisor']);
      expect(loaded?.hasReports).toBe(true);
      expect(loaded?.email).toBe(boss.email);
    });
    expect(sql).toHaveLength(1);
  });

  it('does not make someone a supervisor through inactive reports, and drops inactive people', async () => {
    const boss = await createUser(ctx.db);
    const report = await createUser(ctx.db, { supervisorId: boss.id });
    await ctx.db('users').where({ id: report.id }).update({ active: false });
    const loaded = await loadSessionUser(ctx.db, boss.id);
    expect(loaded?.roles).toEqual(['employee']);
    expect(loaded?.hasReports).toBe(false);
    expect(await loadSessionUser(ctx.db, report.id)).toBeUndefined();
  });

  it("loads many assessments' rated items in two queries, the same as one by one", async () => {
    const a = await createClassSpec(ctx.db, { items: [{ category: 'skill' }, { category: 'knowledge', requiredLevel: 4 }] });
    const b = await createClassSpec(ctx.db, { items: [{ category: 'ability' }] });
    const list: { assessmentId: number; versionId: number }[] = [];
    for (const [cls, self] of [
      [a, [1, 2]],
      [a, [3]],
      [b, [5]],
    ] as const) {
      const person = await createUser(ctx.db);
      const id = await createAssessment(ctx.db, {
        employeeId: person.id,
        cls,
        status: 'submitted',
        self: [...self],
        evidence: ['seen it'],
      });
      list.push({ assessmentId: id, versionId: cls.versionId });
    }
    let many: Awaited<ReturnType<typeof loadRatedItemsMany>> = new Map();
    const sql = await queriesDuring(async () => {
      many = await loadRatedItemsMany(ctx.db, list);
    });
    expect(sql).toHaveLength(2);
    for (const l of list) expect(many.get(l.assessmentId)).toEqual(await loadRatedItems(ctx.db, l.assessmentId, l.versionId));
    expect(many.get(list[1].assessmentId)!.map((i) => i.selfLevel)).toEqual([3, null]);
  });

  it('sees a deactivation on the very next request although the person is read with the session', async () => {
    const user = await createUser(ctx.db);
    const agent = await signIn(ctx.app, user.email);
    await agent.get('/about').expect(200);
    await ctx.db('users').where({ id: user.id }).update({ active: false });
    const res = await agent.get('/about');
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(/\/login/);
  });

  it('sees a role given on the very next request', async () => {
    const user = await createUser(ctx.db);
    const agent = await signIn(ctx.app, user.email);
    await agent.get('/admin/users').expect(404);
    await ctx.db('user_roles').insert({ user_id: user.id, role: 'admin' });
    await agent.get('/admin/users').expect(200);
  });

  it('autosaves a rating with one read before and a batch of one read and three writes in the write transaction', async () => {
    const cls = await createClassSpec(ctx.db, { items: [{ category: 'skill' }, { category: 'skill' }] });
    const user = await createUser(ctx.db);
    const id = await createAssessment(ctx.db, { employeeId: user.id, cls, status: 'draft', self: [] });
    const agent = await signIn(ctx.app, user.email);
    const token = await agent.csrf(`/assessments/${id}`);
    const itemId = cls.items[0].id;
    const writer: string[] = [];
    const listener = (q: { sql: string }) => writer.push(q.sql);
    ctx.db.on('query', listener);
    let body: unknown;
    try {
      body = (
        await agent
          .post(`/assessments/${id}/ratings/${itemId}`)
          .set('x-csrf-token', token)
          .send({ level: 3, evidence: 'did it' })
          .expect(200)
      ).body;
    } finally {
      ctx.db.off('query', listener);
    }
    expect(body).toEqual({ ok: true, rated: 1, total: 2 });
    const statements = writer.filter((s) => !/^\s*(begin|commit|savepoint|release)/i.test(s));
    expect(statements.filter((q) => /^\s*(insert|update|delete)/i.test(q))).toHaveLength(3); // ratings, audit, touch
    // On SQLite the check before writing goes through the read pool; the writer reads statuses,
    // stored ratings and rated counts of the batch in one query (autosave-queue.ts), however many
    // saves the batch holds.
    if (ctx.readDb !== ctx.db) expect(statements).toHaveLength(4);
    const audit = await ctx.db('audit_log').where({ action: 'rating.changed', entity_id: String(id) });
    expect(audit).toHaveLength(1);
  });
});
