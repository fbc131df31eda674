import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { csrfFrom, setupTestContext, signIn } from '../helpers/context';
import { createUser } from '../helpers/factories';
import { classIdFrom, pasteSpec, uploadSpec } from './spec-test-helpers';

const ctx = setupTestContext();
const FIXTURES = path.resolve(__dirname, '../fixtures/class-specs');
const fixture = (p: string) => fs.readFileSync(path.join(FIXTURES, p));

type AdminAgent = Awaited<ReturnType<typeof signIn>>;

async function admin() {
  const a = await createUser(ctx.db, { roles: ['admin'] });
  return signIn(ctx.app, a.email);
}

const revOf = (html: string) => /name="rev" value="(\d+)"/.exec(html)![1];

/** Posts one correction form of a preview, with the page's CSRF token and revision. */
async function edit(agent: AdminAgent, previewPath: string, action: string, fields: Record<string, string> = {}) {
  const page = await agent.get(previewPath);
  return agent
    .post(`${previewPath}/${action}`)
    .type('form')
    .send({ _csrf: csrfFrom(page.text), rev: revOf(page.text), ...fields });
}

const pendingSpec = async (previewPath: string) => {
  const row = await ctx
    .db('pending_imports')
    .where({ id: Number(previewPath.split('/').pop()) })
    .first();
  return JSON.parse(row.payload) as {
    title: string | null;
    items: { category: string; name: string | null; text: string; requiredLevel: number; requiredAtEntry: boolean; key: string }[];
    corrections: Record<string, number>;
  };
};

/** A small broad-layout spec: a title line, two KSA headings, statements as bullets. */
const SMALL = (title: string) =>
  [
    title ? `Title: ${title}` : 'Department of Records',
    '',
    'Knowledge, Skills and Abilities:',
    '',
    '• Knowledge of records retention schedules',
    '• Skill in operating office software and keeping accurate logs',
    '• Ability to communicate clearly with the public',
  ].join('\n');

async function stage(agent: AdminAgent, title: string) {
  const res = await pasteSpec(agent, SMALL(title));
  expect(res.status).toBe(303);
  return res.headers.location;
}

describe('class spec import of other employers', () => {
  it('imports a King County posting (no title) through the upload form: preview warns, confirm needs the title, then it can be rated', async () => {
    const agent = await admin();
    const res = await uploadSpec(agent, fixture('king-county-wa/administrative-specialist-ii-elections.txt'), 'king-county.txt');
    expect(res.status).toBe(303);
    const previewPath = res.headers.location;
    const preview = await agent.get(previewPath);
    expect(preview.status).toBe(200);
    expect(preview.text).toContain('NO TITLE.');
    expect(preview.text).toContain('Sections found');
    expect(preview.text).toContain('line 66: no KSA heading');
    expect(preview.text).toContain('<strong>3</strong> abilities');
    expect(preview.text).toContain('id="confirm-title"');

    const refused = await agent
      .post(`${previewPath}/confirm`)
      .type('form')
      .send({ _csrf: csrfFrom(preview.text), title: '  ' });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('id="confirm-title-error"');
    expect(refused.text).toContain('Enter the class title');
    expect(await ctx.db('class_specs').where({ title: 'ADMINISTRATIVE SPECIALIST II KC' }).first()).toBeUndefined();

    const confirmed = await agent
      .post(`${previewPath}/confirm`)
      .type('form')
      .send({ _csrf: csrfFrom(refused.text), title: 'Administrative Specialist II KC' });
    expect(confirmed.status).toBe(303);
    const classId = classIdFrom(confirmed.headers.location);
    const cls = await ctx.db('class_specs').where({ id: classId }).first();
    expect(cls.title).toBe('Administrative Specialist II KC');
    const version = await ctx.db('class_spec_versions').where({ id: cls.current_version_id }).first();
    expect(Boolean(version.corrected)).toBe(true);
    expect(version.source_name).toBe('king-county.txt');
    const items = await ctx.db('spec_items').where({ version_id: version.id }).orderBy('position');
    expect(items.map((i) => i.category).sort()).toEqual(['ability', 'ability', 'ability', 'competency', 'skill']);
    const first = items[0];
    const audit = await ctx
      .db('audit_log')
      .where({ action: 'class_spec.corrected', entity_id: String(classId) })
      .first();
    expect(JSON.parse(audit.details)).toMatchObject({ corrections: 1, edits: { title: 1 } });

    // An employee starts an assessment on the new class and rates its first statement.
    const emp = await createUser(ctx.db);
    const me = await signIn(ctx.app, emp.email);
    const start = await me
      .post('/assessments')
      .type('form')
      .send({ _csrf: await me.csrf('/assessments/new'), classSpecId: String(classId) });
    expect(start.status).toBe(303);
    const form = await me.get(start.headers.location);
    expect(form.text).toContain('enter a high a volume of data');
    const rated = await me
      .post(`${start.headers.location}/ratings/${first.id}`)
      .type('form')
      .send({ _csrf: csrfFrom(form.text), level: '2' });
    expect(rated.status).toBe(200);
    const rating = await ctx.db('ratings').where({ item_id: first.id }).first();
    expect(rating.self_level).toBe(2);
  });

  it('reads pasted HTML (Florida State University) with its <title> and imports it unchanged as a new class', async () => {
    const agent = await admin();
    const html = fixture('florida-state-university/program-assistant.html').toString('utf8');
    const res = await pasteSpec(agent, html);
    expect(res.status).toBe(303);
    const preview = await agent.get(res.headers.location);
    expect(preview.text).toContain('Check the import: Program Assistant');
    expect(preview.text).toContain('NEW CLASS.');
    const token = csrfFrom(preview.text);
    const confirmed = await agent.post(`${res.headers.location}/confirm`).type('form').send({ _csrf: token });
    const version = await ctx
      .db('class_spec_versions')
      .where({ class_spec_id: classIdFrom(confirmed.headers.location) })
      .first();
    expect(Boolean(version.corrected)).toBe(false);
    expect(await ctx.db('spec_items').where({ version_id: version.id })).toHaveLength(10);
  });

  it('refuses a document with no statements, says what it looked for and stores nothing', async () => {
    const agent = await admin();
    const before = Number((await ctx.db('pending_imports').count({ n: '*' }).first())?.n);
    const res = await pasteSpec(agent, 'Title: Clerk\n\nThe clerk works in the office.\n');
    expect(res.status).toBe(422);
    expect(res.text).toContain(
      'Not a class specification: no knowledge, skill, ability or competency statements found (looked for headings',
    );
    expect(Number((await ctx.db('pending_imports').count({ n: '*' }).first())?.n)).toBe(before);
  });
});

