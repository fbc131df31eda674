import { describe, expect, it } from 'vitest';
import { setupTestContext } from '../helpers/context';
import { createAssessment, createClassSpec, createUser } from '../helpers/factories';
import { aggregateNeeds, readNeedTotals, recountNeedTotals, refreshAssessmentResults } from '../../src/results/results.service';
import { changeRequiredLevel, mergeKeys } from '../../src/class-specs/class-specs.service';
import { nowIso } from '../../src/db/time';

const ctx = setupTestContext();

/** The totals recomputed in plain JavaScript from every latest result (the reference). */
async function reference() {
  const keys = new Map<number, number>();
  for (const k of await ctx.db('competency_keys').select('id', 'merged_into_id')) keys.set(Number(k.id), Number(k.merged_into_id ?? k.id));
  const perPerson = new Map<string, { keyId: number; gap: number; entry: boolean }>();
  for (const r of await ctx.db('assessment_results').where({ is_latest: true })) {
    const keyId = keys.get(Number(r.competency_key_id))!;
    const id = `${keyId}:${r.employee_id}`;
    const prev = perPerson.get(id) ?? { keyId, gap: 0, entry: false };
    perPerson.set(id, {
      keyId,
      gap: Math.max(prev.gap, Number(r.gap)),
      entry: prev.entry || (Boolean(r.required_at_entry) && Number(r.gap) > 0),
    });
  }
  const totals = new Map<number, { keyId: number; assessed: number; withGap: number; gapSum: number; entryGaps: number }>();
  for (const p of perPerson.values()) {
    const t = totals.get(p.keyId) ?? { keyId: p.keyId, assessed: 0, withGap: 0, gapSum: 0, entryGaps: 0 };
    t.assessed += 1;
    t.withGap += p.gap > 0 ? 1 : 0;
    t.gapSum += p.gap;
    t.entryGaps += p.entry ? 1 : 0;
    totals.set(p.keyId, t);
  }
  return [...totals.values()].sort((a, b) => a.keyId - b.keyId);
}

async function stored() {
  return (await readNeedTotals(ctx.db))
    .map(({ keyId, assessed, withGap, gapSum, entryGaps }) => ({ keyId, assessed, withGap, gapSum, entryGaps }))
    .sort((a, b) => a.keyId - b.keyId);
}

async function expectConsistent() {
  const expected = await reference();
  expect(await stored()).toEqual(expected);
  await recountNeedTotals(ctx.db);
  expect(await stored()).toEqual(expected);
}

