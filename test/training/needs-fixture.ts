import crypto from 'node:crypto';
import type { Knex } from 'knex';

import { createAssessment, createClassSpec, type CreatedClass, createUser } from '../helpers/factories';

/**
 * A small organisation with hand-computed training needs.
 *
 * Class A (items K1 req 3 at entry, K2 req 4, K3 req 3), six people p1–p6 and a draft from p7:
 *   p1 older reviewed [0,0,0] (not latest), newer submitted [3,4,3] → gaps 0,0,0
 *   p2 reviewed self [5,5,5] supervisor [1,2,3]                      → gaps 2,2,0 (supervisor wins)
 *   p3 submitted [2,4,3] → 1,0,0    p4 submitted [1,1,3] → 2,3,0
 *   p5 submitted [0,4,2] → 3,0,1    p6 reviewed sup [2,3,3] → 1,1,0    p7 draft [0,0,0] → ignored
 * Class B (K1 shared, req 4 not at entry; K5 req 3 at entry), four people q1–q4 self [4,1].
 *
 * Whole organisation, K1: 10 assessed, 5 with a gap, 50.0 %, mean 9/10 = 0.9, 5 entry gaps.
 * Class A only, K1: 6, 5, 83.3 %, 1.5, 5.   K2: 6 assessed, 3 with a gap → suppressed; 0 entry gaps.
 * K3: 6 assessed, 1 with a gap → suppressed.   K5: 4 people → everything suppressed.
 * Departments: p1–p4 Ops, p5–p6 Field, q1–q4 Small. Reporting: sup → p1, p2, p3; p3 → p4, p5; other → p6.
 */
export interface NeedsFixture {
  a: CreatedClass;
  b: CreatedClass;
  labels: { k1: string; k2: string; k3: string; k5: string };
  sup: { id: number; email: string };
  p3: { id: number; email: string };
  p1: { id: number; email: string };
}

export async function buildNeedsFixture(db: Knex): Promise<NeedsFixture> {
  const tag = crypto.randomUUID().slice(0, 6).toUpperCase();
  const labels = { k1: `ALPHA NEED ${tag}`, k2: `BETA NEED ${tag}`, k3: `GAMMA NEED ${tag}`, k5: `SMALL GROUP NEED ${tag}` };
  const k1 = `alpha-${tag}`;
  const a = await createClassSpec(db, {
    title: `NEEDS CLASS A ${tag}`,
    items: [
      { category: 'skill', name: labels.k1, key: k1, requiredLevel: 3, requiredAtEntry: true },
      { category: 'skill', name: labels.k2, requiredLevel: 4 },
      { category: 'ability', name: labels.k3, requiredLevel: 3 },
    ],
  });
  const b = await createClassSpec(db, {
    title: `NEEDS CLASS B ${tag}`,
    items: [
      { category: 'skill', name: labels.k1, key: k1, requiredLevel: 4 },
      { category: 'competency', name: labels.k5, requiredLevel: 3, requiredAtEntry: true },
    ],
  });
  const sup = await createUser(db, { roles: ['supervisor'], department: 'Ops' });
  const other = await createUser(db, { roles: ['supervisor'], department: 'Field' });
  const p1 = await createUser(db, { supervisorId: sup.id, department: 'Ops' });
  const p2 = await createUser(db, { supervisorId: sup.id, department: 'Ops' });
  const p3 = await createUser(db, { supervisorId: sup.id, department: 'Ops' });
  const p4 = await createUser(db, { supervisorId: p3.id, department: 'Ops' });
  const p5 = await createUser(db, { supervisorId: p3.id, department: 'Field' });
  const p6 = await createUser(db, { supervisorId: other.id, department: 'Field' });
  const p7 = await createUser(db, { supervisorId: sup.id, department: 'Ops' });
  const feb = '2026-02-01T10:00:00.000Z';
  await createAssessment(db, {
    employeeId: p1.id,
    cls: a,
    status: 'reviewed',
    self: [0, 0, 0],
    supervisor: [0, 0, 0],
    at: '2026-01-10T10:00:00.000Z',
  });
  await createAssessment(db, { employeeId: p1.id, cls: a, status: 'submitted', self: [3, 4, 3], at: '2026-03-01T10:00:00.000Z' });
  await createAssessment(db, { employeeId: p2.id, cls: a, status: 'reviewed', self: [5, 5, 5], supervisor: [1, 2, 3], at: feb });
  await createAssessment(db, { employeeId: p3.id, cls: a, status: 'submitted', self: [2, 4, 3], at: feb });
  await createAssessment(db, { employeeId: p4.id, cls: a, status: 'submitted', self: [1, 1, 3], at: feb });
  await createAssessment(db, { employeeId: p5.id, cls: a, status: 'submitted', self: [0, 4, 2], at: feb });
  await createAssessment(db, { employeeId: p6.id, cls: a, status: 'reviewed', self: [3, 3, 3], supervisor: [2, 3, 3], at: feb });
  await createAssessment(db, { employeeId: p7.id, cls: a, status: 'draft', self: [0, 0, 0], at: feb });
  for (let i = 0; i < 4; i++) {
    const q = await createUser(db, { department: 'Small' });
    await createAssessment(db, { employeeId: q.id, cls: b, status: 'submitted', self: [4, 1], at: feb });
  }
  return { a, b, labels, sup, p3, p1 };
}
