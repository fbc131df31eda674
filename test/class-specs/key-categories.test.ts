import crypto from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { Category } from '../../src/competency/category';
import { setupTestContext, signIn } from '../helpers/context';
import { createAssessment, createUser, type CreatedClass } from '../helpers/factories';
import { classIdFrom, pasteSpec, pressOnPreview } from './spec-test-helpers';

// What a competency key means across categories: the same name under two categories is one
// competency when the definitions agree (an import joins them), and an administrator can merge
// the cases where they differ from the "Same name in two categories" page. Training needs and
// the class comparison then count it once.
const ctx = setupTestContext();

type Agent = Awaited<ReturnType<typeof signIn>>;

async function signedIn(roles: ('admin' | 'training')[] = []) {
  const u = await createUser(ctx.db, { roles });
  return { ...u, agent: await signIn(ctx.app, u.email) };
}

const SECTION: Record<'skill' | 'competency', string> = { skill: 'Skills', competency: 'Other Work Requirements' };

/** A City of Chicago style spec with one named statement per entry, each under its category's heading. */
function specText(title: string, items: { category: 'skill' | 'competency'; name: string; definition: string }[]): string {
  const lines = [`CLASS TITLE: ${title}`, '', 'CHARACTERISTICS OF THE CLASS', '', 'Under direction, does test work.', ''];
  lines.push('KNOWLEDGE, SKILLS, ABILITIES, AND OTHER WORK REQUIREMENTS', '');
  for (const category of ['skill', 'competency'] as const) {
    const mine = items.filter((i) => i.category === category);
    if (!mine.length) continue;
    lines.push(SECTION[category], '', ...mine.map((i) => `- ${i.name} – ${i.definition}`), '');
  }
  return lines.join('\n');
}

/** Imports through the admin's paste → preview → confirm, and reads back what a test needs of the class. */
async function importClass(agent: Agent, text: string): Promise<CreatedClass> {
  const pasted = await pasteSpec(agent, text);
  expect(pasted.status).toBe(303);
  const done = await pressOnPreview(agent, pasted.headers.location, 'confirm');
  const classSpecId = classIdFrom(done.headers.location);
  const cls = await ctx.db('class_specs').where({ id: classSpecId }).first();
  const items = await ctx
    .db('spec_items as i')
    .join('competency_keys as k', 'k.id', 'i.competency_key_id')
    .where('i.version_id', cls.current_version_id)
    .orderBy('i.position')
    .select('i.*', 'k.key');
  return {
    classSpecId,
    versionId: Number(cls.current_version_id),
    title: cls.title,
    items: items.map((i) => ({
      id: Number(i.id),
      key: String(i.key),
      keyId: Number(i.competency_key_id),
      category: i.category as Category,
      requiredLevel: Number(i.required_level),
      requiredAtEntry: Boolean(i.required_at_entry),
    })),
  };
}

/** Three people submit each class, rated 1 on every item (required 3: a gap of 2 each). */
async function assessEach(...classes: CreatedClass[]) {
  for (const cls of classes) {
    for (let n = 0; n < 3; n++) {
      const p = await createUser(ctx.db);
      await createAssessment(ctx.db, { employeeId: p.id, cls, status: 'submitted', self: cls.items.map(() => 1) });
    }
  }
}

async function needsRows(label: string): Promise<string[][]> {
  const { agent } = await signedIn(['training']);
  const csv = await agent.get('/training/needs.csv');
  expect(csv.status).toBe(200);
  const rows: string[][] = parse(csv.text.replace(/^\uFEFF/, ''), { relax_column_count: true });
  return rows.filter((r) => r[0] === label);
}

/** The item labels listed in the comparison page's two "only in" sections. */
async function onlyIn(from: CreatedClass, to: CreatedClass): Promise<string[]> {
  const { agent } = await signedIn();
  const page = await agent.get(`/classes/compare?from=${from.classSpecId}&to=${to.classSpecId}`);
  expect(page.status).toBe(200);
  const only = page.text.slice(page.text.indexOf('<h2 id="only-target">'), page.text.indexOf('<h2 id="rises">'));
  expect(only).not.toBe('');
  return [...only.matchAll(/<th scope="row">([^<]*)<\/th>/g)].map((m) => m[1]);
}

const tag = () => crypto.randomUUID().slice(0, 6).toUpperCase();

