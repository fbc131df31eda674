import { describe, expect, it } from 'vitest';
import { setupTestContext } from '../helpers/context';
import { createAssessment, createClassSpec, type CreatedClass, createUser } from '../helpers/factories';
import { changeRequiredLevel, mergeKeys } from '../../src/class-specs/class-specs.service';
import { readNeedTotals, refreshAssessmentResults } from '../../src/results/results.service';
import { nowIso } from '../../src/db/time';

// The results writer (src/results/): the chunked re-measure after a required-level change or a
// key merge ends with exactly the figures a from-scratch measurement gives, also when assessments
// change between its chunks.

const ctx = setupTestContext();

/** Everything the writer stores, in a comparable form. */
async function derived(classIds: number[]) {
  const ids = (await ctx.db('assessments').whereIn('class_spec_id', classIds).pluck('id')).map(Number);
  const results = await ctx
    .db('assessment_results')
    .whereIn('assessment_id', ids)
    .orderBy(['assessment_id', 'item_id'])
    .select(
      'assessment_id',
      'item_id',
      'employee_id',
      'class_spec_id',
      'competency_key_id',
      'level',
      'required_level',
      'gap',
      'required_at_entry',
      'is_latest',
    );
  const figures = await ctx
    .db('assessments')
    .whereIn('id', ids)
    .whereIn('status', ['submitted', 'reviewed'])
    .orderBy('id')
    .select('id', 'readiness', 'coverage');
  const totals = (await readNeedTotals(ctx.db))
    .map(({ keyId, assessed, withGap, gapSum, entryGaps }) => ({ keyId, assessed, withGap, gapSum, entryGaps }))
    .sort((a, b) => a.keyId - b.keyId);
  const norm = (rows: Record<string, unknown>[]) => rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Number(v)])));
  return { results: norm(results), figures: norm(figures), totals };
}

/** The same figures measured from scratch: derived tables emptied, every assessment measured once. */
async function fromScratch(classIds: number[]) {
  await ctx.db.transaction(async (trx) => {
    const ids = (await trx('assessments').orderBy('id').pluck('id')).map(Number);
    await trx('assessment_results').del();
    await trx('training_need_totals').del();
    await trx('assessments').update({ readiness: null, coverage: null });
    for (const id of ids) await refreshAssessmentResults(trx, id);
  });
  return derived(classIds);
}

async function team(cls: CreatedClass[], people: number): Promise<{ personIds: number[]; assessmentIds: number[] }> {
  const boss = await createUser(ctx.db);
  const personIds: number[] = [];
  const assessmentIds: number[] = [];
  for (let p = 0; p < people; p++) {
    const person = await createUser(ctx.db, { supervisorId: boss.id });
    personIds.push(person.id);
    for (const [k, c] of cls.entries()) {
      const levels = c.items.map((_, i) => (p + i + k) % 6);
      const reviewed = p % 3 === 0;
      assessmentIds.push(
        await createAssessment(ctx.db, {
          employeeId: person.id,
          cls: c,
          status: reviewed ? 'reviewed' : 'submitted',
          self: levels,
          supervisor: reviewed ? levels.map((l) => Math.max(0, l - 1)) : undefined,
          at: `2025-0${k + 1}-${String((p % 28) + 1).padStart(2, '0')}T09:00:00.000Z`,
        }),
      );
    }
  }
  return { personIds, assessmentIds };
}

