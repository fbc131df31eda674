import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openCycle, resumeOpening, addPeople } from '../../src/cycles/cycles.service';
import { emptyCycleForm } from '../../src/cycles/cycle-form';
import { newTestDb, PG_URL } from '../helpers/test-db';
import { migrationSource } from '../../src/db/migrations';
import { insertedId } from '../../src/db/inserted-id';

const STAGE_MIGRATION = '20261213000100_add_stage_to_cycle_members';
import { csrfFrom, setupTestContext, signIn } from '../helpers/context';

type Agent = Awaited<ReturnType<typeof signIn>>;
import { createAssessment, createClassSpec, createUser, type CreatedClass } from '../helpers/factories';

const ctx = setupTestContext();
const LINKS = { baseUrl: 'https://competency.example.gov' };

const oneItemClass = (title?: string) =>
  createClassSpec(ctx.db, { title, items: [{ category: 'skill', name: 'WRITING', requiredLevel: 3 }] });

/** A department of its own: a supervisor, `n` employees with the job class, and an admin. */
async function org(n: number, cls: CreatedClass | null) {
  const dept = `Dept ${crypto.randomUUID().slice(0, 8)}`;
  const admin = await createUser(ctx.db, { roles: ['employee', 'admin'], department: 'HR' });
  const sup = await createUser(ctx.db, { roles: ['employee', 'supervisor'], department: dept, name: 'Sam Super' });
  const people = [];
  for (let i = 0; i < n; i++) people.push(await createUser(ctx.db, { supervisorId: sup.id, department: dept, name: `Emp ${i}` }));
  if (cls)
    await ctx
      .db('users')
      .whereIn('id', [sup.id, ...people.map((p) => p.id)])
      .update({ job_class_id: cls.classSpecId });
  return { dept, admin, sup, people };
}

async function post(agent: Agent, path: string, body: Record<string, string>, from = '/') {
  return agent
    .post(path)
    .type('form')
    .send({ _csrf: await agent.csrf(from), ...body });
}

const cycleForm = (extra: Record<string, string>) => ({
  name: 'Spring round',
  target: 'own',
  selfDue: '2027-01-31',
  reviewDue: '2027-02-28',
  ...extra,
});

async function openByHttp(agent: Agent, body: Record<string, string>): Promise<number> {
  const res = await post(agent, '/admin/cycles', cycleForm(body), '/admin/cycles/new');
  expect(res.status, res.text.slice(0, 500)).toBe(303);
  return Number(/\/admin\/cycles\/(\d+)$/.exec(res.headers.location)![1]);
}

const drafts = (cycleId: number) => ctx.db('assessments').where({ cycle_id: cycleId });

