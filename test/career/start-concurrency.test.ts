import { beforeAll, describe, expect, it } from 'vitest';
import { setupTestContext, signIn } from '../helpers/context';
import { createAssessment, createClassSpec, createUser, type CreatedClass } from '../helpers/factories';

const ctx = setupTestContext();
let known: CreatedClass, target: CreatedClass;

// The target class shares one key with a class the people below were already assessed on, so
// every new draft starts with one pre-filled level.
beforeAll(async () => {
  const s = `-${Date.now()}`;
  known = await createClassSpec(ctx.db, {
    title: 'KNOWN KEEPER',
    items: [{ category: 'skill', name: 'SHARED SKILL', key: `shared${s}`, requiredLevel: 3 }],
  });
  target = await createClassSpec(ctx.db, {
    title: 'TARGET TENDER',
    items: [
      { category: 'skill', name: 'SHARED SKILL', key: `shared${s}`, requiredLevel: 4 },
      { category: 'ability', name: 'NEW ABILITY', key: `new${s}`, requiredLevel: 3 },
    ],
  });
});

async function personWithHistory() {
  const me = await createUser(ctx.db);
  await createAssessment(ctx.db, { employeeId: me.id, cls: known, status: 'submitted', self: [2] });
  return me;
}

async function draftsOf(employeeId: number) {
  return ctx.db('assessments').where({ employee_id: employeeId, class_spec_id: target.classSpecId }).select('id', 'status');
}

describe('starting from career readiness several times at once', () => {
  it('ends on one pre-filled draft that every request goes to, started (and audited) once', async () => {
    const me = await personWithHistory();
    const agent = await signIn(ctx.app, me.email);
    const token = await agent.csrf(`/career/classes/${target.classSpecId}`);
    const start = () => agent.post(`/career/classes/${target.classSpecId}/start`).type('form').send({ _csrf: token });
    const replies = await Promise.all([start(), start(), start()]);

    expect(replies.map((r) => r.status)).toEqual([303, 303, 303]);
    expect(new Set(replies.map((r) => r.headers.location)).size).toBe(1);
    const drafts = await draftsOf(me.id);
    expect(drafts).toEqual([{ id: Number(replies[0].headers.location.split('/').pop()), status: 'draft' }]);
    const ratings = await ctx.db('ratings').where({ assessment_id: drafts[0].id }).select('item_id', 'self_level');
    expect(ratings).toEqual([{ item_id: target.items[0].id, self_level: 2 }]);
    const audits = await ctx.db('audit_log').where({ action: 'assessment.started', entity_id: String(drafts[0].id) });
    expect(audits).toHaveLength(1);
  });

  it('ends on one draft when the same person starts from career readiness and from the catalogue at once', async () => {
    const me = await personWithHistory();
    const agent = await signIn(ctx.app, me.email);
    const token = await agent.csrf('/assessments/new');
    const [fromCareer, fromCatalogue] = await Promise.all([
      agent.post(`/career/classes/${target.classSpecId}/start`).type('form').send({ _csrf: token }),
      agent
        .post('/assessments')
        .type('form')
        .send({ _csrf: token, classSpecId: String(target.classSpecId) }),
    ]);

    expect([fromCareer.status, fromCatalogue.status]).toEqual([303, 303]);
    expect(fromCatalogue.headers.location).toBe(fromCareer.headers.location);
    expect(await draftsOf(me.id)).toHaveLength(1);
  });
});
