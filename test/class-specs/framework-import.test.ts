import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { csrfFrom, setupTestContext, signIn } from '../helpers/context';
import { createUser } from '../helpers/factories';

const ctx = setupTestContext();
type AdminAgent = Awaited<ReturnType<typeof signIn>>;

async function admin() {
  const a = await createUser(ctx.db, { roles: ['admin'] });
  return signIn(ctx.app, a.email);
}

const count = async (table: string) => Number((await ctx.db(table).count({ n: '*' }).first())?.n);

async function upload(agent: AdminAgent, content: Buffer | string, name = 'framework.csv') {
  const token = await agent.csrf('/admin/class-specs/framework');
  return agent
    .post('/admin/class-specs/framework')
    .field('_csrf', token)
    .attach('file', Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'), name);
}

async function press(agent: AdminAgent, previewPath: string, action: 'confirm' | 'cancel') {
  const page = await agent.get(previewPath);
  return agent
    .post(`${previewPath}/${action}`)
    .type('form')
    .send({ _csrf: csrfFrom(page.text) });
}

const csv = (suffix: string) =>
  [
    'class_title,class_code,category,name,text,required_level,required_at_entry',
    `Election Clerk ${suffix},EC-${suffix},knowledge,,voter registration law,4,yes`,
    `Election Clerk ${suffix},EC-${suffix},skill,ACTIVE LISTENING,Giving full attention to what people say,,no`,
    `Election Clerk ${suffix},EC-${suffix},Competencies,CUSTOMER SERVICE,"Serves voters courteously, even at peak times",3,`,
    `Poll Worker Lead ${suffix},,ability,,lift and move voting equipment,2,y`,
  ].join('\n');

async function classByTitle(title: string) {
  return ctx.db('class_specs').where({ title }).first<{ id: number; current_version_id: number } | undefined>();
}

describe('competency framework import', () => {
  it('offers a CSV template with the expected columns', async () => {
    const agent = await admin();
    const page = await agent.get('/admin/class-specs/framework');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Download the template (CSV)');
    const res = await agent.get('/admin/class-specs/framework/template.csv');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toContain('class-framework-template.csv');
    expect(res.text.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe(
      'class_title,class_code,category,name,text,required_level,required_at_entry',
    );
    // The template itself imports cleanly.
    const uploaded = await upload(agent, res.text, 'class-framework-template.csv');
    expect(uploaded.status).toBe(303);
    const preview = await agent.get(uploaded.headers.location);
    expect(preview.text).toContain('<strong>0</strong> rows with errors');
    expect(preview.text).toContain('Confirm import');
  });

  it('previews every row, imports all classes in one go on confirm, and a re-import of the same file stores nothing new', async () => {
    const agent = await admin();
    const res = await upload(agent, csv('A'));
    expect(res.status).toBe(303);
    const previewPath = res.headers.location;
    expect(previewPath).toMatch(/^\/admin\/class-specs\/framework\/\d+$/);
    const preview = await agent.get(previewPath);
    expect(preview.text).toContain('<strong>4</strong> rows');
    expect(preview.text).toContain('<strong>2</strong> classes');
    expect(preview.text).toContain('<strong>0</strong> rows with errors');
    expect(preview.text).toMatch(/Election Clerk A<\/th>\s*<td>EC-A<\/td>\s*<td class="num">3<\/td>\s*<td>New class<\/td>/);

    const confirmed = await press(agent, previewPath, 'confirm');
    expect(confirmed.status).toBe(303);
    expect((await agent.get(confirmed.headers.location)).text).toContain('Framework imported: 2 new classes, 0 new versions, 0 unchanged.');
    const clerk = (await classByTitle('Election Clerk A'))!;
    const items = await ctx.db('spec_items').where({ version_id: clerk.current_version_id }).orderBy('position');
    expect(items.map((i) => [i.category, i.name, i.required_level, Boolean(i.required_at_entry)])).toEqual([
      ['knowledge', null, 4, true],
      ['skill', 'ACTIVE LISTENING', 3, false],
      ['competency', 'CUSTOMER SERVICE', 3, false],
    ]);
    expect(items[2].text).toBe('Serves voters courteously, even at peak times');
    expect(await classByTitle('Poll Worker Lead A')).toBeDefined();
    expect(await ctx.db('audit_log').where({ action: 'class_spec.framework_imported' })).toHaveLength(1);

    const versions = await count('class_spec_versions');
    const again = await upload(agent, csv('A'));
    const preview2 = await agent.get(again.headers.location);
    expect(preview2.text).toContain('Unchanged: identical to version 1');
    const confirmed2 = await press(agent, again.headers.location, 'confirm');
    expect((await agent.get(confirmed2.headers.location)).text).toContain(
      'Framework imported: 0 new classes, 0 new versions, 2 unchanged.',
    );
    expect(await count('class_spec_versions')).toBe(versions);
  });

  it('reads an .xlsx file the same way', async () => {
    const agent = await admin();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Framework');
    for (const line of csv('X').split('\n'))
      ws.addRow(line.match(/("[^"]*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, '').replace(/^"|"$/g, '')));
    const buffer = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await upload(agent, buffer, 'framework.xlsx');
    expect(res.status).toBe(303);
    const confirmed = await press(agent, res.headers.location, 'confirm');
    expect(confirmed.status).toBe(303);
    const clerk = (await classByTitle('Election Clerk X'))!;
    expect(await ctx.db('spec_items').where({ version_id: clerk.current_version_id })).toHaveLength(3);
  });

  it('shows the errors of each row, offers no confirm, refuses a forced confirm and stores nothing', async () => {
    const agent = await admin();
    const bad = [
      'class_title,category,text,required_level,required_at_entry',
      'Broken Class,knowledge,fine statement,3,no',
      'Broken Class,hobby,<b>bold</b> statement,3,no',
      'Broken Class,skill,,9,maybe',
      ',ability,no class,,',
    ].join('\n');
    const res = await upload(agent, bad);
    expect(res.status).toBe(303);
    const preview = await agent.get(res.headers.location);
    expect(preview.text).toContain('<strong>3</strong> rows with errors');
    expect(preview.text).toContain('category “hobby” is not one of knowledge, skill, ability, competency');
    expect(preview.text).toContain('&lt;b&gt;bold&lt;/b&gt; statement');
    expect(preview.text).toContain('required_level “9” is not a whole number from 0 to 5');
    expect(preview.text).toContain('required_at_entry “maybe” is not yes or no');
    expect(preview.text).toContain('text is empty');
    expect(preview.text).toContain('class_title is empty');
    expect(preview.text).not.toContain('Confirm import');
    const classes = await count('class_specs');
    const forced = await press(agent, res.headers.location, 'confirm');
    expect(forced.status).toBe(422);
    expect(forced.text).toContain('3 rows have errors');
    expect(await count('class_specs')).toBe(classes);
  });

  it('refuses a file without the required columns, or not a table at all, and stores nothing', async () => {
    const agent = await admin();
    const pending = await count('pending_imports');
    const noColumns = await upload(agent, 'title,statement\nClerk,files things\n');
    expect(noColumns.status).toBe(422);
    expect(noColumns.text).toContain('missing: category');
    expect(noColumns.text).toContain('id="file-error"');
    const png = await upload(agent, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]), 'framework.xlsx');
    expect(png.status).toBe(400);
    const empty = await upload(agent, 'class_title,category,text\n', 'empty.csv');
    expect(empty.status).toBe(422);
    expect(await count('pending_imports')).toBe(pending);
  });

  it('keeps a framework preview to its uploader: another admin gets 404 and cannot confirm or cancel it', async () => {
    const owner = await admin();
    const other = await admin();
    const res = await upload(owner, csv('P'));
    expect((await other.get(res.headers.location)).status).toBe(404);
    const token = await other.csrf('/admin/class-specs/framework');
    for (const action of ['confirm', 'cancel'])
      expect((await other.post(`${res.headers.location}/${action}`).type('form').send({ _csrf: token })).status).toBe(404);
    expect(await classByTitle('Election Clerk P')).toBeUndefined();
    expect((await owner.get(res.headers.location)).status).toBe(200);
  });
});