describe('training-need totals stay equal to a full recount', () => {
  it('through submit, a second class sharing a key, reassessment, return to draft, finalise and a key merge', async () => {
    const shared = `shared-${Date.now()}`;
    const a = await createClassSpec(ctx.db, {
      items: [
        { category: 'skill', key: shared, requiredLevel: 4, requiredAtEntry: true },
        { category: 'knowledge', requiredLevel: 3 },
      ],
    });
    const b = await createClassSpec(ctx.db, {
      items: [
        { category: 'skill', key: shared, requiredLevel: 3 },
        { category: 'ability', requiredLevel: 3 },
      ],
    });
    const boss = await createUser(ctx.db);
    const p1 = await createUser(ctx.db, { supervisorId: boss.id });
    const p2 = await createUser(ctx.db, { supervisorId: boss.id });

    await createAssessment(ctx.db, {
      employeeId: p1.id,
      cls: a,
      status: 'reviewed',
      self: [3, 3],
      supervisor: [2, 3],
      at: '2025-01-01T00:00:00.000Z',
    });
    await expectConsistent();
    expect((await stored()).find((t) => t.keyId === a.items[0].keyId)).toMatchObject({ assessed: 1, withGap: 1, gapSum: 2, entryGaps: 1 });

    // The same person in a second class with the shared key: still one person on that key, largest gap.
    await createAssessment(ctx.db, {
      employeeId: p1.id,
      cls: b,
      status: 'reviewed',
      self: [3, 1],
      supervisor: [3, 2],
      at: '2025-02-01T00:00:00.000Z',
    });
    await createAssessment(ctx.db, {
      employeeId: p2.id,
      cls: a,
      status: 'reviewed',
      self: [4, 1],
      supervisor: [4, 3],
      at: '2025-02-01T00:00:00.000Z',
    });
    await expectConsistent();
    expect((await stored()).find((t) => t.keyId === a.items[0].keyId)).toMatchObject({ assessed: 2, withGap: 1, gapSum: 2 });

    // Reassessment in class A: the newer assessment becomes the latest.
    const again = await createAssessment(ctx.db, {
      employeeId: p1.id,
      cls: a,
      status: 'submitted',
      self: [4, 3],
      at: '2025-06-01T00:00:00.000Z',
    });
    await expectConsistent();

    // Returned to draft: its results go, the earlier assessment is the latest again.
    await ctx.db.transaction(async (trx) => {
      await trx('assessments').where({ id: again }).update({ status: 'draft', submitted_at: null, returned_at: nowIso() });
      await refreshAssessmentResults(trx, again);
    });
    await expectConsistent();
    expect((await stored()).find((t) => t.keyId === a.items[0].keyId)).toMatchObject({ assessed: 2, withGap: 1, gapSum: 2 });

    // Resubmitted and finalised with supervisor levels.
    await ctx.db.transaction(async (trx) => {
      await trx('assessments')
        .where({ id: again })
        .update({ status: 'reviewed', submitted_at: '2025-06-02T00:00:00.000Z', reviewed_at: '2025-06-03T00:00:00.000Z' });
      await trx('ratings').where({ assessment_id: again }).update({ supervisor_level: 1 });
      await refreshAssessmentResults(trx, again);
    });
    await expectConsistent();

    // Two keys of one category merged by an administrator: the results writer re-measures.
    const c = await createClassSpec(ctx.db, { items: [{ category: 'knowledge', requiredLevel: 5 }] });
    await createAssessment(ctx.db, { employeeId: p2.id, cls: c, status: 'submitted', self: [2], at: '2025-07-01T00:00:00.000Z' });
    const admin = await createUser(ctx.db, { roles: ['admin'] });
    await mergeKeys(ctx.db, { fromId: c.items[0].keyId, intoId: a.items[1].keyId, actorId: admin.id, ip: null });
    await expectConsistent();
    expect((await stored()).some((t) => t.keyId === c.items[0].keyId)).toBe(false);
  });

  it('after an admin changes a required level: totals, and the readiness and coverage stored on each assessment, follow', async () => {
    const cls = await createClassSpec(ctx.db, {
      items: [
        { category: 'skill', requiredLevel: 5 },
        { category: 'knowledge', requiredLevel: 3 },
      ],
    });
    const admin = await createUser(ctx.db, { roles: ['admin'] });
    const people = [await createUser(ctx.db), await createUser(ctx.db)];
    const ids = [
      await createAssessment(ctx.db, { employeeId: people[0].id, cls, status: 'reviewed', self: [3, 3], supervisor: [3, 3] }),
      await createAssessment(ctx.db, { employeeId: people[1].id, cls, status: 'submitted', self: [4, 2] }),
    ];
    await expectConsistent();
    expect((await stored()).find((t) => t.keyId === cls.items[0].keyId)).toMatchObject({ assessed: 2, withGap: 2, gapSum: 3 });

    await changeRequiredLevel(ctx.db, { classSpecId: cls.classSpecId, itemId: cls.items[0].id, raw: '3', actorId: admin.id, ip: null });
    await expectConsistent();
    expect((await stored()).find((t) => t.keyId === cls.items[0].keyId)).toMatchObject({ assessed: 2, withGap: 0, gapSum: 0 });
    // Both now meet the skill; only the second misses the knowledge item (2 < 3).
    const figures = await ctx.db('assessments').whereIn('id', ids).orderBy('id').select('readiness', 'coverage');
    expect(figures.map((f) => [Number(f.readiness), Number(f.coverage)])).toEqual([
      [100, 100],
      [50, 83.3],
    ]);
  });

  it('serve the unfiltered training-needs aggregation with the same figures as the grouped query', async () => {
    const cls = await createClassSpec(ctx.db, {
      items: [
        { category: 'skill', requiredLevel: 4, requiredAtEntry: true },
        { category: 'competency', requiredLevel: 3 },
      ],
    });
    for (const [self, sup] of [
      [
        [1, 3],
        [2, 3],
      ],
      [
        [4, 4],
        [4, 2],
      ],
      [
        [3, 0],
        [3, 1],
      ],
    ]) {
      const person = await createUser(ctx.db);
      await createAssessment(ctx.db, { employeeId: person.id, cls, status: 'reviewed', self, supervisor: sup });
    }
    const everyone = (await ctx.db('users').pluck('id')).map(Number);
    const none = { classSpecId: null, department: null, from: null, toExclusive: null };
    const fromTotals = await aggregateNeeds(ctx.db, { ...none, employeeIds: null });
    const grouped = await aggregateNeeds(ctx.db, { ...none, employeeIds: everyone });
    const byKey = (rows: typeof grouped) =>
      [...rows].sort((a, b) => a.keyId - b.keyId).map((r) => ({ ...r, meanGap: Math.round(r.meanGap * 1e9) }));
    expect(fromTotals.length).toBeGreaterThan(0);
    expect(byKey(fromTotals)).toEqual(byKey(grouped));
  });
});