describe('opening a cycle', () => {
  it('starts a draft for each person against the current version and lists whom it skipped and why', async () => {
    const cls = await oneItemClass();
    const o = await org(3, cls);
    // Skips: one with an open assessment of the class, one without a job class, one deactivated.
    await createAssessment(ctx.db, { employeeId: o.people[0].id, cls, status: 'submitted', self: [3] });
    await createUser(ctx.db, { supervisorId: o.sup.id, department: o.dept, name: 'Nora Noclass' });
    const gone = await createUser(ctx.db, { supervisorId: o.sup.id, department: o.dept, name: 'Gus Gone' });
    await ctx.db('users').where({ id: gone.id }).update({ job_class_id: cls.classSpecId, active: false });
    const admin = await signIn(ctx.app, o.admin.email);

    const id = await openByHttp(admin, { population: 'department', department: o.dept });

    const rows = await drafts(id);
    expect(rows.map((r: { employee_id: number }) => r.employee_id).sort()).toEqual([o.sup.id, o.people[1].id, o.people[2].id].sort());
    expect(
      rows.every((r: { class_version_id: number; status: string }) => r.class_version_id === cls.versionId && r.status === 'draft'),
    ).toBe(true);
    const page = await admin.get(`/admin/cycles/${id}`);
    expect(page.text).toContain('3 people were skipped');
    expect(page.text).toContain('Nora Noclass');
    expect(page.text).toContain('has no job class');
    expect(page.text).toContain('Gus Gone');
    expect(page.text).toContain('is deactivated');
    expect(page.text).toContain('has an open assessment of this class already');
    const audit = await ctx
      .db('audit_log')
      .where({ action: 'cycle.opened', entity_id: String(id) })
      .first();
    expect(JSON.parse(audit.details)).toMatchObject({ created: 3, skipped: { 'open-assessment': 1, 'no-job-class': 1, deactivated: 1 } });
    expect(
      await ctx
        .db('audit_log')
        .where({ action: 'assessment.started' })
        .whereIn(
          'entity_id',
          rows.map((r: { id: number }) => String(r.id)),
        ),
    ).toHaveLength(3);
  });

  it('assesses everyone against one class when one is chosen, and a second cycle does not duplicate drafts', async () => {
    const own = await oneItemClass();
    const other = await oneItemClass();
    const o = await org(2, own);
    const admin = await signIn(ctx.app, o.admin.email);
    const first = await openByHttp(admin, {
      population: 'subtree',
      supervisor: o.sup.email,
      target: 'class',
      classSpecId: String(other.classSpecId),
    });
    expect((await drafts(first)).map((r: { class_spec_id: number }) => r.class_spec_id)).toEqual([other.classSpecId, other.classSpecId]);
    const second = await openByHttp(admin, {
      population: 'subtree',
      supervisor: o.sup.email,
      target: 'class',
      classSpecId: String(other.classSpecId),
    });
    expect(await drafts(second)).toHaveLength(0);
    expect(
      await ctx.db('assessments').whereIn(
        'employee_id',
        o.people.map((p) => p.id),
      ),
    ).toHaveLength(2);
  });

  it('refuses bad input with a message per field and stores nothing', async () => {
    const o = await org(1, null);
    const admin = await signIn(ctx.app, o.admin.email);
    const before = await ctx.db('cycles').count({ n: '*' }).first();
    const res = await post(
      admin,
      '/admin/cycles',
      { name: '', population: 'list', list: 'nobody@example.gov', selfDue: '2027-02-30', reviewDue: '' },
      '/admin/cycles/new',
    );
    expect(res.status).toBe(422);
    expect(res.text).toContain('href="#name"');
    expect(res.text).toContain('href="#selfDue"');
    const unknown = await post(
      admin,
      '/admin/cycles',
      cycleForm({ population: 'list', list: `${o.people[0].email}\nnobody-${crypto.randomUUID()}@example.gov` }),
      '/admin/cycles/new',
    );
    expect(unknown.status).toBe(422);
    expect(unknown.text).toContain('These match nobody');
    expect(unknown.text).toContain(o.people[0].email); // the typed list is kept
    expect(await ctx.db('cycles').count({ n: '*' }).first()).toEqual(before);
  });

  it('opens a small cycle in one transaction: a failure stores no cycle and no draft', async () => {
    const cls = await oneItemClass();
    const o = await org(3, cls);
    const victim = o.people[2].id;
    await failDraftInsertFor(victim);
    const before = Number((await ctx.db('cycles').count({ n: '*' }).first())!.n);
    const input = { ...emptyCycleForm(), ...cycleForm({ population: 'department', department: o.dept }) };
    await expect(openCycle(ctx.db, { id: o.admin.id, ip: null }, input, LINKS)).rejects.toThrow();
    expect(Number((await ctx.db('cycles').count({ n: '*' }).first())!.n)).toBe(before);
    expect(await ctx.db('assessments').whereIn('employee_id', [o.sup.id, ...o.people.map((p) => p.id)])).toHaveLength(0);
    await dropFailure();
  });

  it('opens a large cycle chunk by chunk; after a failure mid-way it resumes without duplicating anyone', async () => {
    const cls = await oneItemClass();
    const o = await org(7, cls); // 8 people, chunks of 3
    await failDraftInsertFor(o.people[4].id);
    const actor = { id: o.admin.id, ip: null };
    const input = { ...emptyCycleForm(), ...cycleForm({ population: 'department', department: o.dept }) };
    await expect(openCycle(ctx.db, actor, input, LINKS, { chunkSize: 3 })).rejects.toThrow();
    const cycle = await ctx.db('cycles').orderBy('id', 'desc').first();
    expect(cycle.status).toBe('opening');
    const members = await ctx.db('cycle_members').where({ cycle_id: cycle.id });
    expect(members).toHaveLength(8);
    expect(members.filter((m: { state: string }) => m.state === 'created')).toHaveLength(3); // the first chunk committed
    expect(await drafts(cycle.id)).toHaveLength(3); // the failed chunk stored nothing
    await dropFailure();
    const out = await resumeOpening(ctx.db, actor, cycle.id, LINKS, { chunkSize: 3 });
    expect(out.createdDraftIds).toHaveLength(5);
    expect(await drafts(cycle.id)).toHaveLength(8);
    expect((await ctx.db('cycles').where({ id: cycle.id }).first()).status).toBe('open');
    // Adding the same people again changes nothing.
    const again = await addPeople(
      ctx.db,
      actor,
      cycle.id,
      { population: 'department', department: o.dept, supervisor: '', list: '' },
      LINKS,
    );
    expect(again.createdDraftIds).toHaveLength(0);
    expect(await drafts(cycle.id)).toHaveLength(8);
  });
});

