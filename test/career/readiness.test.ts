import { beforeAll, describe, expect, it } from 'vitest';
import { setupTestContext, signIn } from '../helpers/context';
import { createAssessment, createClassSpec, type CreatedClass, createUser } from '../helpers/factories';
import { computeGap, type GapItemInput } from '../../src/competency/gap';
import { readinessAcrossClasses } from '../../src/career/career.service';

const ctx = setupTestContext();
let A: CreatedClass, B: CreatedClass, C: CreatedClass;
let emp: { id: number; email: string };
let reviewedA: number;

// A and B share two keys; C shares none. The employee has a reviewed A (older), a submitted B
// (newer) and a draft of C that must not count.
beforeAll(async () => {
  const s = `-${Date.now()}`;
  A = await createClassSpec(ctx.db, {
    title: 'ALPHA ANALYST',
    items: [
      { category: 'skill', name: 'SHARED ONE', key: `shared-1${s}`, requiredLevel: 3 },
      { category: 'ability', name: 'SHARED TWO', key: `shared-2${s}`, requiredLevel: 4, requiredAtEntry: true },
      { category: 'knowledge', text: 'alpha things', key: `a-only${s}`, requiredLevel: 3 },
    ],
  });
  B = await createClassSpec(ctx.db, {
    title: 'BETA BUILDER',
    items: [
      { category: 'skill', name: 'SHARED ONE', key: `shared-1${s}`, requiredLevel: 4 },
      { category: 'ability', name: 'SHARED TWO', key: `shared-2${s}`, requiredLevel: 2 },
      { category: 'competency', name: 'BETA ONLY', key: `b-only-1${s}`, requiredLevel: 3, requiredAtEntry: true },
      { category: 'knowledge', text: 'beta things', key: `b-only-2${s}`, requiredLevel: 5 },
    ],
  });
  C = await createClassSpec(ctx.db, {
    title: 'GAMMA GUARDIAN',
    items: [
      { category: 'skill', name: 'GAMMA ONE', key: `c-1${s}`, requiredLevel: 3 },
      { category: 'skill', name: 'GAMMA TWO', key: `c-2${s}`, requiredLevel: 3 },
    ],
  });
  const sup = await createUser(ctx.db, { roles: ['supervisor'] });
  emp = await createUser(ctx.db, { supervisorId: sup.id });
  reviewedA = await createAssessment(ctx.db, {
    employeeId: emp.id,
    cls: A,
    status: 'reviewed',
    self: [4, 2, 3],
    supervisor: [3, 1, null],
    reviewerId: sup.id,
    at: '2026-01-10T10:00:00.000Z',
  });
  await createAssessment(ctx.db, {
    employeeId: emp.id,
    cls: B,
    status: 'submitted',
    self: [2, undefined, 3, undefined],
    at: '2026-02-10T10:00:00.000Z',
  });
  await createAssessment(ctx.db, { employeeId: emp.id, cls: C, status: 'draft', self: [5, 5], at: '2026-03-10T10:00:00.000Z' });
});

/** The levels we expect to be known: latest per key, supervisor where reviewed, drafts ignored. */
function expectedInput(cls: CreatedClass): GapItemInput[] {
  const s = cls.items[0].key.slice(cls.items[0].key.lastIndexOf('-'));
  const known: Record<string, number> = { [`shared-1${s}`]: 2, [`shared-2${s}`]: 1, [`a-only${s}`]: 3, [`b-only-1${s}`]: 3 };
  return cls.items.map((it, i) => ({
    itemId: it.id,
    category: it.category,
    name: null,
    text: '',
    key: it.key,
    requiredLevel: it.requiredLevel,
    requiredAtEntry: it.requiredAtEntry,
    order: i,
    selfLevel: known[it.key] ?? null,
    supervisorLevel: null,
  }));
}

