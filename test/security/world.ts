import type { Express } from 'express';
import type { Knex } from 'knex';
import request from 'supertest';
import { nowIso } from '../../src/db/time';
import { csrfFrom, signIn, type Agent } from '../helpers/context';
import { createAssessment, createClassSpec, type CreatedClass, createUser } from '../helpers/factories';

// A small organisation for the security tests:
//   director ─ manager ─┬ owner (the employee whose objects everyone tries to reach)
//                       └ peer
//   otherSup ─ otherEmp              (another branch)
//   training, admin, admin2 (admin2 owns pending imports)
export type Actor = 'anon' | 'owner' | 'peer' | 'otherSup' | 'sup' | 'sup2' | 'training' | 'admin';
export const ACTORS: Actor[] = ['anon', 'owner', 'peer', 'otherSup', 'sup', 'sup2', 'training', 'admin'];

export interface World {
  users: Record<
    'director' | 'manager' | 'owner' | 'peer' | 'otherSup' | 'otherEmp' | 'training' | 'admin' | 'admin2' | 'victim',
    { id: number; email: string }
  >;
  cls: CreatedClass;
  draftId: number;
  /** An item of the draft's class. */
  draftItemId: number;
  submittedId: number;
  reviewedId: number;
  planActionId: number;
  programId: number;
  specPendingId: number;
  orgPendingId: number;
  /** An open cycle with the owner's draft in it, and a closed one. */
  cycleId: number;
  closedCycleId: number;
}

export async function buildWorld(db: Knex): Promise<World> {
  const director = await createUser(db, { roles: ['employee', 'supervisor'], name: 'Dana Director' });
  const manager = await createUser(db, { roles: ['employee', 'supervisor'], supervisorId: director.id, name: 'Max Manager' });
  const owner = await createUser(db, { supervisorId: manager.id, name: 'Olive Owner' });
  const peer = await createUser(db, { supervisorId: manager.id, name: 'Pat Peer' });
  const otherSup = await createUser(db, { roles: ['employee', 'supervisor'], name: 'Oscar Othersup' });
  const otherEmp = await createUser(db, { supervisorId: otherSup.id, name: 'Olga Otheremp' });
  const training = await createUser(db, { roles: ['employee', 'training'], name: 'Tara Training' });
  const admin = await createUser(db, { roles: ['employee', 'admin'], name: 'Ada Admin' });
  const admin2 = await createUser(db, { roles: ['employee', 'admin'], name: 'Abe Admin' });
  const victim = await createUser(db, { name: 'Vic Victim' });
  const cls = await createClassSpec(db, {
    items: [
      { category: 'knowledge', text: 'budgeting', requiredLevel: 4 },
      { category: 'skill', name: 'ACTIVE LISTENING', requiredLevel: 3, requiredAtEntry: true },
      { category: 'ability', name: 'ORAL EXPRESSION', requiredLevel: 3 },
    ],
  });
  const cls2 = await createClassSpec(db, { items: [{ category: 'skill', name: 'WRITING', requiredLevel: 3 }] });
  const cls3 = await createClassSpec(db, { items: [{ category: 'skill', name: 'READING', requiredLevel: 3 }] });
  const reviewedId = await createAssessment(db, {
    employeeId: owner.id,
    cls: cls3,
    status: 'reviewed',
    self: [2],
    supervisor: [3],
    reviewerId: manager.id,
    at: '2026-01-10T10:00:00.000Z',
  });
  const submittedId = await createAssessment(db, { employeeId: owner.id, cls, status: 'submitted', self: [1, 2, 3], evidence: ['did it'] });
  const draftId = await createAssessment(db, { employeeId: owner.id, cls: cls2, status: 'draft', self: [1] });
  const [p] = await db('training_programs')
    .insert({
      title: 'Budgeting 101',
      provider: 'City College',
      format: 'course',
      description: 'Basics',
      active: true,
      created_at: nowIso(),
      updated_at: nowIso(),
    })
    .returning('id');
  const programId = Number(typeof p === 'object' ? p.id : p);
  await db('program_competencies').insert({ program_id: programId, competency_key_id: cls.items[0].keyId });
  const [pa] = await db('plan_actions')
    .insert({
      assessment_id: submittedId,
      item_id: cls.items[0].id,
      description: 'Take the course',
      status: 'planned',
      created_by: owner.id,
      created_at: nowIso(),
      updated_at: nowIso(),
    })
    .returning('id');
  const planActionId = Number(typeof pa === 'object' ? pa.id : pa);
  const spec = { title: 'PENDING CLASS', items: [], warnings: [] };
  const [sp] = await db('pending_imports')
    .insert({ user_id: admin2.id, kind: 'class-spec', source_name: 'x.txt', payload: JSON.stringify(spec), created_at: nowIso() })
    .returning('id');
  const [op] = await db('pending_imports')
    .insert({
      user_id: admin2.id,
      kind: 'org',
      source_name: 'org.csv',
      payload: JSON.stringify({ state: 'preview', preview: [], summary: {} }),
      created_at: nowIso(),
    })
    .returning('id');
  const cycleIds: number[] = [];
  for (const status of ['open', 'closed']) {
    const [c] = await db('cycles')
      .insert({
        name: `Cycle ${status}`,
        population_kind: 'everyone',
        self_due: '2027-01-31',
        review_due: '2027-02-28',
        status,
        created_at: nowIso(),
        updated_at: nowIso(),
      })
      .returning('id');
    const cycleId = Number(typeof c === 'object' ? c.id : c);
    await db('cycle_members').insert({
      cycle_id: cycleId,
      user_id: owner.id,
      state: 'created',
      class_spec_id: cls2.classSpecId,
      assessment_id: draftId,
      added_at: nowIso(),
    });
    cycleIds.push(cycleId);
  }
  return {
    cycleId: cycleIds[0],
    closedCycleId: cycleIds[1],
    users: { director, manager, owner, peer, otherSup, otherEmp, training, admin, admin2, victim },
    cls,
    draftId,
    draftItemId: cls2.items[0].id,
    submittedId,
    reviewedId,
    planActionId,
    programId,
    specPendingId: Number(typeof sp === 'object' ? sp.id : sp),
    orgPendingId: Number(typeof op === 'object' ? op.id : op),
  };
}

