import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { setupTestContext, signIn } from '../helpers/context';
import { createUser } from '../helpers/factories';
import { classIdFrom, pasteSpec, pressOnPreview } from './spec-test-helpers';

// Job family: read from the document where it states one (unit tests in spec-family.test.ts),
// set by an administrator on the class page where it does not; the class search finds it.
const ctx = setupTestContext();

async function signedIn(roles: 'admin'[] = []) {
  const u = await createUser(ctx.db, { roles });
  return { ...u, agent: await signIn(ctx.app, u.email) };
}

const spec = (title: string, characteristics: string) =>
  [
    `CLASS TITLE: ${title}`,
    '',
    'CHARACTERISTICS OF THE CLASS',
    '',
    characteristics,
    '',
    'KNOWLEDGE, SKILLS, ABILITIES, AND OTHER WORK REQUIREMENTS',
    '',
    'Skills',
    '',
    '- ACTIVE LEARNING – Understand the implications of new information',
  ].join('\n');

async function importText(agent: Awaited<ReturnType<typeof signIn>>, text: string): Promise<number> {
  const pasted = await pasteSpec(agent, text);
  return classIdFrom((await pressOnPreview(agent, pasted.headers.location, 'confirm')).headers.location);
}

async function searchTitles(q: string): Promise<string[]> {
  const { agent } = await signedIn();
  const page = await agent.get(`/assessments/new?q=${encodeURIComponent(q)}`);
  expect(page.status).toBe(200);
  return [...page.text.matchAll(/<th scope="row"><a href="[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]);
}

describe('job family', () => {
  it('is read from the "assigned to the … Job Family" sentence on import, and the class search finds the class by it', async () => {
    const { agent } = await signedIn(['admin']);
    const t = crypto.randomUUID().slice(0, 6).toUpperCase();
    const id = await importText(
      agent,
      spec(
        `FAMILY READ ${t}`,
        `Under direction, does test work. This class is assigned to the Zeppelin ${t} Job Family which consists of pilots.`,
      ),
    );
    expect((await ctx.db('class_specs').where({ id }).first()).family).toBe(`Zeppelin ${t}`);
    expect(await searchTitles(`zeppelin ${t}`)).toEqual([`FAMILY READ ${t}`]);
  });

  it('is set by an admin on the class page when the document states none (audited), and kept by a later import', async () => {
    const admin = await signedIn(['admin']);
    const t = crypto.randomUUID().slice(0, 6).toUpperCase();
    const text = spec(`FAMILY SET ${t}`, 'Under direction, does test work.');
    const id = await importText(admin.agent, text);
    expect((await ctx.db('class_specs').where({ id }).first()).family).toBeNull();
    expect(await searchTitles(`Blimps ${t}`)).toEqual([]);

    const page = await admin.agent.get(`/admin/class-specs/${id}`);
    expect(page.text).toContain('<h2 id="job-family">Job family</h2>');
    expect(page.text).toContain('<label for="family">Job family');
    const token = await admin.agent.csrf(`/admin/class-specs/${id}`);
    const tooLong = await admin.agent
      .post(`/admin/class-specs/${id}/family`)
      .type('form')
      .send({ _csrf: token, family: 'B'.repeat(201) });
    expect(tooLong.status).toBe(422);
    expect(tooLong.text).toContain('Keep it to 200 characters or fewer');
    expect(tooLong.text).toContain(`value="${'B'.repeat(201)}"`);

    const res = await admin.agent
      .post(`/admin/class-specs/${id}/family`)
      .type('form')
      .send({ _csrf: token, family: `  Blimps   ${t} ` });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/admin/class-specs/${id}#job-family`);
    expect((await ctx.db('class_specs').where({ id }).first()).family).toBe(`Blimps ${t}`);
    const audit = await ctx
      .db('audit_log')
      .where({ action: 'class_spec.family_changed', entity_id: String(id) })
      .first();
    expect(audit.actor_id).toBe(admin.id);
    expect(JSON.parse(audit.details)).toEqual({ old: null, new: `Blimps ${t}` });
    expect(await searchTitles(`blimps ${t}`)).toEqual([`FAMILY SET ${t}`]);

    // A revised document that still states no family keeps the one set by hand.
    await importText(admin.agent, text.replace('does test work', 'does revised test work'));
    const cls = await ctx.db('class_specs').where({ id }).first();
    expect(cls.family).toBe(`Blimps ${t}`);
    expect(await ctx.db('class_spec_versions').where({ class_spec_id: id })).toHaveLength(2);
  });

  it('answers 404 to anyone but an admin and changes nothing', async () => {
    const admin = await signedIn(['admin']);
    const id = await importText(admin.agent, spec(`FAMILY GUARD ${crypto.randomUUID().slice(0, 6).toUpperCase()}`, 'Does work.'));
    const { agent } = await signedIn();
    const token = await agent.csrf('/account/password');
    expect((await agent.post(`/admin/class-specs/${id}/family`).type('form').send({ _csrf: token, family: 'Nope' })).status).toBe(404);
    expect((await ctx.db('class_specs').where({ id }).first()).family).toBeNull();
  });
});
