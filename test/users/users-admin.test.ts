import { describe, expect, it } from 'vitest';
import { csrfFrom, setupTestContext, signIn } from '../helpers/context';
import { createUser } from '../helpers/factories';
import { isInSupervisorChain } from '../../src/users/users.repository';

const ctx = setupTestContext();

async function adminAgent() {
  const admin = await createUser(ctx.db, { roles: ['admin'], name: 'Ada Admin' });
  return { admin, agent: await signIn(ctx.app, admin.email) };
}

function tempPasswordFrom(html: string): string {
  const m = html.match(/<code>([^<]+)<\/code>/);
  if (!m) throw new Error('no temporary password on the page');
  return m[1];
}

async function auditOf(action: string, entityId: number) {
  return ctx.db('audit_log').where({ action, entity_type: 'user', entity_id: String(entityId) });
}

describe('users list', () => {
  it('finds people by department and by employee id, and paginates 50 per page', async () => {
    const { agent } = await adminAgent();
    const dept = `Dept-${Date.now()}`;
    for (let i = 0; i < 52; i++) await createUser(ctx.db, { department: dept, name: `Zed ${String(i).padStart(2, '0')}` });
    const page1 = await agent.get(`/admin/users?q=${dept.toLowerCase()}`);
    expect(page1.status).toBe(200);
    expect(page1.text).toContain('52 people');
    expect(page1.text.match(/<tr>\s*<th scope="row">/g)).toHaveLength(50);
    expect(page1.text).toContain('page=2');
    const page2 = await agent.get(`/admin/users?q=${dept}&page=2`);
    expect(page2.text.match(/<tr>\s*<th scope="row">/g)).toHaveLength(2);
    const withId = await createUser(ctx.db, { name: 'Ida Idnumber' });
    await ctx.db('users').where({ id: withId.id }).update({ employee_id: 'EMP-77123' });
    const byId = await agent.get('/admin/users?q=emp-77123');
    expect(byId.text).toContain('Ida Idnumber');
    expect(byId.text).toContain('1 person');
  });
});