describe('readiness across classes', () => {
  it('equals the gap function applied to the projected latest ratings, for every class', async () => {
    const { classes } = await readinessAcrossClasses(ctx.db, emp.id);
    expect(classes.map((c) => c.title).sort()).toEqual(['ALPHA ANALYST', 'BETA BUILDER', 'GAMMA GUARDIAN']);
    for (const cls of [A, B, C]) {
      const expected = computeGap(expectedInput(cls), { reviewed: false });
      const got = classes.find((c) => c.classSpecId === cls.classSpecId)!;
      expect({ readiness: got.readiness, coverage: got.coverage, unrated: got.unratedItems, met: got.metItems }).toEqual({
        readiness: expected.readiness,
        coverage: expected.coverage,
        unrated: expected.unratedItems,
        met: expected.metItems,
      });
    }
    // Spot values: ALPHA 1 of 3 met (a-only 3 ≥ 3); coverage (2 + 1 + 3) / 10.
    expect(classes.find((c) => c.title === 'ALPHA ANALYST')).toMatchObject({ readiness: 33.3, coverage: 60, unratedItems: 0 });
  });

  it('counts never-rated items as unknown, not as zero gaps, and ignores drafts', async () => {
    const { classes } = await readinessAcrossClasses(ctx.db, emp.id);
    expect(classes.find((c) => c.title === 'BETA BUILDER')).toMatchObject({ totalItems: 4, unratedItems: 1, unratedShare: 25 });
    expect(classes.find((c) => c.title === 'GAMMA GUARDIAN')).toMatchObject({
      readiness: 0,
      coverage: 0,
      unratedItems: 2,
      unratedShare: 100,
    });
  });

  it('sorts classes by readiness, highest first', async () => {
    const { classes } = await readinessAcrossClasses(ctx.db, emp.id);
    const readiness = classes.map((c) => c.readiness);
    expect(readiness).toEqual([...readiness].sort((a, b) => b - a));
    expect(classes[classes.length - 1].title).toBe('GAMMA GUARDIAN');
  });

  it('shows the employee each class with readiness, coverage and the not-yet-rated share', async () => {
    const agent = await signIn(ctx.app, emp.email);
    const res = await agent.get('/career');
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/<caption id="[^"]+">Readiness for each class, highest first<\/caption>/);
    expect(res.text).toContain('not yet rated: 1 of 4 items (25.0%)');
    expect(res.text).toContain('not yet rated: 2 of 2 items (100.0%)');
    expect(res.text).toContain(`href="/career/classes/${B.classSpecId}"`);
  });

  it('lists the gaps by priority and the not-yet-rated items of a class', async () => {
    const agent = await signIn(ctx.app, emp.email);
    const res = await agent.get(`/career/classes/${B.classSpecId}`);
    expect(res.status).toBe(200);
    const priorities = res.text.slice(res.text.indexOf('Development priorities'), res.text.indexOf('Not yet rated ('));
    expect(priorities).toContain('SHARED ONE'); // required 4, known 2
    expect(priorities).not.toContain('beta things');
    const unrated = res.text.slice(res.text.indexOf('Not yet rated ('), res.text.indexOf('Already met'));
    expect(unrated).toContain('beta things');
    expect(res.text).toContain('Open your assessment for this class'); // B is submitted, still open
  });

  it('treats a class nobody rated as all unknown: no gaps listed, every item not yet rated', async () => {
    const agent = await signIn(ctx.app, emp.email);
    const res = await agent.get(`/career/classes/${C.classSpecId}`);
    expect(res.text).toContain('No gaps among the rated items.');
    expect(res.text).toContain('Not yet rated (2)');
    expect(res.text).toContain('Open your assessment for this class'); // the draft of C
    const closed = await agent.get(`/career/classes/${A.classSpecId}`); // A was reviewed: nothing open
    expect(closed.text).toContain('Start an assessment for this class');
  });
});

describe('starting an assessment from career readiness', () => {
  it('creates a draft of the current version pre-filled with the known levels, audited', async () => {
    const agent = await signIn(ctx.app, emp.email);
    const res = await agent
      .post(`/career/classes/${A.classSpecId}/start`)
      .type('form')
      .send({ _csrf: await agent.csrf(`/career/classes/${A.classSpecId}`) });
    expect(res.status).toBe(303);
    const id = Number(res.headers.location.match(/^\/assessments\/(\d+)$/)?.[1]);
    const a = await ctx.db('assessments').where({ id }).first();
    expect(a).toMatchObject({
      employee_id: emp.id,
      class_spec_id: A.classSpecId,
      class_version_id: A.versionId,
      status: 'draft',
      previous_assessment_id: reviewedA,
    });
    const ratings = await ctx.db('ratings').where({ assessment_id: id }).orderBy('item_id').select('item_id', 'self_level');
    expect(ratings.map((r) => [r.item_id, r.self_level])).toEqual([
      [A.items[0].id, 2],
      [A.items[1].id, 1],
      [A.items[2].id, 3],
    ]);
    const audit = await ctx
      .db('audit_log')
      .where({ action: 'assessment.started', entity_id: String(id) })
      .first();
    expect(audit.actor_id).toBe(emp.id);
  });

  it('leaves never-rated items empty in the new draft', async () => {
    const other = await createUser(ctx.db);
    await createAssessment(ctx.db, { employeeId: other.id, cls: A, status: 'submitted', self: [5, 5, 5] });
    const agent = await signIn(ctx.app, other.email);
    const res = await agent
      .post(`/career/classes/${C.classSpecId}/start`)
      .type('form')
      .send({ _csrf: await agent.csrf('/career') });
    const id = Number(res.headers.location.split('/').pop());
    const n = await ctx.db('ratings').where({ assessment_id: id }).count({ n: '*' }).first();
    expect(Number(n?.n)).toBe(0);
    expect(await ctx.db('assessments').where({ id }).first()).toMatchObject({ status: 'draft', class_spec_id: C.classSpecId });
  });

  it('goes to the open assessment instead of creating a second one', async () => {
    const agent = await signIn(ctx.app, emp.email);
    const before = await ctx.db('assessments').where({ employee_id: emp.id }).count({ n: '*' }).first();
    const open = await ctx.db('assessments').where({ employee_id: emp.id, class_spec_id: B.classSpecId, status: 'submitted' }).first('id');
    const res = await agent
      .post(`/career/classes/${B.classSpecId}/start`)
      .type('form')
      .send({ _csrf: await agent.csrf('/career') });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/assessments/${open.id}`);
    expect(await ctx.db('assessments').where({ employee_id: emp.id }).count({ n: '*' }).first()).toEqual(before);
  });

  it('answers 404 for a class that does not exist', async () => {
    const agent = await signIn(ctx.app, emp.email);
    const res = await agent
      .post('/career/classes/999999/start')
      .type('form')
      .send({ _csrf: await agent.csrf('/career') });
    expect(res.status).toBe(404);
  });
});
