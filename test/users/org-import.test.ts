import crypto from 'node:crypto';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { csrfFrom, setupTestContext, signIn, type Agent } from '../helpers/context';
import { createClassSpec, createUser } from '../helpers/factories';

const ctx = setupTestContext();
const HEADER = 'employee_id,email,display_name,department,job_title,supervisor_email,roles';

async function adminAgent() {
  const admin = await createUser(ctx.db, { roles: ['admin'] });
  return { admin, agent: await signIn(ctx.app, admin.email) };
}

async function upload(agent: Agent & { csrf(p?: string): Promise<string> }, content: string | Buffer, filename = 'org.csv') {
  const token = await agent.csrf('/admin/users/import');
  return agent
    .post(`/admin/users/import`)
    .field('_csrf', token)
    .attach('file', Buffer.isBuffer(content) ? content : Buffer.from(content), filename);
}

async function confirm(agent: Agent, previewUrl: string) {
  const page = await agent.get(previewUrl);
  return agent
    .post(`${previewUrl}/confirm`)
    .type('form')
    .send({ _csrf: csrfFrom(page.text) });
}

/** A small org where a report is listed before their supervisor (needs two passes). */
function orgCsv(tag: string, dept = 'Finance') {
  return [
    HEADER,
    `${tag}-3,c.${tag}@example.gov,Cara ${tag},${dept},Analyst,b.${tag}@example.gov,`,
    `${tag}-1,a.${tag}@example.gov,Ann ${tag},${dept},Director,,supervisor;training`,
    `${tag}-2,b.${tag}@example.gov,Ben ${tag},${dept},Manager,a.${tag}@example.gov,supervisor`,
  ].join('\n');
}