describe('correcting the import preview', () => {
  it('splits a statement at the line break typed into it', async () => {
    const agent = await admin();
    const p = await stage(agent, 'Split Clerk');
    const before = await pendingSpec(p);
    const res = await edit(agent, p, 'items/1/split', { parts: 'Skill in operating office software\nkeeping accurate logs' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`${p}#item-1`);
    const after = await pendingSpec(p);
    expect(after.items).toHaveLength(before.items.length + 1);
    expect(after.items[1]).toMatchObject({ category: 'skill', text: 'Skill in operating office software' });
    expect(after.items[2]).toMatchObject({ category: 'skill', text: 'keeping accurate logs', name: null });
    expect(after.items[2].key).not.toBe(after.items[1].key);
  });

  it('refuses a split without a line break and keeps what was typed next to the message', async () => {
    const agent = await admin();
    const p = await stage(agent, 'Split Refused Clerk');
    const res = await edit(agent, p, 'items/0/split', { parts: 'one piece <only>' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('id="split-0-error"');
    expect(res.text).toContain('one piece &lt;only&gt;</textarea>');
    expect((await pendingSpec(p)).items).toHaveLength(3);
  });

  it('merges a statement with the next one', async () => {
    const agent = await admin();
    const p = await stage(agent, 'Merge Clerk');
    const before = await pendingSpec(p);
    expect((await edit(agent, p, 'items/0/merge')).status).toBe(303);
    const after = await pendingSpec(p);
    expect(after.items).toHaveLength(2);
    expect(after.items[0].text).toBe(`${before.items[0].text} ${before.items[1].text}`);
  });

  it('changes a statement category, level and entry flag; an invalid level re-renders with the typed values', async () => {
    const agent = await admin();
    const p = await stage(agent, 'Category Clerk');
    const bad = await edit(agent, p, 'items/2', {
      text: 'Communicates clearly with the public',
      category: 'competency',
      level: '9',
      name: '',
    });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('id="item-2-level-error"');
    expect(bad.text).toMatch(/id="item-2-level" name="level" value="9"/);
    expect(bad.text).toContain('Communicates clearly with the public</textarea>');
    expect((await pendingSpec(p)).items[2].category).toBe('ability');

    const ok = await edit(agent, p, 'items/2', {
      text: 'Communicates clearly with the public',
      category: 'competency',
      level: '4',
      name: 'COMMUNICATION',
      entry: '1',
    });
    expect(ok.status).toBe(303);
    expect((await pendingSpec(p)).items[2]).toMatchObject({
      category: 'competency',
      name: 'COMMUNICATION',
      requiredLevel: 4,
      requiredAtEntry: true,
      key: 'communication',
    });
  });

  it('deletes, adds and moves statements', async () => {
    const agent = await admin();
    const p = await stage(agent, 'Reorder Clerk');
    const texts = (await pendingSpec(p)).items.map((i) => i.text);
    expect((await edit(agent, p, 'items/0/delete')).status).toBe(303);
    expect((await pendingSpec(p)).items.map((i) => i.text)).toEqual(texts.slice(1));
    const added = await edit(agent, p, 'items', { text: 'Maintains confidentiality', category: 'competency', level: '3' });
    expect(added.status).toBe(303);
    expect((await pendingSpec(p)).items.map((i) => i.text)).toEqual([...texts.slice(1), 'Maintains confidentiality']);
    expect((await edit(agent, p, 'items/2/move', { direction: 'up' })).status).toBe(303);
    expect((await pendingSpec(p)).items.map((i) => i.text)).toEqual([texts[1], 'Maintains confidentiality', texts[2]]);
    expect((await edit(agent, p, 'items/0/move', { direction: 'up' })).status).toBe(422);
  });

  it('edits the title and header; an empty title is refused with the other typed fields kept', async () => {
    const agent = await admin();
    const p = await stage(agent, 'Header Clerk');
    const bad = await edit(agent, p, 'header', { title: '', code: 'HC-9', family: 'Records' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('id="title-error"');
    expect(bad.text).toMatch(/id="code" name="code" value="HC-9"/);
    expect((await edit(agent, p, 'header', { title: 'Records Clerk Corrected', code: 'HC-9', family: 'Records' })).status).toBe(303);
    expect(await pendingSpec(p)).toMatchObject({ title: 'Records Clerk Corrected', corrections: { header: 1 } });
  });

  it('refuses an edit from a stale page instead of changing the wrong statement', async () => {
    const agent = await admin();
    const p = await stage(agent, 'Stale Clerk');
    const page = await agent.get(p);
    const send = () =>
      agent
        .post(`${p}/items/0/delete`)
        .type('form')
        .send({ _csrf: csrfFrom(page.text), rev: revOf(page.text) });
    expect((await send()).status).toBe(303);
    const again = await send();
    expect(again.status).toBe(422);
    expect(again.text).toContain('The preview changed since this page was shown');
    expect((await pendingSpec(p)).items).toHaveLength(2);
  });

  it('stores the corrected version and audits the corrections by kind', async () => {
    const agent = await admin();
    const p = await stage(agent, 'Audited Clerk');
    await edit(agent, p, 'items/0/delete');
    await edit(agent, p, 'items/0/move', { direction: 'down' });
    const page = await agent.get(p);
    const confirmed = await agent
      .post(`${p}/confirm`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text) });
    expect(confirmed.status).toBe(303);
    const classId = classIdFrom(confirmed.headers.location);
    const version = await ctx.db('class_spec_versions').where({ class_spec_id: classId }).first();
    expect(Boolean(version.corrected)).toBe(true);
    const items = await ctx.db('spec_items').where({ version_id: version.id }).orderBy('position');
    expect(items.map((i) => i.category)).toEqual(['ability', 'skill']);
    const audit = await ctx
      .db('audit_log')
      .where({ action: 'class_spec.corrected', entity_id: String(classId) })
      .first();
    expect(JSON.parse(audit.details)).toMatchObject({ corrections: 2, edits: { delete: 1, move: 1 }, title: 'Audited Clerk' });
    expect((await agent.get(confirmed.headers.location)).text).toContain('corrected by hand in the import preview');
  });

  it('another admin can neither see nor correct my preview (404) and it stays unchanged', async () => {
    const owner = await admin();
    const other = await admin();
    const p = await stage(owner, 'Private Clerk');
    expect((await other.get(p)).status).toBe(404);
    const token = await other.csrf('/admin/class-specs/import');
    for (const action of ['header', 'items', 'items/0', 'items/0/split', 'items/0/merge', 'items/0/delete', 'items/0/move']) {
      const res = await other
        .post(`${p}/${action}`)
        .type('form')
        .send({ _csrf: token, rev: '0', title: 'Stolen', text: 'x', category: 'skill', level: '3', parts: 'a\nb', direction: 'down' });
      expect(res.status, action).toBe(404);
    }
    expect(await pendingSpec(p)).toMatchObject({ title: 'Private Clerk', corrections: {} });
  });

  it('refuses to confirm a preview whose statements were all deleted', async () => {
    const agent = await admin();
    const p = await stage(agent, 'Empty Clerk');
    for (let i = 0; i < 3; i++) expect((await edit(agent, p, 'items/0/delete')).status).toBe(303);
    expect((await agent.get(p)).text).toContain('No statements left.');
    const res = await edit(agent, p, 'confirm');
    expect(res.status).toBe(422);
    expect(res.text).toContain('The preview has no statements left');
    expect(await ctx.db('class_specs').where({ title: 'Empty Clerk' }).first()).toBeUndefined();
  });
});