describe('the same competency under two categories', () => {
  it('is one key when the name and definition agree: one training-needs row, shared in the comparison', async () => {
    const { agent } = await signedIn(['admin']);
    const t = tag();
    const name = `ZORB THINKING ${t}`;
    const x = await importClass(
      agent,
      specText(`ZORB ANALYST ${t}`, [
        { category: 'skill', name, definition: 'Analyse information and use logic to address problems' },
        { category: 'skill', name: `ZORB LISTENING ${t}`, definition: 'Listen closely' },
      ]),
    );
    // Same definition in other words' clothing: case, punctuation, British spelling.
    const y = await importClass(
      agent,
      specText(`ZORB LEAD ${t}`, [{ category: 'competency', name, definition: 'analyze information, and use logic to address problems.' }]),
    );
    expect(y.items[0].category).toBe('competency');
    expect(y.items[0].keyId).toBe(x.items[0].keyId);

    await assessEach(x, y);
    const rows = await needsRows(name);
    expect(rows).toHaveLength(1);
    // six people assessed on it (both classes' three); the gap count hides, as the 0 without a gap is under 5
    expect(rows[0].slice(2, 4)).toEqual(['6', 'fewer than 5']);
    expect(await onlyIn(x, y)).toEqual([`ZORB LISTENING ${t}`]);
    const page = await (await signedIn()).agent.get(`/classes/compare?from=${x.classSpecId}&to=${y.classSpecId}`);
    expect(page.text).toContain(`Competencies <span class="meta">(under Skills in ZORB ANALYST ${t})</span>`);
  });

  it('stays two keys when the definitions differ, listed for admins, until one click merges them', async () => {
    const admin = await signedIn(['admin']);
    const t = tag();
    const name = `QUUX REASONING ${t}`;
    const p = await importClass(
      admin.agent,
      specText(`QUUX ENGINEER ${t}`, [{ category: 'skill', name, definition: 'Analyze information and use logic' }]),
    );
    const q = await importClass(
      admin.agent,
      specText(`QUUX OFFICER ${t}`, [{ category: 'competency', name, definition: 'Works with data to identify patterns' }]),
    );
    const [skillKey, competencyKey] = [p.items[0].keyId, q.items[0].keyId];
    expect(skillKey).not.toBe(competencyKey);
    await assessEach(p, q);
    expect(await needsRows(name)).toHaveLength(2);
    expect(await onlyIn(p, q)).toEqual([name, name]);

    const list = await admin.agent.get('/admin/class-specs/keys/same-name');
    expect(list.status).toBe(200);
    const section = list.text.slice(list.text.indexOf(`>${name}</h2>`));
    expect(section).toContain('The definitions differ: read them before merging.');
    expect(section).toContain(`Works with data to identify patterns <span class="hint">(QUUX OFFICER ${t})</span>`);
    expect(section).toContain(`Analyze information and use logic <span class="hint">(QUUX ENGINEER ${t})</span>`);
    // The oldest of two equally used keys is kept; the button merges the other into it.
    expect(section).toContain(`name="fromId" value="${competencyKey}"`);
    expect(section).toContain(`name="intoId" value="${skillKey}"`);
    expect(section).toContain('Merge the competency key into the skill key');

    const token = await admin.agent.csrf('/admin/class-specs/keys/same-name');
    const res = await admin.agent
      .post('/admin/class-specs/keys/same-name')
      .type('form')
      .send({ _csrf: token, fromId: String(competencyKey), intoId: String(skillKey) });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/admin/class-specs/keys/same-name');
    expect((await ctx.db('competency_keys').where({ id: competencyKey }).first()).merged_into_id).toBe(skillKey);
    expect((await ctx.db('spec_items').where({ id: q.items[0].id }).first()).competency_key_id).toBe(skillKey);
    const audit = await ctx
      .db('audit_log')
      .where({ action: 'competency_key.merged', entity_id: String(skillKey) })
      .first();
    expect(audit.actor_id).toBe(admin.id);
    expect(JSON.parse(audit.details)).toMatchObject({ from: { id: competencyKey }, into: { id: skillKey }, items: 1, results: 3 });

    const rows = await needsRows(name);
    expect(rows).toHaveLength(1);
    expect(rows[0].slice(2, 4)).toEqual(['6', 'fewer than 5']);
    expect(await onlyIn(p, q)).toEqual([]);
    const after = await admin.agent.get('/admin/class-specs/keys/same-name');
    expect(after.text).not.toContain(`>${name}</h2>`);
    // A later import of the merged name under the competency heading follows the merge.
    const r = await importClass(
      admin.agent,
      specText(`QUUX AUDITOR ${t}`, [{ category: 'competency', name, definition: 'Yet another definition' }]),
    );
    expect(r.items[0].keyId).toBe(skillKey);
  });

  it('refuses the merge to everyone but admins (404, nothing merged) and without a CSRF token (403)', async () => {
    const admin = await signedIn(['admin']);
    const t = tag();
    const name = `WIBBLE SENSE ${t}`;
    const a = await importClass(admin.agent, specText(`WIBBLE A ${t}`, [{ category: 'skill', name, definition: 'One thing' }]));
    const b = await importClass(admin.agent, specText(`WIBBLE B ${t}`, [{ category: 'competency', name, definition: 'Another' }]));
    const body = { fromId: String(b.items[0].keyId), intoId: String(a.items[0].keyId) };
    for (const roles of [[], ['training']] as ('training' | 'admin')[][]) {
      const { agent } = await signedIn(roles);
      expect((await agent.get('/admin/class-specs/keys/same-name')).status).toBe(404);
      const token = await agent.csrf('/account/password');
      expect(
        (
          await agent
            .post('/admin/class-specs/keys/same-name')
            .type('form')
            .send({ _csrf: token, ...body })
        ).status,
      ).toBe(404);
    }
    expect((await admin.agent.post('/admin/class-specs/keys/same-name').type('form').send(body)).status).toBe(403);
    expect(await ctx.db('competency_keys').whereIn('id', [a.items[0].keyId, b.items[0].keyId]).whereNotNull('merged_into_id')).toHaveLength(
      0,
    );
  });

  it('answers 422 with a message for two keys whose names differ, and merges nothing', async () => {
    const admin = await signedIn(['admin']);
    const t = tag();
    const a = await importClass(admin.agent, specText(`FROB A ${t}`, [{ category: 'skill', name: `FROB ONE ${t}`, definition: 'One' }]));
    const b = await importClass(
      admin.agent,
      specText(`FROB B ${t}`, [{ category: 'competency', name: `FROB TWO ${t}`, definition: 'Two' }]),
    );
    const token = await admin.agent.csrf('/admin/class-specs/keys/same-name');
    const res = await admin.agent
      .post('/admin/class-specs/keys/same-name')
      .type('form')
      .send({ _csrf: token, fromId: String(b.items[0].keyId), intoId: String(a.items[0].keyId) });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Those two keys are no longer a pair with the same name.');
    expect(res.text).toContain('<h1>Same name in two categories</h1>');
    expect((await ctx.db('competency_keys').where({ id: b.items[0].keyId }).first()).merged_into_id).toBeNull();
  });
});
