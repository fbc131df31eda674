import { describe, expect, it } from 'vitest';
import { AutosaveQueue, writeBatch, type AutosaveJob } from '../../src/assessments/autosave-queue';
import { setupTestContext, signIn } from '../helpers/context';
import { createAssessment, createClassSpec, createUser } from '../helpers/factories';

// Group commit of autosaves (src/assessments/autosave-queue.ts): saves that arrive while a batch is
// written go together in the next transaction, each with its own outcome.
const ctx = setupTestContext();

async function draftWithItems(n: number, status: 'draft' | 'submitted' = 'draft') {
  const cls = await createClassSpec(ctx.db, { items: Array.from({ length: n }, () => ({ category: 'skill' as const })) });
  const user = await createUser(ctx.db);
  const id = await createAssessment(ctx.db, { employeeId: user.id, cls, status, self: status === 'draft' ? [] : cls.items.map(() => 2) });
  return { cls, user, id };
}

async function ratingsOf(assessmentId: number) {
  const rows = await ctx
    .db('ratings')
    .where({ assessment_id: assessmentId })
    .orderBy('item_id')
    .select('item_id', 'self_level', 'evidence');
  return rows.map((r: Record<string, unknown>) => ({
    itemId: Number(r.item_id),
    level: r.self_level == null ? null : Number(r.self_level),
    evidence: r.evidence ?? null,
  }));
}

