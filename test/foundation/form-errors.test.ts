import { describe, expect, it } from 'vitest';
import { createAssessment, createUser } from '../helpers/factories';
import { setupTestContext, signIn, TEST_PASSWORD } from '../helpers/context';
import { buildOrg } from '../reviews/org';

// One way for bad input (issue 17): services throw ValidationError, each form route names its
// template, and the one error middleware re-renders it with 422, the typed input and a message per
// field. One test per form family, through the real app.

const ctx = setupTestContext();

/** The generic error page says this; a re-rendered form never does. */
const GENERIC_PAGE = 'Go to the home page';

async function admin() {
  const user = await createUser(ctx.db, { roles: ['admin'], name: 'Ada Admin' });
  return { user, agent: await signIn(ctx.app, user.email) };
}

describe('the error middleware re-renders the named form', () => {
  it('users form: 422, the typed values, a message and aria-invalid per field, and the summary links', async () => {
    const { agent } = await admin();
    const token = await agent.csrf('/admin/users/new');
    const res = await agent
      .post('/admin/users')
      .type('form')
      .send({ _csrf: token, email: 'not-an-email', displayName: 'Typed <Name>', department: 'Typed Dept', roles: 'training' });
    expect(res.status).toBe(422);
    expect(res.text).not.toContain(GENERIC_PAGE);
    expect(res.text).toContain('<form method="post" action="/admin/users"');
    expect(res.text).toContain('value="Typed &lt;Name&gt;"');
    expect(res.text).toContain('value="Typed Dept"');
    expect(res.text).toMatch(/id="role-training" checked/);
    expect(res.text).toContain(
      '<p class="field-error" id="email-error"><span class="visually-hidden">Error:</span> Enter an email address like name@example.gov.</p>',
    );
    expect(res.text).toMatch(
      /id="email" name="email" value="not-an-email" autocomplete="off" aria-describedby="email-hint email-error" aria-invalid="true"/,
    );
    expect(res.text).toContain('<a href="#email">Enter an email address like name@example.gov.</a>');
    expect(await ctx.db('users').where({ display_name: 'Typed <Name>' }).first()).toBeUndefined();
  });

  it('your own account: the ValidationError users.service throws shows the edit page with the message, not the generic error page', async () => {
    const { user, agent } = await admin();
    const token = await agent.csrf(`/admin/users/${user.id}/edit`);
    for (const [action, message] of [
      ['deactivate', 'You cannot deactivate your own account.'],
      ['reset-password', 'To change your own password use “Change password”.'],
    ]) {
      const res = await agent.post(`/admin/users/${user.id}/${action}`).type('form').send({ _csrf: token });
      expect(res.status, action).toBe(422);
      expect(res.text, action).not.toContain(GENERIC_PAGE);
      expect(res.text, action).toContain(`<form method="post" action="/admin/users/${user.id}/edit"`);
      expect(res.text, action).toContain(`value="${user.email}"`); // the stored person, as on the edit page
      expect(res.text, action).toMatch(
        new RegExp(`<div class="error-summary"[^>]*>\\s*<h2[^>]*>There is a problem</h2>\\s*<p>${message.replace(/[.“”]/g, '.')}`),
      );
    }
    expect(Boolean((await ctx.db('users').where({ id: user.id }).first()).active)).toBe(true);
  });

  it('password change: 422 with a message per field and no password put back', async () => {
    const person = await createUser(ctx.db);
    const agent = await signIn(ctx.app, person.email);
    const token = await agent.csrf('/account/password');
    const res = await agent
      .post('/account/password')
      .type('form')
      .send({ _csrf: token, currentPassword: TEST_PASSWORD, newPassword: 'short', confirmPassword: 'short' });
    expect(res.status).toBe(422);
    expect(res.text).not.toContain(GENERIC_PAGE);
    expect(res.text).toContain('<a href="#newPassword">Use at least 12 characters.</a>');
    expect(res.text).toMatch(
      /id="newPassword" name="newPassword" autocomplete="new-password" aria-describedby="newPassword-hint newPassword-error" aria-invalid="true"/,
    );
    expect(res.text).not.toContain('value="short"');
    expect(res.text).not.toContain(TEST_PASSWORD);
  });

  it('training program form: 422 with the typed values and the message next to the field', async () => {
    const trainer = await createUser(ctx.db, { roles: ['training'] });
    const agent = await signIn(ctx.app, trainer.email);
    const token = await agent.csrf('/training/programs/new');
    const res = await agent.post('/training/programs').type('form').send({
      _csrf: token,
      title: 'Typed title',
      provider: 'Typed provider',
      format: 'mentoring',
      hours: 'many',
      description: 'Typed description',
    });
    expect(res.status).toBe(422);
    expect(res.text).not.toContain(GENERIC_PAGE);
    expect(res.text).toContain('value="Typed title"');
    expect(res.text).toContain('Typed description</textarea>');
    expect(res.text).toMatch(/value="mentoring" checked/);
    expect(res.text).toContain('id="hours-error"');
    expect(res.text).toContain('<a href="#hours">Hours must be a number, 0 or more, up to 10,000</a>');
  });

  it('class-spec import: 422 with the pasted text kept and the parser’s message on the text field', async () => {
    const { agent } = await admin();
    const token = await agent.csrf('/admin/class-specs/import');
    const res = await agent.post('/admin/class-specs/import').field('_csrf', token).field('text', 'Not a class specification <at all>');
    expect(res.status).toBe(422);
    expect(res.text).not.toContain(GENERIC_PAGE);
    expect(res.text).toContain('Not a class specification &lt;at all&gt;</textarea>');
    expect(res.text).toContain('id="text-error"');
    expect(res.text).toMatch(/<textarea id="text" name="text" rows="16" aria-describedby="text-hint text-error" aria-invalid="true">/);
  });

  it('development plan form: 422 with the typed action kept on the report', async () => {
    const org = await buildOrg(ctx.db);
    const id = await createAssessment(ctx.db, {
      employeeId: org.employee.id,
      cls: org.cls,
      status: 'reviewed',
      self: [4, 3, 1, 4],
      supervisor: [2, 3, 3, 1],
      reviewerId: org.supervisor.id,
    });
    const agent = await signIn(ctx.app, org.employee.email);
    const token = await agent.csrf(`/assessments/${id}/report`);
    const gapItem = org.cls.items[0];
    const res = await agent
      .post(`/assessments/${id}/plan`)
      .type('form')
      .send({ _csrf: token, item_id: String(gapItem.id), description: '', target_date: '2026-12-31', status: 'planned' });
    expect(res.status).toBe(422);
    expect(res.text).not.toContain(GENERIC_PAGE);
    expect(res.text).toContain('<a href="#plan-description">Enter what will be done</a>');
    expect(res.text).toContain('value="2026-12-31"');
    expect(res.text).toMatch(new RegExp(`<option value="${gapItem.id}" selected>`));
    expect(await ctx.db('plan_actions').where({ assessment_id: id })).toHaveLength(0);
  });
});

describe('a ValidationError without a named form', () => {
  it('still gives the generic 422 page', async () => {
    const trainer = await createUser(ctx.db, { roles: ['training'] });
    const agent = await signIn(ctx.app, trainer.email);
    const res = await agent.get('/training/needs.csv?from=2026-13-01');
    expect(res.status).toBe(422);
    expect(res.text).toContain(GENERIC_PAGE);
    expect(res.text).toContain('Please check your entries');
  });
});
