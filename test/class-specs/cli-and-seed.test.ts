import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb } from '../../src/db/db';
import { seedDemo } from '../../seeds/demo';
import { setupTestContext, signIn } from '../helpers/context';
import { createUser } from '../helpers/factories';
import { EXPECTED, expectStored, SPEC_DIR } from './spec-test-helpers';

// A fresh test database (SQLite or PostgreSQL, like the rest of the suite) for the demo seed.
const seedCtx = setupTestContext();
const ROOT = path.resolve(__dirname, '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'spec-import-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function runImport(dbFile: string, files: string[]) {
  return spawnSync('npx', ['tsx', 'src/cli/spec-import.ts', ...files], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: `sqlite:${dbFile}`, DATA_DIR: tmp, NODE_ENV: 'development', LOG_LEVEL: 'silent' },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('npm run spec:import', () => {
  it('imports each file, prints what it stored and exits 0', async () => {
    const dbFile = path.join(tmp, 'cli.db');
    const files = Object.keys(EXPECTED).map((f) => path.join(SPEC_DIR, f));
    const run = runImport(dbFile, files);
    expect(run.stderr).not.toMatch(/Not imported/);
    expect(run.status).toBe(0);
    for (const e of Object.values(EXPECTED)) {
      const items = e.knowledge + e.skill + e.ability + e.competency;
      expect(run.stdout).toContain(`Imported ${e.title} as version 1 (${items} items)`);
    }
    const db = createDb(`sqlite:${dbFile}`);
    try {
      for (const e of Object.values(EXPECTED)) {
        const cls = await db('class_specs').where({ title: e.title }).first();
        await expectStored(db, cls.id, e);
      }
      const audit = await db('audit_log').where({ action: 'class_spec.imported' }).whereNull('actor_id');
      expect(audit).toHaveLength(3);
    } finally {
      await db.destroy();
    }
    // The same file again is identical to what is stored: reported, nothing stored, not a failure.
    const again = runImport(dbFile, [path.join(SPEC_DIR, 'it-engineer.txt')]);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('Unchanged: it-engineer.txt is identical to version 1 of IT ENGINEER; nothing stored');
    const db2 = createDb(`sqlite:${dbFile}`);
    try {
      expect(
        await db2('class_spec_versions')
          .count({ n: '*' })
          .first()
          .then((r) => Number(r?.n)),
      ).toBe(3);
    } finally {
      await db2.destroy();
    }
  });

  it('exits 1 with a one-line reason for a file that is not a spec, still importing the others', async () => {
    const dbFile = path.join(tmp, 'cli-bad.db');
    const recipe = path.join(tmp, 'recipe.txt');
    fs.writeFileSync(recipe, 'Pancakes\n\nMix flour and eggs.\n');
    const run = runImport(dbFile, [recipe, path.join(SPEC_DIR, 'it-engineer.txt')]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/Not imported: .*recipe\.txt: Not a class specification: no CLASS TITLE/);
    expect(run.stdout).toContain('Imported IT ENGINEER as version 1 (37 items)');
    const db = createDb(`sqlite:${dbFile}`);
    try {
      expect(await db('class_specs').pluck('title')).toEqual(['IT ENGINEER']);
    } finally {
      await db.destroy();
    }
  });
});

describe('npm run spec:import of a series', () => {
  const FIXTURES = path.join(ROOT, 'test/fixtures/class-specs');
  const levelsOf = (file: string) =>
    (JSON.parse(fs.readFileSync(path.join(FIXTURES, `${file}.expected.json`), 'utf8')) as { levels: { title: string; items: unknown }[] })
      .levels;

  it('imports a series one class per level by default, and as one class with --series one', async () => {
    const dbFile = path.join(tmp, 'cli-series.db');
    const personnel = 'state-of-california-calhr/personnel-specialist-series-1303.html';
    const appraiser = 'ventura-county-ca/appraiser-series.txt';
    // The Ventura County appraiser series has no title of its own: per level, its levels' titles do.
    const run = runImport(dbFile, [path.join(FIXTURES, personnel), path.join(FIXTURES, appraiser)]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Series Personnel Specialist Series in personnel-specialist-series-1303.html: 2 levels, one class each');
    const expected = [...levelsOf(personnel), ...levelsOf(appraiser)].map((l) => ({
      title: l.title,
      items: Array.isArray(l.items) ? l.items.length : Number(l.items),
    }));
    expect(expected).toHaveLength(6);
    for (const l of expected) expect(run.stdout).toContain(`Imported ${l.title} as version 1 (${l.items} items), a new class`);
    const db = createDb(`sqlite:${dbFile}`);
    try {
      for (const l of expected) {
        const cls = await db('class_specs').where({ title: l.title }).first();
        expect(cls, l.title).toBeDefined();
        const n = await db('spec_items').where({ version_id: cls.current_version_id }).count({ n: '*' }).first();
        expect(Number(n?.n)).toBe(l.items);
      }
      expect(await db('class_specs').where({ title: 'Personnel Specialist Series' }).first()).toBeUndefined();
      expect(await db('audit_log').where({ action: 'class_spec.imported' })).toHaveLength(6);
    } finally {
      await db.destroy();
    }
    // The same file again stores nothing; --series one stores the whole series as one class.
    const again = runImport(dbFile, [path.join(FIXTURES, personnel)]);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain(
      'Unchanged: personnel-specialist-series-1303.html is identical to version 1 of Senior Personnel Specialist',
    );
    const one = runImport(dbFile, ['--series', 'one', path.join(FIXTURES, personnel)]);
    expect(one.status).toBe(0);
    expect(one.stdout).toContain('Imported Personnel Specialist Series as version 1 (24 items), a new class');
    expect(runImport(dbFile, ['--series', 'both', path.join(FIXTURES, personnel)]).status).toBe(1);
    const db2 = createDb(`sqlite:${dbFile}`);
    try {
      expect(Number((await db2('class_spec_versions').count({ n: '*' }).first())?.n)).toBe(7);
    } finally {
      await db2.destroy();
    }
  });
});

describe('demo seeding', () => {
  it('imports the three shared specs through the importer with the counts of the issue', async () => {
    const { db } = seedCtx;
    {
      await seedDemo(db);
      const classes = await db('class_specs').orderBy('title');
      expect(classes.map((c) => c.title)).toEqual(
        Object.values(EXPECTED)
          .map((e) => e.title)
          .sort(),
      );
      for (const e of Object.values(EXPECTED)) await expectStored(db, classes.find((c) => c.title === e.title).id, e);
      const sources = await db('class_spec_versions').orderBy('source_name').pluck('source_name');
      expect(sources).toEqual(Object.keys(EXPECTED).sort());
    }
  });

  it('gives every demo class the job family its document states, and the class search finds them by it', async () => {
    const { db, app } = seedCtx;
    // Seeded by the test above when it ran first; seeding again would add a second version of nothing.
    if (!(await db('class_specs').first())) await seedDemo(db);
    const families = Object.fromEntries((await db('class_specs').select('title', 'family')).map((c) => [c.title, c.family]));
    expect(families).toMatchObject({
      'IT ENGINEER': 'Information Technology', // "Family:" header field
      'CHIEF INFORMATION SECURITY OFFICER (CISO)': 'Leadership Technology', // "assigned to the … Job Family"
      'SENIOR SECURITY ENGINEER': 'Engineer Information Technology',
    });
    const employee = await createUser(db);
    const agent = await signIn(app, employee.email);
    const search = async (q: string) => {
      const page = await agent.get(`/assessments/new?q=${encodeURIComponent(q)}`);
      expect(page.status).toBe(200);
      return [...page.text.matchAll(/<th scope="row"><a href="[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]);
    };
    expect(await search('leadership technology')).toEqual(['CHIEF INFORMATION SECURITY OFFICER (CISO)']);
    expect(await search('Engineer Information')).toEqual(['SENIOR SECURITY ENGINEER']);
    expect((await search('information technology')).sort()).toEqual(['IT ENGINEER', 'SENIOR SECURITY ENGINEER']);
  });
});