describe('autosave group commit', () => {
  it('writes a batch of several people in one transaction, each with its own outcome and audit row', async () => {
    const a = await draftWithItems(2);
    const b = await draftWithItems(2);
    const closed = await draftWithItems(2, 'submitted');
    const jobs: AutosaveJob[] = [
      { actorId: a.user.id, ip: null, assessmentId: a.id, itemId: a.cls.items[0].id, change: { selfLevel: 3 } },
      { actorId: b.user.id, ip: null, assessmentId: b.id, itemId: b.cls.items[1].id, change: { evidence: 'ran the project' } },
      { actorId: closed.user.id, ip: null, assessmentId: closed.id, itemId: closed.cls.items[0].id, change: { selfLevel: 5 } },
      // The same item twice: applied in order, each audited against the value before it.
      { actorId: a.user.id, ip: null, assessmentId: a.id, itemId: a.cls.items[0].id, change: { selfLevel: 4, evidence: 'led it' } },
      // Same as what is stored by then: nothing to write.
      { actorId: a.user.id, ip: null, assessmentId: a.id, itemId: a.cls.items[0].id, change: { selfLevel: 4 } },
    ];
    const results = await ctx.db.transaction((trx) => writeBatch(trx, jobs));
    expect(results.map((r) => r.outcome)).toEqual(['saved', 'saved', 'not-draft', 'saved', 'unchanged']);
    // Each draft's rated-item count after the whole batch (b's save was evidence only: not rated).
    expect(results.map((r) => r.rated)).toEqual([1, 0, 0, 1, 1]);

    expect(await ratingsOf(a.id)).toEqual([{ itemId: a.cls.items[0].id, level: 4, evidence: 'led it' }]);
    expect(await ratingsOf(b.id)).toEqual([{ itemId: b.cls.items[1].id, level: null, evidence: 'ran the project' }]);
    expect((await ratingsOf(closed.id)).every((r) => r.level === 2)).toBe(true);

    const audit = await ctx
      .db('audit_log')
      .whereIn('entity_id', [String(a.id), String(b.id), String(closed.id)])
      .where({ action: 'rating.changed' })
      .orderBy('id')
      .select('entity_id', 'details');
    expect(audit.map((r: { entity_id: string; details: string }) => [r.entity_id, JSON.parse(r.details)])).toEqual([
      [String(a.id), { itemId: a.cls.items[0].id, from: null, to: 3, evidenceChanged: false }],
      [String(b.id), { itemId: b.cls.items[1].id, from: null, to: null, evidenceChanged: true }],
      [String(a.id), { itemId: a.cls.items[0].id, from: 3, to: 4, evidenceChanged: true }],
    ]);
  });

  it('writes only the columns a save changed (a level save keeps evidence written elsewhere)', async () => {
    const a = await draftWithItems(1);
    const itemId = a.cls.items[0].id;
    await ctx
      .db('ratings')
      .insert({ assessment_id: a.id, item_id: itemId, self_level: 1, evidence: 'from the form', updated_at: new Date().toISOString() });
    const results = await ctx.db.transaction((trx) =>
      writeBatch(trx, [{ actorId: a.user.id, ip: null, assessmentId: a.id, itemId, change: { selfLevel: 2 } }]),
    );
    expect(results).toEqual([{ outcome: 'saved', rated: 1 }]);
    expect(await ratingsOf(a.id)).toEqual([{ itemId, level: 2, evidence: 'from the form' }]);
  });

  it('groups saves that arrive while a batch is being written, and retries a failed batch one save at a time', async () => {
    const a = await draftWithItems(3);
    const queue = new AutosaveQueue(ctx.db);
    const batches: number[] = [];
    const listener = (q: { sql: string }) => {
      // The batch's read of statuses and stored ratings binds each distinct item id and assessment id.
      if (/^\s*select .* from .assessments. as .a. left join .ratings./i.test(q.sql))
        batches.push((q.sql.match(/\?|\$\d+/g) ?? []).length - 1);
    };
    ctx.db.on('query', listener);
    try {
      const saves = a.cls.items.map((item, i) =>
        queue.save({ actorId: a.user.id, ip: null, assessmentId: a.id, itemId: item.id, change: { selfLevel: i + 1 } }),
      );
      // An item that does not exist breaks its batch (foreign key): the others still save.
      const broken = queue.save({ actorId: a.user.id, ip: null, assessmentId: a.id, itemId: 99_999_999, change: { selfLevel: 1 } });
      const results = await Promise.allSettled([...saves, broken]);
      expect(results.slice(0, 3).map((r) => (r.status === 'fulfilled' ? r.value.outcome : r.reason))).toEqual(['saved', 'saved', 'saved']);
      expect(results[3].status).toBe('rejected');
    } finally {
      ctx.db.off('query', listener);
    }
    expect((await ratingsOf(a.id)).map((r) => r.level)).toEqual([1, 2, 3]);
    // The first save went alone; the three behind it waited and went together (then, after the
    // foreign-key failure, one at a time).
    expect(batches.slice(0, 2)).toEqual([1, 3]);
    expect(batches.slice(2)).toEqual([1, 1, 1]);
    const audited = Number(
      (await ctx
        .db('audit_log')
        .where({ action: 'rating.changed', entity_id: String(a.id) })
        .count({ n: '*' })
        .first())!.n,
    );
    expect(audited).toBe(3);
  });

  it('twenty people autosaving at once over HTTP: every save lands, each reply counts its own ratings', async () => {
    const people = await Promise.all(Array.from({ length: 20 }, () => draftWithItems(4)));
    const agents = [];
    for (const p of people) {
      const agent = await signIn(ctx.app, p.user.email);
      agents.push({ p, agent, token: await agent.csrf(`/assessments/${p.id}`) });
    }
    const replies = await Promise.all(
      agents.flatMap(({ p, agent, token }) =>
        p.cls.items.map((item, i) =>
          agent
            .post(`/assessments/${p.id}/ratings/${item.id}`)
            .set('x-csrf-token', token)
            .send({ level: (i % 5) + 1, evidence: `note ${i}` }),
        ),
      ),
    );
    expect(replies.map((r) => r.status)).toEqual(replies.map(() => 200));
    for (const r of replies) expect(r.body).toMatchObject({ ok: true, total: 4 });
    for (const { p } of agents) {
      expect((await ratingsOf(p.id)).map((r) => [r.level, r.evidence])).toEqual([
        [1, 'note 0'],
        [2, 'note 1'],
        [3, 'note 2'],
        [4, 'note 3'],
      ]);
    }
    // The last reply of each person has seen all four of their ratings.
    const last = await Promise.all(
      agents.map(({ p, agent, token }) =>
        agent.post(`/assessments/${p.id}/ratings/${p.cls.items[0].id}`).set('x-csrf-token', token).send({ level: 1, evidence: 'note 0' }),
      ),
    );
    expect(last.map((r) => r.body)).toEqual(last.map(() => ({ ok: true, rated: 4, total: 4 })));
  });

  it('refuses a save once the assessment has been submitted, with 409 and nothing written', async () => {
    const p = await draftWithItems(2);
    const agent = await signIn(ctx.app, p.user.email);
    const token = await agent.csrf(`/assessments/${p.id}`);
    await ctx.db('assessments').where({ id: p.id }).update({ status: 'submitted', submitted_at: new Date().toISOString() });
    await agent.post(`/assessments/${p.id}/ratings/${p.cls.items[0].id}`).set('x-csrf-token', token).send({ level: 3 }).expect(409);
    expect(await ratingsOf(p.id)).toEqual([]);
  });
});
