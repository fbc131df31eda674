import { beforeAll, describe, expect, it } from 'vitest';
import { listRoutes } from '../../src/web/route-list';
import { setupTestContext, signIn, TEST_PASSWORD } from '../helpers/context';
import { buildWorld, type World } from './world';

// Extra fields in a form body never reach columns the form does not own.

const ctx = setupTestContext();
let w: World;

/** Fields an attacker adds to any form, aimed at the owner, status, reviewer and supervisor columns. */
function hostile(w: World): Record<string, string> {
  const extra: Record<string, string> = {
    employeeId: String(w.users.peer.id),
    employee_id: String(w.users.peer.id),
    assessment_id: String(w.reviewedId),
    status: 'reviewed',
    reviewer_id: String(w.users.peer.id),
    readiness: '100',
    coverage: '100',
    lock_version: '99',
    class_spec_id: '1',
    created_by: String(w.users.peer.id),
    supervisorLevel: '5',
    supervisor_level: '5',
    roles: 'admin',
    admin: '1',
    active: '0',
    user_id: String(w.users.peer.id),
    id: '999',
  };
  for (const item of w.cls.items) {
    extra[`sup_${item.id}`] = '5';
    extra[`comment_${item.id}`] = 'injected';
    extra[`self_${item.id}`] = '0';
    extra[`evidence_${item.id}`] = 'injected';
  }
  return extra;
}

const assessmentRow = (id: number) =>
  ctx
    .db('assessments')
    .where({ id })
    .first('employee_id', 'status', 'reviewer_id', 'readiness', 'class_spec_id', 'lock_version', 'reviewed_at');
const ratingRows = (id: number) =>
  ctx
    .db('ratings')
    .where({ assessment_id: id })
    .orderBy('item_id')
    .select('item_id', 'self_level', 'evidence', 'supervisor_level', 'supervisor_comment');
const rolesOf = async (userId: number) => (await ctx.db('user_roles').where({ user_id: userId }).orderBy('role').pluck('role')).join(',');

beforeAll(async () => {
  w = await buildWorld(ctx.db);
});

