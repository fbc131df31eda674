import { describe, expect, it } from 'vitest';
import { refreshAssessmentResults } from '../../src/results/results.service';
import { computeGap } from '../../src/competency/gap';
import { loadRatedItems } from '../../src/reports/reports.repository';
import { createAssessment, createClassSpec, createUser } from '../helpers/factories';
import { csrfFrom, setupTestContext, signIn, type Agent } from '../helpers/context';
import { buildOrg, submitted } from './org';

const ctx = setupTestContext();

async function formOf(agent: Agent, id: number) {
  const page = await agent.get(`/reviews/${id}`);
  expect(page.status).toBe(200);
  const lock = page.text.match(/name="lock_version" value="(\d+)"/)?.[1];
  return { csrf: csrfFrom(page.text), lock: lock ?? '', html: page.text };
}

function audits(action: string, id: number) {
  return ctx.db('audit_log').where({ action, entity_type: 'assessment', entity_id: String(id) });
}

describe('supervisor review', () => {
  it('saves partial work, refuses a return without comment, returns, then finalises once every item is rated; the report matches computeGap', async () => {
    const org = await buildOrg(ctx.db);
    const [k, s, ab, c] = org.cls.items;
    const id = await submitted(ctx.db, org, [2, 3, 1, 4], ['Ran the firewall migration', undefined as unknown as string]);
    const sup = await signIn(ctx.app, org.supervisor.email);

    const list = await sup.get('/reviews');
    expect(list.text).toContain(`href="/reviews/${id}"`);

    let form = await formOf(sup, id);
    expect(form.html).toContain('Ran the firewall migration');
    expect(form.html).toContain('3 – Intermediate');
    expect(form.html).toContain('Applies it in difficult situations; needs occasional guidance');

    // Save review keeps partial work.
    const saved = await sup
      .post(`/reviews/${id}`)
      .type('form')
      .send({ _csrf: form.csrf, lock_version: form.lock, action: 'save', [`sup_${k.id}`]: '3', [`comment_${k.id}`]: 'Solid on firewalls' });
    expect(saved.status).toBe(303);
    const r1 = await ctx.db('ratings').where({ assessment_id: id, item_id: k.id }).first();
    expect(r1.supervisor_level).toBe(3);
    expect(r1.supervisor_comment).toBe('Solid on firewalls');
    expect(await audits('rating.supervisor_changed', id)).toHaveLength(1);

    // Return without a comment: 422, entries kept (and saved), still submitted.
    form = await formOf(sup, id);
    const noComment = await sup
      .post(`/reviews/${id}`)
      .type('form')
      .send({
        _csrf: form.csrf,
        lock_version: form.lock,
        action: 'return',
        [`sup_${k.id}`]: '3',
        [`sup_${s.id}`]: '2',
        [`comment_${s.id}`]: 'Needs practice',
      });
    expect(noComment.status).toBe(422);
    expect(noComment.text).toContain('href="#return_comment"');
    expect(noComment.text).toContain('Your levels and comments were saved, but the assessment was not returned');
    expect(noComment.text).toMatch(new RegExp(`name="sup_${s.id}" value="2" checked`));
    expect(noComment.text).toContain('Needs practice');
    expect((await ctx.db('assessments').where({ id }).first()).status).toBe('submitted');

    // Return with a comment: back to draft.
    form = await formOf(sup, id);
    const returned = await sup
      .post(`/reviews/${id}`)
      .type('form')
      .send({
        _csrf: form.csrf,
        lock_version: form.lock,
        action: 'return',
        return_comment: 'Please add evidence for teamwork',
        [`sup_${k.id}`]: '3',
        [`sup_${s.id}`]: '2',
      });
    expect(returned.status).toBe(303);
    const draft = await ctx.db('assessments').where({ id }).first();
    expect(draft.status).toBe('draft');
    expect(draft.return_comment).toBe('Please add evidence for teamwork');
    expect(draft.returned_at).toBeTruthy();
    expect(await audits('assessment.returned', id)).toHaveLength(1);
    expect(await ctx.db('assessment_results').where({ assessment_id: id })).toHaveLength(0);
    expect((await sup.get(`/reviews/${id}`)).status).toBe(404); // drafts are the employee's only

    // The employee resubmits (their flow belongs to the self-assessment feature).
    await ctx.db('assessments').where({ id }).update({ status: 'submitted', submitted_at: new Date().toISOString() });
    await refreshAssessmentResults(ctx.db, id);

    // Finalise with two items missing: 422 listing them as links; entries saved.
    form = await formOf(sup, id);
    const partial = await sup
      .post(`/reviews/${id}`)
      .type('form')
      .send({
        _csrf: form.csrf,
        lock_version: form.lock,
        action: 'finalise',
        [`sup_${k.id}`]: '3',
        [`sup_${s.id}`]: '2',
        [`sup_${ab.id}`]: '3',
      });
    expect(partial.status).toBe(422);
    expect(partial.text).toContain(`href="#sup-${c.id}"`);
    expect(partial.text).not.toContain(`href="#sup-${k.id}"`);
    expect((await ctx.db('ratings').where({ assessment_id: id, item_id: ab.id }).first()).supervisor_level).toBe(3);

    // Finalise complete.
    const lock = partial.text.match(/name="lock_version" value="(\d+)"/)![1];
    const fin = await sup
      .post(`/reviews/${id}`)
      .type('form')
      .send({
        _csrf: csrfFrom(partial.text),
        lock_version: lock,
        action: 'finalise',
        [`sup_${k.id}`]: '3',
        [`sup_${s.id}`]: '2',
        [`sup_${ab.id}`]: '3',
        [`sup_${c.id}`]: '1',
      });
    expect(fin.status).toBe(303);
    expect(fin.headers.location).toBe(`/assessments/${id}/report`);
    const done = await ctx.db('assessments').where({ id }).first();
    expect(done.status).toBe('reviewed');
    expect(done.reviewer_id).toBe(org.supervisor.id);
    expect(done.reviewed_at).toBeTruthy();
    expect(await audits('review.finalised', id)).toHaveLength(1);

    const expected = computeGap(await loadRatedItems(ctx.db, id, org.cls.versionId), { reviewed: true });
    // self 2,3,1,4 vs supervisor 3,2,3,1 on required 4,3,3,3: one met (ability), teamwork is a blind spot.
    expect(expected.readiness).toBe(25);
    expect(done.readiness).toBe(expected.readiness);
    expect(done.coverage).toBe(expected.coverage);
    const report = await sup.get(`/assessments/${id}/report`);
    expect(report.status).toBe(200);
    expect(report.text).toContain(`Readiness <strong>${expected.readiness.toFixed(1)}%</strong>`);
    expect(report.text).toContain(`Coverage <strong>${expected.coverage.toFixed(1)}%</strong>`);
    expect(report.text).toContain(`${expected.metItems} of ${expected.totalItems} items meet the required level`);
    expect(report.text).toContain('Blind spot');
    const results = await ctx.db('assessment_results').where({ assessment_id: id, item_id: c.id }).first();
    expect(results.level).toBe(1);

    // Reviewed is read-only: saving again answers 409, and the page has no form.
    const again = await sup
      .post(`/reviews/${id}`)
      .type('form')
      .send({ _csrf: csrfFrom(report.text), action: 'save', [`sup_${k.id}`]: '5' });
    expect(again.status).toBe(409);
    expect((await ctx.db('ratings').where({ assessment_id: id, item_id: k.id }).first()).supervisor_level).toBe(3);
    const readOnly = await sup.get(`/reviews/${id}`);
    expect(readOnly.text).toContain('read-only');
    expect(readOnly.text).not.toContain('Finalise review</button>');
  });

  it('rejects a level outside 0–5 and an over-long comment with 422, keeping every entry and saving nothing', async () => {
    const org = await buildOrg(ctx.db);
    const [k, s] = org.cls.items;
    const id = await submitted(ctx.db, org);
    const sup = await signIn(ctx.app, org.supervisor.email);
    const form = await formOf(sup, id);
    const res = await sup
      .post(`/reviews/${id}`)
      .type('form')
      .send({
        _csrf: form.csrf,
        lock_version: form.lock,
        action: 'save',
        [`sup_${k.id}`]: '7',
        [`sup_${s.id}`]: '4',
        [`comment_${s.id}`]: 'x'.repeat(2001),
      });
    expect(res.status).toBe(422);
    expect(res.text).toContain(`href="#sup-${k.id}"`);
    expect(res.text).toContain(`href="#comment-${s.id}"`);
    expect(res.text).toMatch(new RegExp(`name="sup_${s.id}" value="4" checked`));
    expect(res.text).toContain('x'.repeat(2001));
    const rows = await ctx.db('ratings').where({ assessment_id: id }).whereNotNull('supervisor_level');
    expect(rows).toHaveLength(0);
  });

  it('ignores fields other than the supervisor ones (no mass assignment of self levels or status)', async () => {
    const org = await buildOrg(ctx.db);
    const [k] = org.cls.items;
    const id = await submitted(ctx.db, org);
    const sup = await signIn(ctx.app, org.supervisor.email);
    const form = await formOf(sup, id);
    const res = await sup
      .post(`/reviews/${id}`)
      .type('form')
      .send({
        _csrf: form.csrf,
        lock_version: form.lock,
        action: 'save',
        [`sup_${k.id}`]: '4',
        [`self_${k.id}`]: '0',
        status: 'reviewed',
        employee_id: String(org.peer.id),
        readiness: '100',
      });
    expect(res.status).toBe(303);
    const a = await ctx.db('assessments').where({ id }).first();
    expect(a.status).toBe('submitted');
    expect(a.employee_id).toBe(org.employee.id);
    const r = await ctx.db('ratings').where({ assessment_id: id, item_id: k.id }).first();
    expect(r.self_level).toBe(2);
    expect(r.supervisor_level).toBe(4);
  });

  it('lets only one of two simultaneous finalisations with the same lock_version through (one 303, one 409)', async () => {
    const org = await buildOrg(ctx.db);
    const id = await submitted(ctx.db, org);
    const sup = await signIn(ctx.app, org.supervisor.email);
    const dir = await signIn(ctx.app, org.director.email);
    const f1 = await formOf(sup, id);
    const f2 = await formOf(dir, id);
    expect(f1.lock).toBe(f2.lock);
    const levels = Object.fromEntries(org.cls.items.map((i) => [`sup_${i.id}`, '3']));
    const [a, b] = await Promise.all([
      sup
        .post(`/reviews/${id}`)
        .type('form')
        .send({ _csrf: f1.csrf, lock_version: f1.lock, action: 'finalise', ...levels }),
      dir
        .post(`/reviews/${id}`)
        .type('form')
        .send({ _csrf: f2.csrf, lock_version: f2.lock, action: 'finalise', ...levels, [`sup_${org.cls.items[0].id}`]: '5' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([303, 409]);
    expect(await audits('review.finalised', id)).toHaveLength(1);
  });

  it('answers 409 to a finalise built from a stale form after someone else saved', async () => {
    const org = await buildOrg(ctx.db);
    const id = await submitted(ctx.db, org);
    const sup = await signIn(ctx.app, org.supervisor.email);
    const stale = await formOf(sup, id);
    const saved = await sup
      .post(`/reviews/${id}`)
      .type('form')
      .send({ _csrf: stale.csrf, lock_version: stale.lock, action: 'save', [`sup_${org.cls.items[0].id}`]: '1' });
    expect(saved.status).toBe(303);
    const levels = Object.fromEntries(org.cls.items.map((i) => [`sup_${i.id}`, '3']));
    const res = await sup
      .post(`/reviews/${id}`)
      .type('form')
      .send({ _csrf: stale.csrf, lock_version: stale.lock, action: 'finalise', ...levels });
    expect(res.status).toBe(409);
    expect((await ctx.db('assessments').where({ id }).first()).status).toBe('submitted');
  });

  it('lists direct reports first, then oldest submitted, and reviewed ones below; others get 404', async () => {
    const org = await buildOrg(ctx.db);
    const indirect = await createUser(ctx.db, { name: 'Ian Indirect', supervisorId: org.employee.id });
    const cls = await createClassSpec(ctx.db, { items: [{ category: 'skill', requiredLevel: 3 }] });
    const early = await createAssessment(ctx.db, {
      employeeId: indirect.id,
      cls,
      status: 'submitted',
      self: [3],
      at: '2026-01-01T10:00:00.000Z',
    });
    const late = await createAssessment(ctx.db, {
      employeeId: org.peer.id,
      cls,
      status: 'submitted',
      self: [3],
      at: '2026-03-01T10:00:00.000Z',
    });
    const mid = await createAssessment(ctx.db, {
      employeeId: org.employee.id,
      cls,
      status: 'submitted',
      self: [2],
      at: '2026-02-01T10:00:00.000Z',
    });
    const done = await createAssessment(ctx.db, {
      employeeId: org.employee.id,
      cls: org.cls,
      status: 'reviewed',
      self: [3, 3, 3, 3],
      supervisor: [3, 3, 3, 3],
      reviewerId: org.supervisor.id,
    });
    const sup = await signIn(ctx.app, org.supervisor.email);
    const page = await sup.get('/reviews');
    expect(page.status).toBe(200);
    const pos = (s: string) => page.text.indexOf(s);
    expect(pos(`/reviews/${mid}"`)).toBeGreaterThan(-1);
    expect(pos(`/reviews/${mid}"`)).toBeLessThan(pos(`/reviews/${late}"`));
    expect(pos(`/reviews/${late}"`)).toBeLessThan(pos(`/reviews/${early}"`));
    expect(pos(`/reviews/${early}"`)).toBeLessThan(pos(`/assessments/${done}/report"`));

    const other = await signIn(ctx.app, org.otherSupervisor.email);
    expect((await other.get('/reviews')).text).not.toContain(`/reviews/${mid}"`);
    const employee = await signIn(ctx.app, org.peer.email);
    expect((await employee.get('/reviews')).status).toBe(404);
    expect((await employee.get('/team')).status).toBe(404);
  });
});