/** Makes inserting an assessment for one person fail (a stand-in for a crash mid-way). */
async function failDraftInsertFor(userId: number) {
  if (PG_URL) {
    await ctx.db.raw(
      `CREATE OR REPLACE FUNCTION fail_draft() RETURNS trigger AS $$ BEGIN IF NEW.employee_id = ${userId} THEN RAISE EXCEPTION 'boom'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`,
    );
    await ctx.db.raw('CREATE TRIGGER fail_draft BEFORE INSERT ON assessments FOR EACH ROW EXECUTE FUNCTION fail_draft()');
  } else {
    await ctx.db.raw(
      `CREATE TRIGGER fail_draft BEFORE INSERT ON assessments WHEN NEW.employee_id = ${userId} BEGIN SELECT RAISE(ABORT, 'boom'); END`,
    );
  }
}

async function dropFailure() {
  await ctx.db.raw(PG_URL ? 'DROP TRIGGER fail_draft ON assessments' : 'DROP TRIGGER fail_draft');
}

describe('changing a cycle', () => {
  it('adds people later, changes dates (audited), and once closed is read-only while drafts stay drafts', async () => {
    const cls = await oneItemClass();
    const o = await org(2, cls);
    const late = await createUser(ctx.db, { department: 'Elsewhere', name: 'Lee Late' });
    await ctx
      .db('users')
      .where({ id: late.id })
      .update({ job_class_id: cls.classSpecId, employee_id: `E-${late.id}` });
    const admin = await signIn(ctx.app, o.admin.email);
    const id = await openByHttp(admin, { population: 'list', list: o.people.map((p) => p.email).join('\n') });
    expect(await drafts(id)).toHaveLength(2);

    const added = await post(
      admin,
      `/admin/cycles/${id}/people`,
      { population: 'list', list: `E-${late.id}\n${o.people[0].email}` },
      `/admin/cycles/${id}`,
    );
    expect(added.status).toBe(303);
    expect(await drafts(id)).toHaveLength(3);
    expect(await ctx.db('audit_log').where({ action: 'cycle.people_added', entity_id: String(id) })).toHaveLength(1);

    const bad = await post(admin, `/admin/cycles/${id}/dates`, { selfDue: '2027-03-01', reviewDue: '2027-02-01' }, `/admin/cycles/${id}`);
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('cannot be before');
    const moved = await post(admin, `/admin/cycles/${id}/dates`, { selfDue: '2027-02-15', reviewDue: '2027-03-15' }, `/admin/cycles/${id}`);
    expect(moved.status).toBe(303);
    expect(await ctx.db('cycles').where({ id }).first()).toMatchObject({ self_due: '2027-02-15', review_due: '2027-03-15' });
    const audit = await ctx
      .db('audit_log')
      .where({ action: 'cycle.dates_changed', entity_id: String(id) })
      .first();
    expect(JSON.parse(audit.details)).toMatchObject({ from: { selfDue: '2027-01-31' }, to: { selfDue: '2027-02-15' } });

    expect((await post(admin, `/admin/cycles/${id}/close`, {}, `/admin/cycles/${id}`)).status).toBe(303);
    expect(await ctx.db('audit_log').where({ action: 'cycle.closed', entity_id: String(id) })).toHaveLength(1);
    expect(
      (await post(admin, `/admin/cycles/${id}/dates`, { selfDue: '2027-02-16', reviewDue: '2027-03-16' }, `/admin/cycles/${id}`)).status,
    ).toBe(409);
    expect((await post(admin, `/admin/cycles/${id}/people`, { population: 'everyone' }, `/admin/cycles/${id}`)).status).toBe(409);
    expect((await post(admin, `/admin/cycles/${id}/close`, {}, `/admin/cycles/${id}`)).status).toBe(409);
    expect((await drafts(id)).every((r: { status: string }) => r.status === 'draft')).toBe(true);
    const page = await admin.get(`/admin/cycles/${id}`);
    expect(page.text).toContain('This cycle is closed');
    expect(page.text).not.toContain('action="/admin/cycles/' + id + '/people"');
  });
});

