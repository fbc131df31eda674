import type { Knex } from 'knex';
import { createClassSpec, createAssessment, type CreatedClass, createUser } from '../helpers/factories';

export interface Org {
  director: { id: number; email: string };
  supervisor: { id: number; email: string };
  employee: { id: number; email: string };
  peer: { id: number; email: string };
  otherSupervisor: { id: number; email: string };
  trainer: { id: number; email: string };
  admin: { id: number; email: string };
  cls: CreatedClass;
}

/** director → supervisor → {employee, peer}; another branch; training staff; admin; a four-item class. */
export async function buildOrg(db: Knex): Promise<Org> {
  const director = await createUser(db, { name: 'Dana Director', roles: ['supervisor'] });
  const supervisor = await createUser(db, { name: 'Sam Supervisor', roles: ['supervisor'], supervisorId: director.id });
  const employee = await createUser(db, { name: 'Erin Employee', supervisorId: supervisor.id });
  const peer = await createUser(db, { name: 'Pat Peer', supervisorId: supervisor.id });
  const otherSupervisor = await createUser(db, { name: 'Olga Other', roles: ['supervisor'] });
  await createUser(db, { name: 'Otto Report', supervisorId: otherSupervisor.id });
  const trainer = await createUser(db, { name: 'Tia Trainer', roles: ['training'] });
  const admin = await createUser(db, { name: 'Ada Admin', roles: ['admin'] });
  const cls = await createClassSpec(db, {
    title: `SECURITY ENGINEER ${Math.random().toString(36).slice(2, 7).toUpperCase()}`,
    items: [
      { category: 'knowledge', text: 'network security principles', requiredLevel: 4, requiredAtEntry: true },
      { category: 'skill', name: 'ACTIVE LEARNING', text: 'Understand new information', requiredLevel: 3 },
      { category: 'ability', name: 'DEDUCTIVE REASONING', text: 'Apply general rules', requiredLevel: 3 },
      { category: 'competency', name: 'TEAMWORK', text: 'Works with others', requiredLevel: 3 },
    ],
  });
  return { director, supervisor, employee, peer, otherSupervisor, trainer, admin, cls };
}

export function submitted(db: Knex, org: Org, self: number[] = [2, 3, 1, 4], evidence?: string[]): Promise<number> {
  return createAssessment(db, { employeeId: org.employee.id, cls: org.cls, status: 'submitted', self, evidence });
}
