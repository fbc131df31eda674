import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { csrfFrom, setupTestContext, signIn } from '../helpers/context';
import { createUser } from '../helpers/factories';
import { uploadSpec } from './spec-test-helpers';

// Series specs (issue 19): the preview names the levels, HR chooses one class per level (the
// default) or one class for the series, and confirming stores every level in one transaction.
const ctx = setupTestContext();
const CALHR = path.resolve(__dirname, '../fixtures/class-specs/state-of-california-calhr');
const fixture = (name: string) => fs.readFileSync(path.join(CALHR, name));
const expectedLevels = (name: string) =>
  (JSON.parse(fs.readFileSync(path.join(CALHR, `${name}.expected.json`), 'utf8')) as { levels: { title: string; items: number }[] }).levels;

const PERSONNEL = 'personnel-specialist-series-1303.html';

type AdminAgent = Awaited<ReturnType<typeof signIn>>;
async function admin(): Promise<AdminAgent> {
  const a = await createUser(ctx.db, { roles: ['admin'] });
  return signIn(ctx.app, a.email);
}

async function stage(agent: AdminAgent, name: string): Promise<string> {
  const res = await uploadSpec(agent, fixture(name), name);
  expect(res.status).toBe(303);
  return res.headers.location;
}

async function confirm(agent: AdminAgent, previewPath: string, fields: Record<string, string>) {
  const page = await agent.get(previewPath);
  return agent
    .post(`${previewPath}/confirm`)
    .type('form')
    .send({ _csrf: csrfFrom(page.text), ...fields });
}

/** The current version of the class with this title: its version number, items and flags. */
async function stored(title: string) {
  const cls = await ctx.db('class_specs').where({ title }).first();
  if (!cls) return undefined;
  const version = await ctx.db('class_spec_versions').where({ id: cls.current_version_id }).first();
  const items = await ctx.db('spec_items').where({ version_id: version.id }).orderBy('position');
  const versions = await ctx.db('class_spec_versions').where({ class_spec_id: cls.id });
  return { cls, version, items, versions: versions.length };
}

const pendingSpec = async (previewPath: string) => {
  const row = await ctx
    .db('pending_imports')
    .where({ id: Number(previewPath.split('/').pop()) })
    .first();
  return JSON.parse(row.payload) as { items: { text: string; category: string }[]; revision: number };
};