describe('completion dashboard', () => {
  it('counts each stage and overdue per department and supervisor, sorts, downloads CSV, and shows supervisors only their subtree', async () => {
    const cls = await oneItemClass('DASH CLASS');
    const o = await org(4, cls);
    const other = await org(1, cls); // another department and supervisor
    const admin = await signIn(ctx.app, o.admin.email);
    const id = await openByHttp(admin, {
      population: 'list',
      list: [...o.people, ...other.people].map((p) => p.email).join('\n'),
      selfDue: '2020-01-31',
      reviewDue: '2020-02-28',
    });
    const byEmp = new Map((await drafts(id)).map((r: { employee_id: number; id: number }) => [r.employee_id, r.id]));
    const [p0, p1, p2] = o.people;
    const item = cls.items[0].id;
    // p0: draft with a rating; p1: submitted; p2: returned; p3: not started; p1 later reviewed.
    const e0 = await signIn(ctx.app, p0.email);
    expect(
      (await post(e0, `/assessments/${byEmp.get(p0.id)}`, { [`level[${item}]`]: '2', action: 'save' }, `/assessments/${byEmp.get(p0.id)}`))
        .status,
    ).toBe(303);
    const e1 = await signIn(ctx.app, p1.email);
    expect(
      (
        await post(
          e1,
          `/assessments/${byEmp.get(p1.id)}`,
          { [`level[${item}]`]: '3', action: 'submit' },
          `/assessments/${byEmp.get(p1.id)}`,
        )
      ).status,
    ).toBe(303);
    const e2 = await signIn(ctx.app, p2.email);
    expect(
      (
        await post(
          e2,
          `/assessments/${byEmp.get(p2.id)}`,
          { [`level[${item}]`]: '3', action: 'submit' },
          `/assessments/${byEmp.get(p2.id)}`,
        )
      ).status,
    ).toBe(303);
    const sup = await signIn(ctx.app, o.sup.email);
    const reviewPage = await sup.get(`/reviews/${byEmp.get(p2.id)}`);
    const lock = /name="lock_version" value="(\d+)"/.exec(reviewPage.text)![1];
    const ret = await sup
      .post(`/reviews/${byEmp.get(p2.id)}`)
      .type('form')
      .send({ _csrf: csrfFrom(reviewPage.text), lock_version: lock, action: 'return', return_comment: 'Add evidence' });
    expect(ret.status).toBe(303);

    const page = await admin.get(`/admin/cycles/${id}`);
    expect(page.status).toBe(200);
    // Everyone: 5 people; 1 not started (+ other dept's), 1 draft, 1 submitted, 1 returned.
    expect(page.text).toContain('5 people with a draft from this cycle');
    expect(page.text).toContain('Self-assessments overdue: 4'); // not started ×2, draft, returned
    expect(page.text).toContain('Reviews overdue: 1');
    const deptRow = rowOf(page.text, o.dept);
    expect(deptRow).toEqual(['4', '1 (25%)', '1 (25%)', '1 (25%)', '1 (25%)', '0 (0%)', '4']);

    const csv = await admin.get(`/admin/cycles/${id}/progress.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text).toContain(`Department,${o.dept},4,1,25,1,25,1,25,1,25,0,0,3,1`);
    expect(csv.text).toContain('Supervisor,Sam Super,4,');

    const sorted = await admin.get(`/admin/cycles/${id}?sort=total&dir=desc`);
    expect(sorted.text.indexOf(o.dept)).toBeLessThan(sorted.text.indexOf(other.dept));
    const sortedAsc = await admin.get(`/admin/cycles/${id}?sort=total&dir=asc`);
    expect(sortedAsc.text.indexOf(other.dept)).toBeLessThan(sortedAsc.text.indexOf(o.dept));

    // The supervisor sees their own people only; the other supervisor's department is not there.
    const team = await sup.get(`/team/cycles/${id}`);
    expect(team.status).toBe(200);
    expect(team.text).toContain('4 people with a draft from this cycle among your people');
    expect(team.text).not.toContain(other.dept);
    const teamCsv = await sup.get(`/team/cycles/${id}/progress.csv`);
    expect(teamCsv.text).not.toContain(other.dept);
    // Finalising moves the count.
    const rp = await sup.get(`/reviews/${byEmp.get(p1.id)}`);
    const fin = await sup
      .post(`/reviews/${byEmp.get(p1.id)}`)
      .type('form')
      .send({
        _csrf: csrfFrom(rp.text),
        lock_version: /name="lock_version" value="(\d+)"/.exec(rp.text)![1],
        action: 'finalise',
        [`sup_${item}`]: '3',
      });
    expect(fin.status).toBe(303);
    expect(rowOf((await sup.get(`/team/cycles/${id}`)).text, o.dept)).toEqual([
      '4',
      '1 (25%)',
      '1 (25%)',
      '0 (0%)',
      '1 (25%)',
      '1 (25%)',
      '3',
    ]);

    // A supervisor with nobody in the cycle, an employee, and training staff get 404.
    const stranger = await createUser(ctx.db, { roles: ['employee', 'supervisor'] });
    await createUser(ctx.db, { supervisorId: stranger.id });
    const s2 = await signIn(ctx.app, stranger.email);
    expect((await s2.get(`/team/cycles/${id}`)).status).toBe(404);
    expect((await s2.get(`/team/cycles/${id}/progress.csv`)).status).toBe(404);
    expect((await e0.get(`/team/cycles/${id}`)).status).toBe(404);
    expect((await e0.get(`/admin/cycles/${id}`)).status).toBe(404);
    expect((await e0.get(`/admin/cycles/${id}/progress.csv`)).status).toBe(404);
    expect((await sup.get(`/admin/cycles/${id}`)).status).toBe(404);
  });

  it("shows what is due on the employee's home and the reviews due on the supervisor's", async () => {
    const cls = await oneItemClass('IT ENGINEER TEST');
    const o = await org(1, cls);
    const admin = await signIn(ctx.app, o.admin.email);
    const due = new Date(Date.now() + 12 * 86_400_000).toISOString().slice(0, 10);
    const reviewDue = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
    const id = await openByHttp(admin, { population: 'list', list: o.people[0].email, selfDue: due, reviewDue });
    const emp = await signIn(ctx.app, o.people[0].email);
    const home = await emp.get('/');
    const long = new Date(`${due}T00:00:00Z`).toLocaleDateString('en-GB', {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    });
    expect(home.text).toContain(`Self-assessment for IT ENGINEER TEST</a> due ${long} — 12 days left`);
    const draftId = (await drafts(id))[0].id;
    await post(emp, `/assessments/${draftId}`, { [`level[${cls.items[0].id}]`]: '3', action: 'submit' }, `/assessments/${draftId}`);
    expect((await emp.get('/')).text).not.toContain('Self-assessment for IT ENGINEER TEST');
    const sup = await signIn(ctx.app, o.sup.email);
    expect((await sup.get('/')).text).toContain('1 review for Spring round</a> due');
  });

  it('moves each member between stages with every change: rating autosave, submit, return, save after return, finalise, delete', async () => {
    const cls = await oneItemClass('STAGE CLASS');
    const o = await org(3, cls);
    const admin = await signIn(ctx.app, o.admin.email);
    const id = await openByHttp(admin, { population: 'department', department: o.dept });
    const byEmp = new Map((await drafts(id)).map((r: { employee_id: number; id: number }) => [r.employee_id, r.id]));
    const [p0, p1, p2] = o.people;
    const item = cls.items[0].id;
    // Cells: total, not started, draft, submitted, returned, reviewed (the supervisor is a member too).
    const counts = async () => rowOf((await admin.get(`/admin/cycles/${id}`)).text, o.dept).slice(0, 6);
    const pct = (n: number) => `${n} (${Math.round((n / 4) * 100)}%)`;
    const expectCounts = async (ds: number[]) => {
      expect(await counts()).toEqual(['4', ...ds.map(pct)]);
      await expectStagesMatchTheirAssessments(id);
    };
    await expectCounts([4, 0, 0, 0, 0]);

    // p0's first rating, saved by autosave: draft; a second autosave keeps it there.
    const e0 = await signIn(ctx.app, p0.email);
    const t0 = await e0.csrf(`/assessments/${byEmp.get(p0.id)}`);
    const autosave = (agent: Agent, token: string, assessmentId: number, level: number) =>
      agent.post(`/assessments/${assessmentId}/ratings/${item}`).set('x-csrf-token', token).send({ level });
    expect((await autosave(e0, t0, byEmp.get(p0.id)!, 2)).status).toBe(200);
    await expectCounts([3, 1, 0, 0, 0]);
    expect((await autosave(e0, t0, byEmp.get(p0.id)!, 3)).status).toBe(200);
    await expectCounts([3, 1, 0, 0, 0]);

    // p1 submits, the supervisor returns it, p1's autosave after the return keeps it returned.
    const e1 = await signIn(ctx.app, p1.email);
    const a1 = byEmp.get(p1.id)!;
    expect((await post(e1, `/assessments/${a1}`, { [`level[${item}]`]: '3', action: 'submit' }, `/assessments/${a1}`)).status).toBe(303);
    await expectCounts([2, 1, 1, 0, 0]);
    const sup = await signIn(ctx.app, o.sup.email);
    const review = async (action: 'return' | 'finalise') => {
      const rp = await sup.get(`/reviews/${a1}`);
      return sup
        .post(`/reviews/${a1}`)
        .type('form')
        .send({
          _csrf: csrfFrom(rp.text),
          lock_version: /name="lock_version" value="(\d+)"/.exec(rp.text)![1],
          action,
          ...(action === 'return' ? { return_comment: 'Add evidence' } : { [`sup_${item}`]: '3' }),
        });
    };
    expect((await review('return')).status).toBe(303);
    await expectCounts([2, 1, 0, 1, 0]);
    expect((await autosave(e1, await e1.csrf(`/assessments/${a1}`), a1, 4)).status).toBe(200);
    await expectCounts([2, 1, 0, 1, 0]);
    // Submitted again, then finalised.
    expect((await post(e1, `/assessments/${a1}`, { [`level[${item}]`]: '4', action: 'submit' }, `/assessments/${a1}`)).status).toBe(303);
    await expectCounts([2, 1, 1, 0, 0]);
    expect((await review('finalise')).status).toBe(303);
    await expectCounts([2, 1, 0, 0, 1]);

    // p2 saves the form (draft), then deletes the draft: not started again.
    const e2 = await signIn(ctx.app, p2.email);
    const a2 = byEmp.get(p2.id)!;
    expect((await post(e2, `/assessments/${a2}`, { [`level[${item}]`]: '1', action: 'save' }, `/assessments/${a2}`)).status).toBe(303);
    await expectCounts([1, 2, 0, 0, 1]);
    expect((await post(e2, `/assessments/${a2}/delete`, {}, `/assessments/${a2}/delete`)).status).toBe(303);
    await expectCounts([2, 1, 0, 0, 1]);
  });
});

describe('the stage migration', () => {
  it("backfills each existing member's stage from its assessment and ratings", async () => {
    const t = newTestDb();
    await t.create();
    try {
      const db = t.db;
      const cls = await createClassSpec(db, { items: [{ category: 'skill', name: 'WRITING', requiredLevel: 3 }] });
      const people: { id: number }[] = [];
      for (let i = 0; i < 7; i++) people.push(await createUser(db, {}));
      const a = (i: number, status: 'draft' | 'submitted' | 'reviewed', self?: number[]) =>
        createAssessment(db, { employeeId: people[i].id, cls, status, self });
      const untouched = await a(1, 'draft');
      const rated = await a(2, 'draft', [2]);
      const submitted = await a(3, 'submitted', [3]);
      const returned = await a(4, 'draft', [3]);
      await db('assessments').where({ id: returned }).update({ returned_at: new Date().toISOString() });
      const reviewed = await a(5, 'reviewed', [3]);
      const outside = await a(6, 'draft', [1]); // a skipped member's own assessment is not theirs by the cycle
      const cycleId = insertedId(
        await db('cycles')
          .insert({ name: 'Before stages', population_kind: 'list', self_due: '2027-01-31', review_due: '2027-02-28', status: 'open' })
          .returning('id'),
      );
      const members: [number, number | null, string][] = [
        [0, null, 'created'],
        [1, untouched, 'created'],
        [2, rated, 'created'],
        [3, submitted, 'created'],
        [4, returned, 'created'],
        [5, reviewed, 'created'],
        [6, null, 'skipped'],
      ];
      await db('cycle_members').insert(
        members.map(([i, assessmentId, state]) => ({ cycle_id: cycleId, user_id: people[i].id, assessment_id: assessmentId, state })),
      );
      expect(outside).toBeGreaterThan(0);
      await db.migrate.down({ migrationSource, name: STAGE_MIGRATION });
      expect(await db.schema.hasColumn('cycle_members', 'stage')).toBe(false);
      await db.migrate.up({ migrationSource, name: STAGE_MIGRATION });
      const stages = await db('cycle_members').where({ cycle_id: cycleId }).select('user_id', 'stage');
      const byUser = new Map(stages.map((r: { user_id: number; stage: string }) => [Number(r.user_id), r.stage]));
      expect(people.map((p) => byUser.get(p.id))).toEqual([
        'not_started',
        'not_started',
        'draft',
        'submitted',
        'returned',
        'reviewed',
        'not_started',
      ]);
    } finally {
      await t.drop();
    }
  });
});

/** Every member's stored stage is the one its assessment and ratings say (the rules the dashboard used to work out). */
async function expectStagesMatchTheirAssessments(cycleId: number) {
  const rows: { stage: string; derived: string }[] = await ctx.db
    .raw(
      `select m.stage, case
       when a.id is null then 'not_started'
       when a.status = 'reviewed' then 'reviewed'
       when a.status = 'submitted' then 'submitted'
       when a.returned_at is not null then 'returned'
       when exists (select 1 from ratings r where r.assessment_id = a.id) then 'draft'
       else 'not_started' end as derived
     from cycle_members m left join assessments a on a.id = m.assessment_id
     where m.cycle_id = ? and m.state = 'created'`,
      [cycleId],
    )
    .then((r: { rows?: unknown[] } | unknown[]) => (Array.isArray(r) ? r : r.rows) as { stage: string; derived: string }[]);
  expect(rows.length).toBeGreaterThan(0);
  for (const r of rows) expect(r.stage).toBe(r.derived);
}

describe('cycle progress in the navigation', () => {
  it("links supervisors (not employees) to their people's cycles, marked as the current page there", async () => {
    const cls = await oneItemClass();
    const o = await org(1, cls);
    const admin = await signIn(ctx.app, o.admin.email);
    const id = await openByHttp(admin, { population: 'list', list: o.people[0].email });
    const sup = await signIn(ctx.app, o.sup.email);
    const home = await sup.get('/');
    expect(home.text).toContain('<a href="/team/cycles">Cycle progress</a>');
    const list = await sup.get('/team/cycles');
    expect(list.text).toContain(`href="/team/cycles/${id}"`);
    const page = await sup.get(`/team/cycles/${id}`);
    expect(page.text).toContain('<a href="/team/cycles" aria-current="page">Cycle progress</a>');
    expect(page.text).toContain('<a href="/team">Team</a>');
    const emp = await signIn(ctx.app, o.people[0].email);
    expect((await emp.get('/')).text).not.toContain('href="/team/cycles"');
  });
});

describe('acknowledgement', () => {
  it('lets the employee acknowledge a reviewed result once, with a comment shown on the report and PDF', async () => {
    const cls = await oneItemClass();
    const o = await org(1, cls);
    const id = await createAssessment(ctx.db, {
      employeeId: o.people[0].id,
      cls,
      status: 'reviewed',
      self: [3],
      supervisor: [2],
      reviewerId: o.sup.id,
    });
    const emp = await signIn(ctx.app, o.people[0].email);
    const page = await emp.get(`/assessments/${id}/report`);
    expect(page.text).toContain('it does not mean you agree with it');
    expect(page.text).toContain('Acknowledge this result');
    const sup = await signIn(ctx.app, o.sup.email);
    expect((await sup.get(`/assessments/${id}/report`)).text).not.toContain('Acknowledge this result');
    const bySup = await post(sup, `/assessments/${id}/acknowledge`, { acknowledgement: 'x' });
    expect(bySup.status).toBe(404);
    const tooLong = await post(emp, `/assessments/${id}/acknowledge`, { acknowledgement: 'x'.repeat(2001) });
    expect(tooLong.status).toBe(422);
    const ok = await post(emp, `/assessments/${id}/acknowledge`, { acknowledgement: 'I see <teamwork> differently' });
    expect(ok.status).toBe(303);
    const after = await sup.get(`/assessments/${id}/report`);
    expect(after.text).toContain('acknowledged this result on');
    expect(after.text).toContain('I see &lt;teamwork&gt; differently');
    expect((await post(emp, `/assessments/${id}/acknowledge`, {})).status).toBe(409);
    expect(await ctx.db('audit_log').where({ action: 'assessment.acknowledged', entity_id: String(id) })).toHaveLength(1);
    const pdf = await emp.get(`/assessments/${id}/report.pdf`);
    expect(pdf.status).toBe(200);
    const submitted = await createAssessment(ctx.db, {
      employeeId: o.people[0].id,
      cls: await oneItemClass(),
      status: 'submitted',
      self: [3],
    });
    expect((await post(emp, `/assessments/${submitted}/acknowledge`, {})).status).toBe(409);
  });
});

/** The cells of the table row headed `label` (first table that has it). */
function rowOf(html: string, label: string): string[] {
  const at = html.indexOf(`<th scope="row">${label}</th>`);
  const row = html.slice(at, html.indexOf('</tr>', at));
  return [...row.matchAll(/<td class="num">([^<]*)<\/td>/g)].map((m) => m[1]);
}

describe('job class', () => {
  it('is set on the user form from the catalogue (audited), refuses an unknown class, and is what a cycle assesses by default', async () => {
    const cls = await oneItemClass('JOB CLASS TEST');
    const o = await org(0, null);
    const person = await createUser(ctx.db, { department: o.dept, name: 'Jo Class' });
    const admin = await signIn(ctx.app, o.admin.email);
    const edit = await admin.get(`/admin/users/${person.id}/edit`);
    expect(edit.text).toContain('<label for="jobClass">Job class (optional)</label>');
    const form = { email: person.email, displayName: 'Jo Class', department: o.dept, supervisor: '' };
    const bad = await post(admin, `/admin/users/${person.id}/edit`, { ...form, jobClass: '99999999' }, `/admin/users/${person.id}/edit`);
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('href="#jobClass"');
    const ok = await post(
      admin,
      `/admin/users/${person.id}/edit`,
      { ...form, jobClass: String(cls.classSpecId) },
      `/admin/users/${person.id}/edit`,
    );
    expect(ok.status).toBe(303);
    expect((await ctx.db('users').where({ id: person.id }).first()).job_class_id).toBe(cls.classSpecId);
    const audit = await ctx
      .db('audit_log')
      .where({ action: 'user.updated', entity_id: String(person.id) })
      .first();
    expect(JSON.parse(audit.details).changes.jobClassId).toEqual({ from: null, to: String(cls.classSpecId) });
    const id = await openByHttp(admin, { population: 'list', list: person.email });
    expect((await drafts(id)).map((r: { class_spec_id: number }) => r.class_spec_id)).toEqual([cls.classSpecId]);
  });
});