describe('create and edit', () => {
  it('re-renders a bad create form with 422, the typed input kept and a message per field', async () => {
    const { agent } = await adminAgent();
    const existing = await createUser(ctx.db);
    const token = await agent.csrf('/admin/users/new');
    const res = await agent
      .post('/admin/users')
      .type('form')
      .send({ _csrf: token, email: existing.email.toUpperCase(), displayName: 'Someone', department: 'Kept <Dept>', roles: ['training'] });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Another person already has this email address.');
    expect(res.text).toMatch(/id="role-training" checked/);
    const bad = await agent
      .post('/admin/users')
      .type('form')
      .send({ _csrf: token, email: 'not-an-email', displayName: '', department: 'Kept <Dept>', roles: ['training', 'superuser'] });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Enter an email address like name@example.gov.');
    expect(bad.text).toContain('Enter the person’s name.');
    expect(bad.text).toContain('Choose roles from the list.');
    expect(bad.text).toContain('value="Kept &lt;Dept&gt;"');
    expect(bad.text).toContain('value="not-an-email"');
    expect(bad.text).toMatch(/id="email-error"/);
    expect(bad.text).toMatch(/aria-invalid="true"/);
    const noSup = await agent
      .post('/admin/users')
      .type('form')
      .send({ _csrf: token, email: 'fresh-person@example.gov', displayName: 'Fresh', supervisor: 'nobody@example.gov' });
    expect(noSup.status).toBe(422);
    expect(noSup.text).toContain('No active person has this email address.');
    expect(await ctx.db('users').where({ email: 'fresh-person@example.gov' }).first()).toBeUndefined();
  });

  it('creates a person with a one-time password shown once; they must change it at first sign-in', async () => {
    const { agent, admin } = await adminAgent();
    const boss = await createUser(ctx.db, { name: 'Boss Person' });
    const token = await agent.csrf('/admin/users/new');
    const res = await agent
      .post('/admin/users')
      .type('form')
      .send({
        _csrf: token,
        email: 'New.Hire@Example.gov',
        displayName: 'New Hire',
        employeeId: 'NH-1',
        department: 'Ops',
        jobTitle: 'Analyst',
        supervisor: boss.email,
        roles: ['training'],
      });
    expect(res.status).toBe(303);
    const shown = await agent.get(res.headers.location);
    const password = tempPasswordFrom(shown.text);
    expect(password.length).toBeGreaterThanOrEqual(16);
    const again = await agent.get(res.headers.location);
    expect(again.text).not.toContain(password);
    expect(again.text).toContain('already been shown');

    const row = await ctx.db('users').where({ email: 'new.hire@example.gov' }).first();
    expect(row.supervisor_id).toBe(boss.id);
    expect(Boolean(row.must_change_password)).toBe(true);
    expect(await ctx.db('user_roles').where({ user_id: row.id }).pluck('role')).toEqual(['training']);
    const audit = await auditOf('user.created', row.id);
    expect(audit).toHaveLength(1);
    expect(audit[0].actor_id).toBe(admin.id);

    const person = await signIn(ctx.app, 'new.hire@example.gov', password);
    const home = await person.get('/');
    expect(home.status).toBe(303);
    expect(home.headers.location).toBe('/account/password');
  });

  it('edits fields and roles, auditing changed fields old → new and the role change', async () => {
    const { agent } = await adminAgent();
    const person = await createUser(ctx.db, { department: 'Old Dept', name: 'Edith Edit' });
    const form = await agent.get(`/admin/users/${person.id}/edit`);
    expect(form.status).toBe(200);
    expect(form.text).toContain('value="Old Dept"');
    const res = await agent
      .post(`/admin/users/${person.id}/edit`)
      .type('form')
      .send({
        _csrf: csrfFrom(form.text),
        email: person.email,
        displayName: 'Edith Edit',
        department: 'New Dept',
        jobTitle: 'Tester',
        roles: ['supervisor', 'training'],
      });
    expect(res.status).toBe(303);
    const row = await ctx.db('users').where({ id: person.id }).first();
    expect(row.department).toBe('New Dept');
    const updated = await auditOf('user.updated', person.id);
    expect(JSON.parse(updated[0].details)).toEqual({ changes: { department: { from: 'Old Dept', to: 'New Dept' } } });
    const roles = await auditOf('user.roles_changed', person.id);
    expect(JSON.parse(roles[0].details)).toEqual({ from: [], to: ['supervisor', 'training'] });
  });

  it('keeps input and refuses an employee id already in use', async () => {
    const { agent } = await adminAgent();
    const a = await createUser(ctx.db);
    const b = await createUser(ctx.db);
    await ctx.db('users').where({ id: a.id }).update({ employee_id: 'DUP-9' });
    const form = await agent.get(`/admin/users/${b.id}/edit`);
    const res = await agent
      .post(`/admin/users/${b.id}/edit`)
      .type('form')
      .send({ _csrf: csrfFrom(form.text), email: b.email, displayName: 'Typed Name', employeeId: 'DUP-9' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Another person already has this employee id.');
    expect(res.text).toContain('value="Typed Name"');
  });

  it('refuses a reporting-line cycle (A→B→C, then A supervised by C) with a clear message', async () => {
    const { agent } = await adminAgent();
    const a = await createUser(ctx.db, { name: 'Alice Top' });
    const b = await createUser(ctx.db, { name: 'Bob Middle', supervisorId: a.id });
    const c = await createUser(ctx.db, { name: 'Cara Bottom', supervisorId: b.id });
    const form = await agent.get(`/admin/users/${a.id}/edit`);
    const res = await agent
      .post(`/admin/users/${a.id}/edit`)
      .type('form')
      .send({ _csrf: csrfFrom(form.text), email: a.email, displayName: 'Alice Top', supervisor: c.email });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Cara Bottom reports to this person');
    expect((await ctx.db('users').where({ id: a.id }).first()).supervisor_id).toBeNull();
    const self = await agent
      .post(`/admin/users/${a.id}/edit`)
      .type('form')
      .send({ _csrf: csrfFrom(form.text), email: a.email, displayName: 'Alice Top', supervisor: a.email });
    expect(self.status).toBe(422);
    expect(self.text).toContain('A person cannot be their own supervisor.');
  });

  it('the supervisor chain decides access at three levels', async () => {
    const top = await createUser(ctx.db);
    const mid = await createUser(ctx.db, { supervisorId: top.id });
    const low = await createUser(ctx.db, { supervisorId: mid.id });
    const other = await createUser(ctx.db);
    expect(await isInSupervisorChain(ctx.db, mid.id, low.id)).toBe(true);
    expect(await isInSupervisorChain(ctx.db, top.id, low.id)).toBe(true);
    expect(await isInSupervisorChain(ctx.db, low.id, top.id)).toBe(false);
    expect(await isInSupervisorChain(ctx.db, other.id, low.id)).toBe(false);
    // Moving the middle manager under someone else through the admin UI moves the whole subtree.
    const { agent } = await adminAgent();
    const form = await agent.get(`/admin/users/${mid.id}/edit`);
    const res = await agent
      .post(`/admin/users/${mid.id}/edit`)
      .type('form')
      .send({ _csrf: csrfFrom(form.text), email: mid.email, displayName: 'Mid', supervisor: other.email });
    expect(res.status).toBe(303);
    expect(await isInSupervisorChain(ctx.db, other.id, low.id)).toBe(true);
    expect(await isInSupervisorChain(ctx.db, top.id, low.id)).toBe(false);
  });

  it('does not let an admin drop their own admin role', async () => {
    const { agent, admin } = await adminAgent();
    const form = await agent.get(`/admin/users/${admin.id}/edit`);
    const res = await agent
      .post(`/admin/users/${admin.id}/edit`)
      .type('form')
      .send({ _csrf: csrfFrom(form.text), email: admin.email, displayName: 'Ada Admin', roles: ['training'] });
    expect(res.status).toBe(422);
    expect(res.text).toContain('You cannot remove your own administrator role.');
    expect(await ctx.db('user_roles').where({ user_id: admin.id }).pluck('role')).toEqual(['admin']);
  });

  it('user pages show no ratings or reports', async () => {
    const { agent } = await adminAgent();
    const person = await createUser(ctx.db);
    const page = await agent.get(`/admin/users/${person.id}/edit`);
    const main = page.text.slice(page.text.indexOf('<main'), page.text.indexOf('</main>'));
    expect(main).toContain(person.email);
    expect(main).not.toMatch(/rating|readiness|gap report|assessment/i);
  });
});

describe('deactivate, reactivate, reset password', () => {
  it('deactivation ends the person’s live session at once; reactivation lets them back in', async () => {
    const { agent } = await adminAgent();
    const person = await createUser(ctx.db);
    const theirs = await signIn(ctx.app, person.email);
    expect((await theirs.get('/')).status).toBe(200);
    const token = await agent.csrf(`/admin/users/${person.id}/edit`);
    const res = await agent.post(`/admin/users/${person.id}/deactivate`).type('form').send({ _csrf: token });
    expect(res.status).toBe(303);
    expect(await ctx.db('sessions').where({ user_id: person.id })).toHaveLength(0);
    const next = await theirs.get('/');
    expect(next.status).toBe(303);
    expect(next.headers.location).toMatch(/^\/login/);
    expect(await auditOf('user.deactivated', person.id)).toHaveLength(1);
    await expect(signIn(ctx.app, person.email)).rejects.toThrow(/sign-in failed/);
    const list = await agent.get(`/admin/users?q=${encodeURIComponent(person.email)}`);
    expect(list.text).toContain('Deactivated');

    const re = await agent.post(`/admin/users/${person.id}/reactivate`).type('form').send({ _csrf: token });
    expect(re.status).toBe(303);
    expect(await auditOf('user.reactivated', person.id)).toHaveLength(1);
    await expect(signIn(ctx.app, person.email)).resolves.toBeDefined();
  });

  it('an admin cannot deactivate themselves', async () => {
    const { agent, admin } = await adminAgent();
    const token = await agent.csrf(`/admin/users/${admin.id}/edit`);
    const res = await agent.post(`/admin/users/${admin.id}/deactivate`).type('form').send({ _csrf: token });
    expect(res.status).toBe(422);
    expect(res.text).toContain('You cannot deactivate your own account.');
    expect(Boolean((await ctx.db('users').where({ id: admin.id }).first()).active)).toBe(true);
  });

  it('reset password ends every session of the person and forces a change', async () => {
    const { agent } = await adminAgent();
    const person = await createUser(ctx.db);
    const s1 = await signIn(ctx.app, person.email);
    const s2 = await signIn(ctx.app, person.email);
    const token = await agent.csrf(`/admin/users/${person.id}/edit`);
    const res = await agent.post(`/admin/users/${person.id}/reset-password`).type('form').send({ _csrf: token });
    expect(res.status).toBe(303);
    const password = tempPasswordFrom((await agent.get(res.headers.location)).text);
    for (const s of [s1, s2]) expect((await s.get('/')).headers.location).toMatch(/^\/login/);
    expect(await auditOf('user.password_reset', person.id)).toHaveLength(1);
    const fresh = await signIn(ctx.app, person.email, password);
    expect((await fresh.get('/')).headers.location).toBe('/account/password');
  });
});

describe('deactivation asks first', () => {
  it('shows a confirmation page from the edit page; only its button deactivates', async () => {
    const admin = await createUser(ctx.db, { roles: ['admin'] });
    const person = await createUser(ctx.db, { name: 'Pat Confirm' });
    const agent = await signIn(ctx.app, admin.email);
    const edit = await agent.get(`/admin/users/${person.id}/edit`);
    expect(edit.text).toContain(`href="/admin/users/${person.id}/deactivate"`);
    const confirm = await agent.get(`/admin/users/${person.id}/deactivate`);
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain('Deactivate Pat Confirm?');
    expect(Boolean((await ctx.db('users').where({ id: person.id }).first()).active)).toBe(true);
    const done = await agent
      .post(`/admin/users/${person.id}/deactivate`)
      .type('form')
      .send({ _csrf: csrfFrom(confirm.text) });
    expect(done.status).toBe(303);
    expect(Boolean((await ctx.db('users').where({ id: person.id }).first()).active)).toBe(false);
    // Own account: no confirmation page, back to the edit page.
    const own = await agent.get(`/admin/users/${admin.id}/deactivate`);
    expect(own.status).toBe(303);
  });
});