describe('org import preview', () => {
  it('lists every kind of row error with its row number and stores no one', async () => {
    const { agent } = await adminAgent();
    const t = crypto.randomUUID().slice(0, 6);
    const csv = [
      HEADER,
      `${t}1,,No Email,D,J,,`,
      `${t}2,not-an-email,Bad Email,D,J,,`,
      `${t}3,dup.${t}@example.gov,Dup One,D,J,,`,
      `${t}4,DUP.${t}@example.gov,Dup Two,D,J,,`,
      `${t}3,other.${t}@example.gov,Dup Id,D,J,,`,
      `${t}7,orphan.${t}@example.gov,Orphan,D,J,ghost.${t}@example.gov,`,
      `${t}8,loop1.${t}@example.gov,Loop One,D,J,loop2.${t}@example.gov,`,
      `${t}9,loop2.${t}@example.gov,Loop Two,D,J,loop1.${t}@example.gov,`,
      `${t}10,role.${t}@example.gov,Role,D,J,,wizard`,
    ].join('\r\n');
    const res = await upload(agent, csv);
    expect(res.status).toBe(303);
    const preview = await agent.get(res.headers.location);
    expect(preview.status).toBe(200);
    const text = preview.text.replace(/&#34;|&quot;/g, '"');
    expect(text).toMatch(/<strong>9<\/strong> rows/);
    expect(text).toMatch(/<strong>8<\/strong> rows with errors/);
    expect(text).toMatch(/<th scope="row" class="num">2<\/th><td><\/td><td><ul class="plain"><li>Missing email\./);
    expect(text).toContain('Invalid email “not-an-email”');
    expect(text).toContain(`Duplicate email dup.${t}@example.gov: also on row 4.`);
    expect(text).toContain(`Duplicate employee id ${t}3: also on row 4.`);
    expect(text).toContain(`Unknown supervisor ghost.${t}@example.gov`);
    expect(text).toContain(`Reporting-line cycle: loop1.${t}@example.gov → loop2.${t}@example.gov → loop1.${t}@example.gov`);
    expect(text).toContain('Unknown role “wizard”');
    expect(text).toMatch(/<button type="submit" class="button" disabled aria-disabled="true">Confirm import<\/button>/);

    const refused = await confirm(agent, res.headers.location);
    expect(refused.status).toBe(422);
    expect(await ctx.db('users').where('email', 'like', `%.${t}@example.gov`)).toHaveLength(0);
    expect(await ctx.db('audit_log').where({ action: 'org.imported', entity_id: res.headers.location.split('/').pop() })).toHaveLength(0);
  });

  it('a file with one bad row among good ones stores nothing, even when confirm is forced', async () => {
    const { agent } = await adminAgent();
    const t = crypto.randomUUID().slice(0, 6);
    const csv = `${orgCsv(t)}\n${t}-9,late.${t}@example.gov,Late,Finance,Analyst,nobody.${t}@example.gov,`;
    const res = await upload(agent, csv);
    const refused = await confirm(agent, res.headers.location);
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('nothing has been imported');
    expect(await ctx.db('users').where('email', 'like', `%.${t}@example.gov`)).toHaveLength(0);
  });

  it('rejects a file without an email column with a clear message', async () => {
    const { agent } = await adminAgent();
    const res = await upload(agent, 'name,department\nAnn,Finance\n');
    expect(res.status).toBe(422);
    expect(res.text).toContain('one of them must be “email”');
  });

  it('forgets previews and unshown temporary passwords after a day, whoever made them', async () => {
    const { agent, admin } = await adminAgent();
    const other = await adminAgent();
    const dayAgo = new Date(Date.now() - 86_400_000 - 60_000).toISOString();
    const [stale] = await ctx
      .db('pending_imports')
      .insert({
        user_id: other.admin.id,
        kind: 'org',
        source_name: 'old.csv',
        payload: JSON.stringify({ state: 'applied', credentials: [['x@example.gov', 'X', 'secret-temporary']] }),
        created_at: dayAgo,
      })
      .returning('id');
    const staleId = Number(typeof stale === 'object' ? stale.id : stale);
    const res = await upload(agent, orgCsv(crypto.randomUUID().slice(0, 6)));
    expect(res.status).toBe(303);
    expect(await ctx.db('pending_imports').where({ id: staleId }).first()).toBeUndefined();
    expect(await ctx.db('pending_imports').where({ user_id: admin.id, kind: 'org' })).toHaveLength(1);
  });

  it('a preview older than a day answers 404 even before anyone cleans up', async () => {
    const { agent } = await adminAgent();
    const res = await upload(agent, orgCsv(crypto.randomUUID().slice(0, 6)));
    const id = Number(res.headers.location.split('/').pop());
    await ctx
      .db('pending_imports')
      .where({ id })
      .update({ created_at: new Date(Date.now() - 86_400_000 - 60_000).toISOString() });
    expect((await agent.get(res.headers.location)).status).toBe(404);
  });

  it('shows any page of a large preview from its stored page, and applies rows from every page', async () => {
    const { agent } = await adminAgent();
    const t = crypto.randomUUID().slice(0, 6);
    // 250 people (emails in mixed case: shown as matched, in lower case), all reporting to the first.
    const lines = [
      HEADER,
      ...Array.from(
        { length: 250 },
        (_, i) => `${t}-${i},P${i}.${t}@Example.gov,Person ${i},Dept,Officer,${i ? `p0.${t}@example.gov` : ''},`,
      ),
    ];
    const res = await upload(agent, lines.join('\n'));
    expect(res.status).toBe(303);
    const id = Number(res.headers.location.split('/').pop());
    // The preview keeps its rows page by page, not in its payload.
    expect(Number((await ctx.db('pending_import_pages').where({ pending_id: id }).count({ n: '*' }).first())?.n)).toBe(3);
    expect(JSON.stringify((await ctx.db('pending_imports').where({ id }).first()).payload)).not.toContain('Person 1');
    const last = await agent.get(`${res.headers.location}?page=3`);
    expect(last.text).toContain('Rows 201–250 of 250');
    expect(last.text).toContain(`<th scope="row" class="num">251</th><td>p249.${t}@example.gov</td><td>Person 249</td>`);
    expect(last.text).not.toContain(`p199.${t}@example.gov`);
    expect((await agent.get(`${res.headers.location}?page=99`)).text).toContain('Page 3 of 3');
    expect((await agent.get(res.headers.location)).text).toContain(`p99.${t}@example.gov`);

    const done = await confirm(agent, res.headers.location);
    expect(done.status).toBe(303);
    const people = await ctx.db('users').where('email', 'like', `%.${t}@example.gov`);
    expect(people).toHaveLength(250);
    const boss = people.find((u) => u.email === `p0.${t}@example.gov`);
    expect(people.filter((u) => u.supervisor_id === boss.id)).toHaveLength(249);
    expect(await ctx.db('pending_import_pages').where({ pending_id: id })).toHaveLength(0);
  });

  it('refuses a preview stored in the earlier format as expired, and imports nothing from it', async () => {
    const { agent, admin } = await adminAgent();
    const t = crypto.randomUUID().slice(0, 6);
    const row = {
      row: 2,
      employeeId: '',
      email: `old.${t}@example.gov`,
      displayName: 'Old',
      department: '',
      jobTitle: '',
      supervisorEmail: '',
      supervisorEmployeeId: '',
      roles: '',
    };
    const summary = { total: 1, new: 1, updated: 0, unchanged: 0, errors: 0 };
    const payload = {
      state: 'preview',
      columns: { employeeId: false, displayName: true, department: false, jobTitle: false, supervisor: false, roles: false },
      rows: [row],
      summary,
      preview: [[2, 'new', row.email, 'Old', []]],
    };
    const [inserted] = await ctx
      .db('pending_imports')
      .insert({
        user_id: admin.id,
        kind: 'org',
        source_name: 'old.csv',
        payload: JSON.stringify(payload),
        created_at: new Date().toISOString(),
      })
      .returning('id');
    const url = `/admin/users/import/${Number(typeof inserted === 'object' ? inserted.id : inserted)}`;
    const shown = await agent.get(url);
    expect(shown.status).toBe(410);
    expect(shown.text).toContain('This preview has expired; upload the file again.');
    const token = await agent.csrf('/admin/users/import');
    const refused = await agent.post(`${url}/confirm`).type('form').send({ _csrf: token });
    expect(refused.status).toBe(410);
    expect(await ctx.db('users').where({ email: row.email })).toHaveLength(0);
  });

  it('only the admin who uploaded can see the preview; others get 404', async () => {
    const { agent } = await adminAgent();
    const res = await upload(agent, orgCsv(crypto.randomUUID().slice(0, 6)));
    const other = await adminAgent();
    expect((await other.agent.get(res.headers.location)).status).toBe(404);
  });
});

describe('org import confirm', () => {
  it('applies the file in one go: people, supervisors, roles, an audit row for the import and one per person, passwords shown once', async () => {
    const { agent, admin } = await adminAgent();
    const t = crypto.randomUUID().slice(0, 6);
    const res = await upload(agent, orgCsv(t));
    const preview = await agent.get(res.headers.location);
    expect(preview.text).toMatch(/<strong>3<\/strong> new people/);
    const done = await confirm(agent, res.headers.location);
    expect(done.status).toBe(303);
    const result = await agent.get(done.headers.location);
    expect(result.text).toMatch(/<strong>3<\/strong> created/);

    const users = await ctx.db('users').where('email', 'like', `%.${t}@example.gov`).orderBy('employee_id');
    expect(users.map((u) => u.display_name)).toEqual([`Ann ${t}`, `Ben ${t}`, `Cara ${t}`]);
    const [ann, ben, cara] = users;
    expect(ann.supervisor_id).toBeNull();
    expect(ben.supervisor_id).toBe(ann.id);
    expect(cara.supervisor_id).toBe(ben.id);
    expect(users.every((u) => Boolean(u.must_change_password))).toBe(true);
    expect(await ctx.db('user_roles').where({ user_id: ann.id }).orderBy('role').pluck('role')).toEqual(['supervisor', 'training']);
    const audit = await ctx.db('audit_log').where({ action: 'org.imported', actor_id: admin.id });
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0].details)).toMatchObject({ rows: 3, created: 3, updated: 0, unchanged: 0 });
    // …and one row per person created, so anyone can see who created an account and how.
    const perPerson = await ctx
      .db('audit_log')
      .where({ action: 'user.created', actor_id: admin.id })
      .whereIn(
        'entity_id',
        users.map((u) => String(u.id)),
      );
    expect(perPerson).toHaveLength(3);
    expect(JSON.parse(perPerson[0].details)).toMatchObject({ via: 'org import' });

    const shown = await agent
      .post(`${res.headers.location}/passwords`)
      .type('form')
      .send({ _csrf: csrfFrom(result.text), format: 'html' });
    expect(shown.status).toBe(200);
    const pw = shown.text.match(new RegExp(`c\\.${t}@example\\.gov</td><td><code>([^<]+)</code>`))![1];
    const again = await agent
      .post(`${res.headers.location}/passwords`)
      .type('form')
      .send({ _csrf: csrfFrom(result.text), format: 'html' });
    expect(again.status).toBe(303);
    expect((await agent.get(again.headers.location)).text).toContain('already been shown');

    const cAgent = await signIn(ctx.app, `c.${t}@example.gov`, pw);
    expect((await cAgent.get('/')).headers.location).toBe('/account/password');
  });

  it('re-importing the same file changes nothing; a changed department updates only that person', async () => {
    const { agent } = await adminAgent();
    const t = crypto.randomUUID().slice(0, 6);
    await confirm(agent, (await upload(agent, orgCsv(t))).headers.location);
    const before = await ctx.db('users').where('email', 'like', `%.${t}@example.gov`).orderBy('id');

    const second = await upload(agent, orgCsv(t));
    const preview = await agent.get(second.headers.location);
    expect(preview.text).toMatch(/<strong>0<\/strong> new people/);
    expect(preview.text).toMatch(/<strong>0<\/strong> updated/);
    expect(preview.text).toMatch(/<strong>3<\/strong> unchanged/);
    const done = await confirm(agent, second.headers.location);
    expect(done.status).toBe(303);
    const result = await agent.get(done.headers.location);
    expect(result.text).toMatch(/<strong>0<\/strong> created/);
    expect(result.text).toMatch(/<strong>0<\/strong> updated/);
    expect(await ctx.db('users').where('email', 'like', `%.${t}@example.gov`).orderBy('id')).toEqual(before);
    const audit = await ctx
      .db('audit_log')
      .where({ action: 'org.imported', entity_id: second.headers.location.split('/').pop() })
      .first();
    expect(JSON.parse(audit.details)).toMatchObject({ created: 0, updated: 0, unchanged: 3 });

    const changed = orgCsv(t).replace(`Cara ${t},Finance`, `Cara ${t},Audit`);
    const third = await upload(agent, changed);
    expect((await agent.get(third.headers.location)).text).toMatch(/<strong>1<\/strong> updated/);
    await confirm(agent, third.headers.location);
    expect(
      (
        await ctx
          .db('users')
          .where({ email: `c.${t}@example.gov` })
          .first()
      ).department,
    ).toBe('Audit');
    expect(
      (
        await ctx
          .db('users')
          .where({ email: `a.${t}@example.gov` })
          .first()
      ).department,
    ).toBe('Finance');
  });

  it('refuses a re-import that would make a cycle with people already stored', async () => {
    const { agent } = await adminAgent();
    const t = crypto.randomUUID().slice(0, 6);
    await confirm(agent, (await upload(agent, orgCsv(t))).headers.location);
    const res = await upload(
      agent,
      [HEADER, `${t}-1,a.${t}@example.gov,Ann ${t},Finance,Director,c.${t}@example.gov,supervisor;training`].join('\n'),
    );
    const preview = await agent.get(res.headers.location);
    expect(preview.text).toContain('Reporting-line cycle');
  });

  it('imports an XLSX workbook (email as a hyperlink cell) and offers the passwords as a CSV once', async () => {
    const { agent } = await adminAgent();
    const t = crypto.randomUUID().slice(0, 6);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('People');
    ws.addRow(['employee_id', 'email', 'display_name', 'department', 'job_title', 'supervisor_employee_id', 'roles']);
    ws.addRow([
      1001,
      { text: `boss.${t}@example.gov`, hyperlink: `mailto:boss.${t}@example.gov` },
      'Boss X',
      'IT',
      'Head',
      '',
      'admin | supervisor',
    ]);
    ws.addRow([1002, `dev.${t}@example.gov`, 'Dev Y', 'IT', 'Developer', 1001, '']);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await upload(agent, buf, 'org.xlsx');
    expect(res.status).toBe(303);
    const preview = await agent.get(res.headers.location);
    expect(preview.text).toMatch(/<strong>2<\/strong> new people/);
    const done = await confirm(agent, res.headers.location);
    const result = await agent.get(done.headers.location);
    const boss = await ctx
      .db('users')
      .where({ email: `boss.${t}@example.gov` })
      .first();
    const dev = await ctx
      .db('users')
      .where({ email: `dev.${t}@example.gov` })
      .first();
    expect(dev.supervisor_id).toBe(boss.id);
    expect(boss.employee_id).toBe('1001');
    expect(await ctx.db('user_roles').where({ user_id: boss.id }).orderBy('role').pluck('role')).toEqual(['admin', 'supervisor']);
    const csv = await agent
      .post(`${res.headers.location}/passwords`)
      .type('form')
      .send({ _csrf: csrfFrom(result.text), format: 'csv' });
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.text).toContain(`dev.${t}@example.gov,Dev Y,`);
    const after = await agent.get(done.headers.location);
    expect(after.text).not.toContain('Download temporary passwords');
  });
});

