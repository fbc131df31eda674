import { beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { setupTestContext, signIn } from '../helpers/context';
import { createAssessment, createClassSpec, type CreatedClass, createUser } from '../helpers/factories';

const ctx = setupTestContext();
let cls: CreatedClass;
let trainingEmail: string;
let programId: number;
let smallProgramId: number;

async function insertProgram(db: Knex, title: string, keyIds: number[]): Promise<number> {
  const now = new Date().toISOString();
  const [row] = await db('training_programs')
    .insert({ title, format: 'course', hours: 8, active: true, created_at: now, updated_at: now })
    .returning('id');
  const id = Number(typeof row === 'object' ? row.id : row);
  await db('program_competencies').insert(keyIds.map((k) => ({ program_id: id, competency_key_id: k })));
  return id;
}

async function doneAction(db: Knex, assessmentId: number, program: number, completedAt: string): Promise<void> {
  await db('plan_actions').insert({
    assessment_id: assessmentId,
    description: 'Attend the program',
    program_id: program,
    status: 'done',
    completed_at: completedAt,
    created_at: completedAt,
    updated_at: completedAt,
  });
}

/**
 * Program P develops E1 (required 3). r1–r6 were reviewed in January, completed P on 1 February and
 * were reviewed again in April. E1 before: 1,2,1,2,3,0 → mean 1.5; after: 3 each → 3.0; change +1.5.
 * Gap before: all but r5 → 5; all five closed. r1 has a June reassessment at level 1 that must not be
 * used (the FIRST later assessment counts). r7's only later assessment is a draft; r8 completed after
 * their last assessment; r9's action is only in progress — none of them count.
 * Program S develops E2 and three people completed it → everything suppressed.
 */
beforeAll(async () => {
  cls = await createClassSpec(ctx.db, {
    items: [
      { category: 'skill', name: 'EFFECT ONE', requiredLevel: 3 },
      { category: 'skill', name: 'EFFECT TWO', requiredLevel: 3 },
    ],
  });
  trainingEmail = (await createUser(ctx.db, { roles: ['training'] })).email;
  programId = await insertProgram(ctx.db, 'Program P', [cls.items[0].keyId]);
  smallProgramId = await insertProgram(ctx.db, 'Program S', [cls.items[1].keyId]);
  const before = [1, 2, 1, 2, 3, 0];
  for (let i = 0; i < 6; i++) {
    const person = await createUser(ctx.db);
    const a0 = await createAssessment(ctx.db, {
      employeeId: person.id,
      cls,
      status: 'reviewed',
      self: [3, 3],
      supervisor: [before[i], 1],
      at: '2026-01-15T09:00:00.000Z',
    });
    await doneAction(ctx.db, a0, programId, '2026-02-01T09:00:00.000Z');
    if (i < 3) await doneAction(ctx.db, a0, smallProgramId, '2026-02-01T09:00:00.000Z');
    await createAssessment(ctx.db, {
      employeeId: person.id,
      cls,
      status: 'reviewed',
      self: [3, 3],
      supervisor: [3, 2],
      at: '2026-04-01T09:00:00.000Z',
    });
    if (i === 0)
      await createAssessment(ctx.db, {
        employeeId: person.id,
        cls,
        status: 'reviewed',
        self: [1, 1],
        supervisor: [1, 1],
        at: '2026-06-01T09:00:00.000Z',
      });
  }
  const r7 = await createUser(ctx.db);
  const a7 = await createAssessment(ctx.db, {
    employeeId: r7.id,
    cls,
    status: 'reviewed',
    self: [0, 0],
    supervisor: [0, 0],
    at: '2026-01-15T09:00:00.000Z',
  });
  await doneAction(ctx.db, a7, programId, '2026-02-01T09:00:00.000Z');
  await createAssessment(ctx.db, { employeeId: r7.id, cls, status: 'draft', self: [5, 5], at: '2026-04-01T09:00:00.000Z' });
  const r8 = await createUser(ctx.db);
  const a8 = await createAssessment(ctx.db, {
    employeeId: r8.id,
    cls,
    status: 'reviewed',
    self: [0, 0],
    supervisor: [0, 0],
    at: '2026-01-15T09:00:00.000Z',
  });
  await createAssessment(ctx.db, { employeeId: r8.id, cls, status: 'submitted', self: [5, 5], at: '2026-01-20T09:00:00.000Z' });
  await doneAction(ctx.db, a8, programId, '2026-02-01T09:00:00.000Z');
  const r9 = await createUser(ctx.db);
  const a9 = await createAssessment(ctx.db, {
    employeeId: r9.id,
    cls,
    status: 'reviewed',
    self: [0, 0],
    supervisor: [0, 0],
    at: '2026-01-15T09:00:00.000Z',
  });
  await ctx.db('plan_actions').insert({
    assessment_id: a9,
    description: 'Not yet',
    program_id: programId,
    status: 'in_progress',
    created_at: '2026-01-16T09:00:00.000Z',
    updated_at: '2026-01-16T09:00:00.000Z',
  });
  await createAssessment(ctx.db, {
    employeeId: r9.id,
    cls,
    status: 'reviewed',
    self: [5, 5],
    supervisor: [5, 5],
    at: '2026-04-01T09:00:00.000Z',
  });
});

function rowOf(html: string, title: string): string[] {
  const row = html.split('<tr>').find((r) => r.includes(`>${title}</a>`));
  if (!row) throw new Error(`no row for ${title}`);
  return [...row.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => m[1].trim());
}

describe('program effectiveness', () => {
  it('shows mean level before and after, and who closed their gap, for people reassessed after completing', async () => {
    const agent = await signIn(ctx.app, trainingEmail);
    const res = await agent.get('/training/effectiveness');
    expect(res.status).toBe(200);
    // 5 of the 6 had a gap before: the 1 without is given away by 6 − 5, so that count and the
    // closed count (a subset) are hidden; the means of the 6 stand.
    expect(rowOf(res.text, 'Program P')).toEqual(['6', '1.5', '3.0', '+1.5', 'fewer than 5', 'fewer than 5']);
  });

  it('suppresses every figure of a program completed by fewer than 5 people', async () => {
    const agent = await signIn(ctx.app, trainingEmail);
    const res = await agent.get('/training/effectiveness');
    expect(rowOf(res.text, 'Program S')).toEqual(Array(6).fill('fewer than 5'));
  });

  it('lets admins in and keeps employees out with 404', async () => {
    const admin = await createUser(ctx.db, { roles: ['admin'] });
    expect((await (await signIn(ctx.app, admin.email)).get('/training/effectiveness')).status).toBe(200);
    const employee = await createUser(ctx.db);
    expect((await (await signIn(ctx.app, employee.email)).get('/training/effectiveness')).status).toBe(404);
  });
});