describe('the results writer', () => {
  it('re-measures a required-level change in chunks and ends equal to a from-scratch measurement, with assessments changed between chunks', async () => {
    const shared = `shared-${Date.now()}`;
    const a = await createClassSpec(ctx.db, {
      items: [
        { category: 'skill', key: shared, requiredLevel: 3, requiredAtEntry: true },
        { category: 'knowledge', requiredLevel: 4 },
        { category: 'ability', requiredLevel: 2 },
      ],
    });
    const b = await createClassSpec(ctx.db, {
      items: [
        { category: 'skill', key: shared, requiredLevel: 2 },
        { category: 'competency', requiredLevel: 3 },
      ],
    });
    const admin = await createUser(ctx.db, { roles: ['admin'] });
    const { personIds, assessmentIds } = await team([a, b], 30);
    const ofA = assessmentIds.filter((_, i) => i % 2 === 0); // class A's assessments, in id order

    const chunkSizes: number[] = [];
    const changed = await changeRequiredLevel(
      ctx.db,
      { classSpecId: a.classSpecId, itemId: a.items[0].id, raw: '5', actorId: admin.id, ip: null },
      {
        onChunk: async (c) => {
          chunkSizes.push(c.assessments);
          if (chunkSizes.length !== 1) return;
          // Between the first and the second chunk: the last assessment of class A (not measured
          // yet) goes back to draft; an already measured one gets a reassessment that is submitted.
          const last = ofA[ofA.length - 1];
          await ctx.db.transaction(async (trx) => {
            await trx('assessments')
              .where({ id: last })
              .update({ status: 'draft', submitted_at: null, reviewed_at: null, returned_at: nowIso() });
            await refreshAssessmentResults(trx, last);
          });
          await createAssessment(ctx.db, {
            employeeId: personIds[0],
            cls: a,
            status: 'submitted',
            self: [0, 0, 0],
            at: '2025-12-01T09:00:00.000Z',
          });
        },
      },
    );
    expect(chunkSizes.length).toBeGreaterThan(1);
    expect(changed.remeasured).toMatchObject({ chunks: chunkSizes.length });
    expect(changed.remeasured!.longestHoldMs).toBeGreaterThan(0);

    const afterChunks = await derived([a.classSpecId, b.classSpecId]);
    // Every stored gap of the changed item is measured against the new level.
    const itemRows = afterChunks.results.filter((r) => r.item_id === a.items[0].id);
    expect(itemRows.length).toBeGreaterThan(0);
    expect(itemRows.every((r) => r.required_level === 5 && r.gap === Math.max(0, 5 - r.level))).toBe(true);
    expect(await fromScratch([a.classSpecId, b.classSpecId])).toEqual(afterChunks);
  });

  it('re-measures through the same writer after a key merge: results move to the surviving key, each person counted once', async () => {
    const x = await createClassSpec(ctx.db, {
      items: [
        { category: 'skill', requiredLevel: 4 },
        { category: 'knowledge', requiredLevel: 3 },
      ],
    });
    const y = await createClassSpec(ctx.db, { items: [{ category: 'skill', requiredLevel: 3, requiredAtEntry: true }] });
    const admin = await createUser(ctx.db, { roles: ['admin'] });
    await team([x, y], 14);
    const [fromKey, intoKey] = [y.items[0].keyId, x.items[0].keyId];

    const chunks: number[] = [];
    const merged = await mergeKeys(
      ctx.db,
      { fromId: fromKey, intoId: intoKey, actorId: admin.id, ip: null },
      { onChunk: (c) => void chunks.push(c.assessments) },
    );
    expect(merged.remeasured.assessments).toBe(14); // class Y's assessments: the versions that used the key
    expect(chunks.reduce((s, n) => s + n, 0)).toBe(14);
    expect(
      await ctx
        .db('assessment_results')
        .where({ competency_key_id: fromKey })
        .count({ n: '*' })
        .first()
        .then((r) => Number(r?.n)),
    ).toBe(0);
    const totals = await readNeedTotals(ctx.db);
    expect(totals.some((t) => t.keyId === fromKey)).toBe(false);
    expect(totals.find((t) => t.keyId === intoKey)).toMatchObject({ assessed: 14 }); // 14 people held both keys
    const afterMerge = await derived([x.classSpecId, y.classSpecId]);
    expect(await fromScratch([x.classSpecId, y.classSpecId])).toEqual(afterMerge);
  });
});