describe('org import job class column', () => {
  it('matches a class by code or title, refuses unknown values as row errors, and stores the class', async () => {
    const { agent } = await adminAgent();
    const t = crypto.randomUUID().slice(0, 6);
    const cls = await createClassSpec(ctx.db, { title: `IMPORT CLASS ${t}`, code: `C${t}`, items: [{ category: 'skill' }] });
    const bad = await upload(agent, [`email,display_name,job_class`, `x.${t}@example.gov,X ${t},NO SUCH CLASS ${t}`].join('\n'));
    const badPreview = await agent.get(bad.headers.location);
    expect(badPreview.text).toContain(`Unknown job class “NO SUCH CLASS ${t}”`);
    const csv = [`email,display_name,job_class`, `a.${t}@example.gov,A ${t},c${t}`, `b.${t}@example.gov,B ${t},import class ${t}`].join(
      '\n',
    );
    const res = await upload(agent, csv);
    expect((await confirm(agent, res.headers.location)).status).toBe(303);
    const stored = await ctx
      .db('users')
      .whereIn('email', [`a.${t}@example.gov`, `b.${t}@example.gov`])
      .pluck('job_class_id');
    expect(stored).toEqual([cls.classSpecId, cls.classSpecId]);
    // A later file without the column leaves the class as it is; with an empty cell it clears it.
    await confirm(agent, (await upload(agent, [`email,display_name`, `a.${t}@example.gov,A2 ${t}`].join('\n'))).headers.location);
    expect(
      (
        await ctx
          .db('users')
          .where({ email: `a.${t}@example.gov` })
          .first()
      ).job_class_id,
    ).toBe(cls.classSpecId);
    await confirm(agent, (await upload(agent, [`email,job_class`, `a.${t}@example.gov,`].join('\n'))).headers.location);
    expect(
      (
        await ctx
          .db('users')
          .where({ email: `a.${t}@example.gov` })
          .first()
      ).job_class_id,
    ).toBeNull();
  });
});