export type SignedAgent = Agent & { token: string };

/** One agent per actor (anonymous holds a session with a CSRF token from /login). */
export async function agentsFor(app: Express, w: World): Promise<Record<Actor, SignedAgent>> {
  const emails: Record<Exclude<Actor, 'anon'>, string> = {
    owner: w.users.owner.email,
    peer: w.users.peer.email,
    otherSup: w.users.otherSup.email,
    sup: w.users.manager.email,
    sup2: w.users.director.email,
    training: w.users.training.email,
    admin: w.users.admin.email,
  };
  const out = {} as Record<Actor, SignedAgent>;
  const anon = request.agent(app);
  out.anon = Object.assign(anon, { token: csrfFrom((await anon.get('/login')).text) });
  for (const [actor, email] of Object.entries(emails) as [Exclude<Actor, 'anon'>, string][]) {
    const a = await signIn(app, email);
    out[actor] = Object.assign(a, { token: await a.csrf('/') });
  }
  return out;
}

/** Replaces :params in a route path with the world's ids. */
export function fill(path: string, w: World, over: Record<string, number | string> = {}): string {
  const ids: Record<string, number | string> = {
    id: w.submittedId,
    assessmentId: w.submittedId,
    actionId: w.planActionId,
    itemId: w.cls.items[0].id,
    pendingId: w.specPendingId,
    classSpecId: w.cls.classSpecId,
    userId: w.users.owner.id,
    keyId: w.cls.items[0].keyId,
    programId: w.programId,
    index: 0, // a statement of a pending class-spec import preview
    token: 'made-up-token-00000000000000000000',
    ...over,
  };
  return path.replace(/:(\w+)/g, (_m, name: string) => {
    if (!(name in ids)) throw new Error(`no value for :${name} in ${path}`);
    return String(ids[name]);
  });
}
