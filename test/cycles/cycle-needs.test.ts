import crypto from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { openCycle } from '../../src/cycles/cycles.service';
import { emptyCycleForm } from '../../src/cycles/cycle-form';
import { nowIso } from '../../src/db/time';
import { refreshAssessmentResults } from '../../src/results/results.service';
import { setupTestContext, signIn } from '../helpers/context';
import { createAssessment, createClassSpec, createUser } from '../helpers/factories';

const ctx = setupTestContext();

/** Opens a cycle for `people` and submits each one's draft with the given self level. */
async function cycleWith(people: { id: number; email: string }[], level: number, cls: Awaited<ReturnType<typeof createClassSpec>>) {
  const admin = await createUser(ctx.db, { roles: ['admin'] });
  const form = {
    ...emptyCycleForm(),
    name: `Needs ${crypto.randomUUID().slice(0, 6)}`,
    population: 'list',
    list: people.map((p) => p.email).join('\n'),
    target: 'class',
    classSpecId: String(cls.classSpecId),
    selfDue: '2027-01-31',
    reviewDue: '2027-02-28',
  };
  const out = await openCycle(ctx.db, { id: admin.id, ip: null }, form, { baseUrl: 'https://competency.example.gov' });
  for (const id of out.createdDraftIds) {
    await ctx.db('ratings').insert({ assessment_id: id, item_id: cls.items[0].id, self_level: level, updated_at: nowIso() });
    await ctx.db('assessments').where({ id }).update({ status: 'submitted', submitted_at: nowIso() });
    await refreshAssessmentResults(ctx.db, id);
  }
  return out.cycleId;
}

describe('training needs by cycle', () => {
  it('offers cycles as fixed periods, counts only the assessments a cycle started, and keeps the small-group rule', async () => {
    const cls = await createClassSpec(ctx.db, {
      items: [{ category: 'skill', name: `NEEDS SKILL ${crypto.randomUUID().slice(0, 6)}`, requiredLevel: 3 }],
    });
    const label = (await ctx.db('spec_items').where({ id: cls.items[0].id }).first()).name as string;
    const six = [];
    for (let i = 0; i < 6; i++) six.push(await createUser(ctx.db, { department: 'Needs' }));
    // Earlier, outside any cycle: the same six without a gap (reviewed).
    for (const p of six)
      await createAssessment(ctx.db, {
        employeeId: p.id,
        cls,
        status: 'reviewed',
        self: [4],
        supervisor: [4],
        at: '2026-01-10T10:00:00.000Z',
      });
    const big = await cycleWith(six, 1, cls);
    const three = [];
    for (let i = 0; i < 3; i++) three.push(await createUser(ctx.db, { department: 'Needs' }));
    const small = await cycleWith(three, 1, cls);
    // Five more in a cycle of their own, so that "all periods" differs from each cycle by 5 or more
    // (with only 3 more it differs from the big cycle by 3, and the differencing rule withholds it).
    const five = [];
    for (let i = 0; i < 5; i++) five.push(await createUser(ctx.db, { department: 'Needs' }));
    await cycleWith(five, 1, cls);

    const training = await createUser(ctx.db, { roles: ['training'] });
    const agent = await signIn(ctx.app, training.email);
    const page = await agent.get(`/training/needs?class=${cls.classSpecId}`);
    expect(page.text).toContain(`value="cycle-${big}"`);
    const rowOf = async (period: string) => {
      const csv = await agent.get(`/training/needs.csv?class=${cls.classSpecId}&period=${period}`);
      expect(csv.status).toBe(200);
      const rows: string[][] = parse(csv.text.replace(/^\uFEFF/, ''), { relax_column_count: true });
      return rows.find((r) => r[0] === label)?.slice(2, 7);
    };
    // The big cycle: six people counted (the earlier assessments are not). All six have a gap and
    // none on an entry-required item: "6 of 6" and "0" are figures about each of them, so hidden.
    expect(await rowOf(`cycle-${big}`)).toEqual(['6', 'fewer than 5', 'fewer than 5', 'fewer than 5', 'fewer than 5']);
    // The small cycle: three people, so every figure is "fewer than 5".
    expect(await rowOf(`cycle-${small}`)).toEqual(Array(5).fill('fewer than 5'));
    // With only the big and small cycles' people, "all periods" would differ from the big cycle by 3: suppressed.
    await ctx
      .db('assessments')
      .whereIn(
        'employee_id',
        five.map((p) => p.id),
      )
      .del();
    expect(await rowOf(`cycle-${big}`)).toEqual(Array(5).fill('suppressed'));
    // A cycle that does not exist is not a period on offer.
    expect((await agent.get(`/training/needs?class=${cls.classSpecId}&period=cycle-99999999`)).status).toBe(422);
  });
});

describe('team view by cycle', () => {
  it("shows only the assessments a cycle started, and refuses a cycle without the supervisor's people", async () => {
    const cls = await createClassSpec(ctx.db, { items: [{ category: 'skill', name: 'TEAM SKILL', requiredLevel: 3 }] });
    const sup = await createUser(ctx.db, { roles: ['employee', 'supervisor'] });
    const inCycle = await createUser(ctx.db, { supervisorId: sup.id, name: 'Ivy Incycle' });
    const outside = await createUser(ctx.db, { supervisorId: sup.id, name: 'Otto Outside' });
    await createAssessment(ctx.db, { employeeId: outside.id, cls, status: 'reviewed', self: [2], supervisor: [2] });
    const cycleId = await cycleWith([inCycle], 1, cls);
    const agent = await signIn(ctx.app, sup.email);
    const all = await agent.get(`/team?class=${cls.classSpecId}`);
    expect(all.text).toContain('Ivy Incycle');
    expect(all.text).toContain('Otto Outside');
    const filtered = await agent.get(`/team?class=${cls.classSpecId}&cycle=${cycleId}`);
    expect(filtered.status).toBe(200);
    expect(filtered.text).toContain(`<option value="${cycleId}" selected>`);
    expect(filtered.text).toMatch(/Ivy Incycle<\/a>/);
    expect(filtered.text).not.toMatch(/Otto Outside<\/a>/);
    const stranger = await createUser(ctx.db, { roles: ['employee', 'supervisor'] });
    await createUser(ctx.db, { supervisorId: stranger.id });
    const other = await signIn(ctx.app, stranger.email);
    expect((await other.get(`/team?class=${cls.classSpecId}&cycle=${cycleId}`)).status).toBe(404);
  });
});