describe('mass assignment', () => {
  it('a supervisor saving a review cannot change owner, status, reviewer, readiness or self ratings', async () => {
    const sup = await signIn(ctx.app, w.users.manager.email);
    const before = await assessmentRow(w.submittedId);
    const ratingsBefore = await ratingRows(w.submittedId);
    const res = await sup
      .post(`/reviews/${w.submittedId}`)
      .type('form')
      .send({ ...hostile(w), action: 'save', _csrf: await sup.csrf(`/reviews/${w.submittedId}`) });
    expect(res.status).toBe(303);
    const after = await assessmentRow(w.submittedId);
    expect({ ...after, lock_version: undefined }).toEqual({ ...before, lock_version: undefined });
    // The supervisor's own fields (sup_<id>) are the form's; self levels and evidence are not.
    const ratingsAfter = await ratingRows(w.submittedId);
    expect(ratingsAfter.map((r) => [r.item_id, r.self_level, r.evidence])).toEqual(
      ratingsBefore.map((r) => [r.item_id, r.self_level, r.evidence]),
    );
  });

  it('a plan action belongs to the assessment in the URL and to the person who added it', async () => {
    const owner = await signIn(ctx.app, w.users.owner.email);
    const csrf = await owner.csrf(`/assessments/${w.submittedId}/report`);
    const res = await owner
      .post(`/assessments/${w.submittedId}/plan`)
      .type('form')
      .send({ ...hostile(w), item_id: String(w.cls.items[0].id), description: 'Read the handbook', status: 'planned', _csrf: csrf });
    expect(res.status).toBe(303);
    const row = await ctx.db('plan_actions').where({ description: 'Read the handbook' }).first();
    expect(row.assessment_id).toBe(w.submittedId);
    expect(row.created_by).toBe(w.users.owner.id);
    expect(row.status).toBe('planned');
    expect(row.completed_at).toBeNull();
  });

  it("changing one's password cannot grant roles, reactivate, or change email or supervisor", async () => {
    const owner = await signIn(ctx.app, w.users.owner.email);
    const userBefore = await ctx
      .db('users')
      .where({ id: w.users.owner.id })
      .first('email', 'supervisor_id', 'active', 'employee_id', 'display_name');
    const rolesBefore = await rolesOf(w.users.owner.id);
    const res = await owner
      .post('/account/password')
      .type('form')
      .send({
        ...hostile(w),
        roles: ['admin', 'training'],
        email: 'boss@example.gov',
        supervisor_id: '',
        displayName: 'Boss',
        currentPassword: TEST_PASSWORD,
        newPassword: 'a-new-long-password-1',
        confirmPassword: 'a-new-long-password-1',
        _csrf: await owner.csrf('/account/password'),
      });
    expect(res.status).toBe(303);
    expect(
      await ctx.db('users').where({ id: w.users.owner.id }).first('email', 'supervisor_id', 'active', 'employee_id', 'display_name'),
    ).toEqual(userBefore);
    expect(await rolesOf(w.users.owner.id)).toBe(rolesBefore);
    // The owner signs in with the new password from here on.
    await ctx
      .db('users')
      .where({ id: w.users.owner.id })
      .update({ password_hash: (await ctx.db('users').where({ id: w.users.peer.id }).first()).password_hash });
  });

  it('starting an assessment from the career page is always for oneself', async () => {
    const peer = await signIn(ctx.app, w.users.peer.email);
    const res = await peer
      .post(`/career/classes/${w.cls.classSpecId}/start`)
      .type('form')
      .send({ ...hostile(w), _csrf: await peer.csrf('/career') });
    expect(res.status).toBe(303);
    const row = await ctx.db('assessments').where({ employee_id: w.users.peer.id, class_spec_id: w.cls.classSpecId }).first();
    expect(row.status).toBe('draft');
    expect(row.reviewer_id).toBeNull();
    const [{ n }] = await ctx
      .db('assessments')
      .where({ employee_id: w.users.owner.id, class_spec_id: w.cls.classSpecId })
      .count({ n: '*' });
    expect(Number(n)).toBe(1); // PostgreSQL returns counts as strings
  });

  it('a program created with extra fields records its real author and is active', async () => {
    const training = await signIn(ctx.app, w.users.training.email);
    const res = await training
      .post('/training/programs')
      .type('form')
      .send({
        ...hostile(w),
        title: 'Listening well',
        provider: 'City College',
        format: 'course',
        keys: String(w.cls.items[1].keyId),
        _csrf: await training.csrf('/training/programs/new'),
      });
    expect([303, 422]).toContain(res.status);
    const row = await ctx.db('training_programs').where({ title: 'Listening well' }).first();
    if (res.status === 303) {
      expect(row.created_by).toBe(w.users.training.id);
      expect(Boolean(row.active)).toBe(true);
      expect(row.id).not.toBe(999);
    } else {
      expect(row).toBeUndefined();
    }
  });

  it('self-rating routes (draft saves, autosave) never touch supervisor fields, status or owner', async () => {
    const owner = await signIn(ctx.app, w.users.owner.email);
    await ctx.db('users').where({ id: w.users.owner.id }).update({ must_change_password: false });
    const routes = listRoutes(ctx.app).filter(
      (r) => r.method === 'POST' && (r.path === '/assessments/:id' || r.path === '/assessments/:id/ratings/:itemId'),
    );
    expect(routes.length).toBeGreaterThan(0);
    const draft = w.draftId;
    const before = await assessmentRow(draft);
    const csrf = await owner.csrf('/');
    for (const r of routes) {
      const item = w.draftItemId;
      const url = r.path.replace(':id', String(draft)).replace(/:itemId/, String(item));
      for (const send of [
        () =>
          owner
            .post(url)
            .type('form')
            .send({
              ...hostile(w),
              [`level[${item}]`]: '2',
              [`sup_${item}`]: '5',
              [`supervisor_level[${item}]`]: '5',
              level: '2',
              action: 'save',
              _csrf: csrf,
            }),
        () =>
          owner
            .post(url)
            .set('x-csrf-token', csrf)
            .send({ ...hostile(w), level: 2, selfLevel: 2, self_level: 2, evidence: 'ok' }),
      ]) {
        const res = await send();
        expect([200, 303], `${url}`).toContain(res.status);
        const after = await assessmentRow(draft);
        expect([after.employee_id, after.reviewer_id, after.class_spec_id], url).toEqual([
          before.employee_id,
          before.reviewer_id,
          before.class_spec_id,
        ]);
        expect(after.status, url).toBe('draft');
        const ratings = await ratingRows(draft);
        expect(ratings.find((x) => x.item_id === item)?.self_level, url).toBe(2);
        expect(
          ratings.filter((x) => x.supervisor_level != null || x.supervisor_comment != null),
          url,
        ).toEqual([]);
      }
    }
  });
});