describe('import of a class series', () => {
  it('imports the CalHR Personnel Specialist series one class per level, each with its complete statements; the same file again stores nothing', async () => {
    const agent = await admin();
    const levels = expectedLevels(PERSONNEL);
    const previewPath = await stage(agent, PERSONNEL);
    const preview = await agent.get(previewPath);
    expect(preview.status).toBe(200);
    expect(preview.text).toContain(
      `This document is a class series of 2 levels:</strong> ${levels[0].title} (${levels[0].items} statements), ${levels[1].title} (${levels[1].items} statements).`,
    );
    expect(preview.text).toContain('Import this series as');
    // Per level is the default choice, in both confirm forms (no script needed).
    expect(preview.text).toMatch(/id="series-top-per-level" checked/);
    expect(preview.text).toMatch(/id="series-bottom-per-level" checked/);
    expect(preview.text).not.toMatch(/id="series-top-one" checked/);
    expect(preview.text).toContain('each level gets the corrected form of each statement it holds');

    const res = await confirm(agent, previewPath, { series: 'per-level' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/admin/class-specs');
    const catalogue = await agent.get('/admin/class-specs');
    expect(catalogue.text).toContain(
      `Series Personnel Specialist Series imported one class per level: ${levels[0].title} as version 1 (${levels[0].items} items); ${levels[1].title} as version 1 (${levels[1].items} items).`,
    );
    for (const level of levels) {
      const s = await stored(level.title);
      expect(s, level.title).toBeDefined();
      expect(s!.items).toHaveLength(level.items);
      expect(s!.version.version).toBe(1);
      expect(s!.cls.series).toBe('Personnel Specialist Series');
    }
    // The whole series was not stored as a class of its own; the preview is gone.
    expect(await stored('Personnel Specialist Series')).toBeUndefined();
    expect((await agent.get(previewPath)).status).toBe(404);
    // The lower level's statements are all in the higher level.
    const [low, high] = [await stored(levels[0].title), await stored(levels[1].title)];
    const highTexts = new Set(high!.items.map((i) => i.text));
    expect(low!.items.every((i) => highTexts.has(i.text))).toBe(true);
    // One audit entry per class, each naming the series and the level.
    const audit = await ctx.db('audit_log').where({ action: 'class_spec.imported' }).whereIn('entity_id', [low!.cls.id, high!.cls.id]);
    expect(audit).toHaveLength(2);
    expect(audit.map((a) => JSON.parse(a.details).series)).toEqual(
      expect.arrayContaining([
        { title: 'Personnel Specialist Series', level: 1, levels: 2 },
        { title: 'Personnel Specialist Series', level: 2, levels: 2 },
      ]),
    );

    // The identical file again: the preview says so per level, and confirming stores no version.
    const again = await stage(agent, PERSONNEL);
    const page = await agent.get(again);
    expect(page.text).toContain(
      `identical to version 1 of <a href="/admin/class-specs/${low!.cls.id}">${levels[0].title}</a>, nothing stored`,
    );
    expect((await confirm(agent, again, { series: 'per-level' })).status).toBe(303);
    const after = await agent.get('/admin/class-specs');
    expect(after.text).toContain(`${levels[0].title} unchanged (identical to version 1, nothing stored)`);
    for (const level of levels) expect((await stored(level.title))!.versions).toBe(1);
  });

  it('imports a series as one class when HR chooses so', async () => {
    const agent = await admin();
    const name = 'agricultural-survey-interviewer-series-0242.html';
    const levels = expectedLevels(name);
    const previewPath = await stage(agent, name);
    const res = await confirm(agent, previewPath, { series: 'one' });
    expect(res.status).toBe(303);
    const s = await stored('Agricultural Survey Interviewer Series');
    expect(s).toBeDefined();
    expect(res.headers.location).toBe(`/admin/class-specs/${s!.cls.id}`);
    // Every statement of the series once: as many as the top level holds.
    expect(s!.items).toHaveLength(levels[levels.length - 1].items);
    for (const level of levels) expect(await stored(level.title), level.title).toBeUndefined();
  });

  it('carries a correction of a shared statement to every level, and a deletion leaves every level', async () => {
    const agent = await admin();
    const name = 'digital-print-operator-series-1411.html';
    const levels = expectedLevels(name);
    const previewPath = await stage(agent, name);
    const spec = await pendingSpec(previewPath);
    const page = await agent.get(previewPath);
    const base = { _csrf: csrfFrom(page.text) };
    // Item 0 is shared by every level (the lowest level holds it); edit its text.
    const first = spec.items[0];
    const edited = await agent
      .post(`${previewPath}/items/0`)
      .type('form')
      .send({ ...base, rev: String(spec.revision), text: 'Corrected shared statement', name: '', category: first.category, level: '3' });
    expect(edited.status).toBe(303);
    // Delete a statement only the top level holds (the last one of the list is the top level's own).
    const after = await pendingSpec(previewPath);
    const lastIndex = after.items.length - 1;
    const deleted = await agent
      .post(`${previewPath}/items/${lastIndex}/delete`)
      .type('form')
      .send({ ...base, rev: String(after.revision) });
    expect(deleted.status).toBe(303);
    const preview = await agent.get(previewPath);
    expect(preview.text).toContain(
      `${levels[0].title} (${levels[0].items} statements), ${levels[1].title} (${levels[1].items - 1} statements)`,
    );

    expect((await confirm(agent, previewPath, {})).status).toBe(303);
    const low = await stored(levels[0].title);
    const high = await stored(levels[1].title);
    expect(low!.items).toHaveLength(levels[0].items);
    expect(high!.items).toHaveLength(levels[1].items - 1);
    for (const s of [low!, high!]) {
      expect(s.items.map((i) => i.text)).toContain('Corrected shared statement');
      expect(s.items.map((i) => i.text)).not.toContain(first.text);
      expect(Boolean(s.version.corrected)).toBe(true);
    }
    const corrected = await ctx.db('audit_log').where({ action: 'class_spec.corrected' }).whereIn('entity_id', [low!.cls.id, high!.cls.id]);
    expect(corrected).toHaveLength(2);
  });

  it('refuses per level when corrections leave a level without statements, storing nothing; one class (titled by HR) still works', async () => {
    const agent = await admin();
    // The Ventura County appraiser series has no title of its own: per level, the levels' titles do.
    const name = 'appraiser-series.txt';
    const res = await uploadSpec(agent, fs.readFileSync(path.join(CALHR, '../ventura-county-ca', name)), name);
    expect(res.status).toBe(303);
    const previewPath = res.headers.location;
    const row = await ctx
      .db('pending_imports')
      .where({ id: Number(previewPath.split('/').pop()) })
      .first();
    const payload = JSON.parse(row.payload) as { levels: { title: string }[]; levelSources: number[][]; items: unknown[] };
    expect(payload.levels.map((l) => l.title)).toEqual(['Appraiser Trainee', 'Appraiser I', 'Appraiser II', 'Appraiser III']);
    // The lowest level's statements (every level holds them), deleted from the last one up.
    const lowest = [...payload.levelSources[0]].sort((a, b) => b - a);
    for (const k of lowest) {
      const page = await agent.get(previewPath);
      const spec = await pendingSpec(previewPath);
      const del = await agent
        .post(`${previewPath}/items/${k}/delete`)
        .type('form')
        .send({ _csrf: csrfFrom(page.text), rev: String(spec.revision) });
      expect(del.status).toBe(303);
    }
    const refused = await confirm(agent, previewPath, { series: 'per-level' });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('The level Appraiser Trainee has no statements left after your corrections');
    // What was chosen is kept on the refused page.
    expect(refused.text).toMatch(/id="series-top-per-level" checked/);
    for (const level of payload.levels) expect(await stored(level.title), level.title).toBeUndefined();

    // One class needs the title the document does not give.
    const untitled = await confirm(agent, previewPath, { series: 'one' });
    expect(untitled.status).toBe(422);
    expect(untitled.text).toMatch(/id="series-top-one" checked/);
    expect((await confirm(agent, previewPath, { series: 'one', title: 'Appraiser Series (Ventura)' })).status).toBe(303);
    const s = await stored('Appraiser Series (Ventura)');
    expect(s!.items).toHaveLength(payload.items.length - lowest.length);
    for (const level of payload.levels) expect(await stored(level.title), level.title).toBeUndefined();
  });

  it('shows and confirms a series preview only to the admin who made it; others get 404, a post without CSRF 403', async () => {
    const owner = await admin();
    const name = 'pesticide-use-specialist-series-0471.html';
    const previewPath = await stage(owner, name);
    const levels = expectedLevels(name);
    for (const roles of [['employee'], ['training'], ['admin']] as ('employee' | 'training' | 'admin')[][]) {
      const u = await createUser(ctx.db, { roles });
      const other = await signIn(ctx.app, u.email);
      expect((await other.get(previewPath)).status, roles.join()).toBe(404);
      const token = await other.csrf('/account/password');
      expect((await other.post(`${previewPath}/confirm`).type('form').send({ _csrf: token, series: 'per-level' })).status).toBe(404);
    }
    expect((await owner.post(`${previewPath}/confirm`).type('form').send({ series: 'per-level' })).status).toBe(403);
    for (const level of levels) expect(await stored(level.title)).toBeUndefined();
    expect((await owner.get(previewPath)).status).toBe(200);
  });
});
