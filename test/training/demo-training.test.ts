import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { setupTestContext, signIn } from '../helpers/context';
import { createClassSpec } from '../helpers/factories';
import { parseClassSpec } from '../../src/class-specs/parser/spec-parser';
import { seedDemoUsers, DEMO_PASSWORD } from '../../seeds/demo-users';
import { seedDemoTraining } from '../../seeds/demo-training';

const ctx = setupTestContext();
const SPECS = path.resolve(__dirname, '../../seeds/class-specs');

/** The three demo classes, parsed from the shared spec files (the importer does the same on main). */
async function createDemoClasses(): Promise<void> {
  for (const file of fs
    .readdirSync(SPECS)
    .filter((f) => f.endsWith('.txt'))
    .sort()) {
    const spec = parseClassSpec(fs.readFileSync(path.join(SPECS, file), 'utf8'));
    await createClassSpec(ctx.db, {
      title: spec.title,
      items: spec.items.map((i) => ({
        category: i.category,
        name: i.name,
        text: i.text,
        requiredLevel: i.requiredLevel,
        requiredAtEntry: i.requiredAtEntry,
        key: i.key,
        qualifier: i.qualifier,
      })),
    });
  }
}

describe('demo training data', () => {
  beforeAll(async () => {
    await seedDemoUsers(ctx.db);
    await seedDemoTraining(ctx.db); // classes missing: does nothing, no error
    expect(await ctx.db('training_programs').first('id')).toBeUndefined();
    await createDemoClasses();
    await seedDemoTraining(ctx.db);
  });

  it('creates programs linked to the demo classes’ competencies', async () => {
    const programs = await ctx.db('training_programs').select('id', 'title');
    expect(programs.length).toBeGreaterThanOrEqual(6);
    for (const p of programs) {
      const links = await ctx.db('program_competencies').where({ program_id: p.id });
      expect(links.length, p.title).toBeGreaterThan(0);
    }
  });

  it('gives employee@ one reviewed IT ENGINEER assessment by supervisor@ and nothing else; jordan@ waits for review', async () => {
    const erin = await ctx.db('users').where({ email: 'employee@example.gov' }).first('id');
    const sam = await ctx.db('users').where({ email: 'supervisor@example.gov' }).first('id');
    const rows = await ctx
      .db('assessments as a')
      .join('class_specs as c', 'c.id', 'a.class_spec_id')
      .where('a.employee_id', erin.id)
      .select('a.status', 'a.reviewer_id', 'c.title');
    expect(rows).toEqual([{ status: 'reviewed', reviewer_id: sam.id, title: 'IT ENGINEER' }]);
    const jordan = await ctx.db('users').where({ email: 'jordan@example.gov' }).first('id');
    const open = await ctx
      .db('assessments as a')
      .join('class_specs as c', 'c.id', 'a.class_spec_id')
      .where('a.employee_id', jordan.id)
      .where('a.status', 'submitted')
      .select('c.title');
    expect(open).toEqual([{ title: 'SENIOR SECURITY ENGINEER' }]);
    const demoUser = await ctx.db('users').where({ email: 'demo.employee01@example.gov' }).first('password_hash');
    const erinHash = await ctx.db('users').where({ email: 'employee@example.gov' }).first('password_hash');
    expect(demoUser.password_hash).toBe(erinHash.password_hash);
  });

  it('shows training staff real training-needs figures and effectiveness figures', async () => {
    const agent = await signIn(ctx.app, 'training@example.gov', DEMO_PASSWORD);
    const needs = await agent.get('/training/needs');
    expect(needs.status).toBe(200);
    expect(needs.text).toMatch(/<td class="num">\d+<\/td>\s*<td class="num">\d+<\/td>\s*<td class="num">\d+\.\d%<\/td>/);
    expect(needs.text).toContain('Cloud Security Fundamentals');
    expect(needs.text).toContain('fewer than 5');
    const eff = await agent.get('/training/effectiveness');
    const row = eff.text.split('<tr>').find((r) => r.includes('>Cloud Security Fundamentals</a>'))!;
    const cells = [...row.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => m[1].trim());
    expect(Number(cells[0])).toBeGreaterThanOrEqual(5);
    expect(Number(cells[2])).toBeGreaterThan(Number(cells[1]));
  });
});
