import type { Knex } from 'knex';
import { hashPassword } from '../src/auth/passwords';
import { insertUser, updateUserFields } from '../src/users/users.repository';
import type { Role } from '../src/auth/roles';

export const DEMO_PASSWORD = 'Competency-Demo-2026';

interface DemoPerson {
  email: string;
  name: string;
  roles: Role[];
  supervisor: string | null;
  department: string;
  jobTitle: string;
  /** The catalogue class (title of a demo class spec) cycles assess the person against; null for HR staff. */
  jobClass: string | null;
  employeeId: string;
}

const ITE = 'IT ENGINEER';
const SSE = 'SENIOR SECURITY ENGINEER';
const CISO = 'CHIEF INFORMATION SECURITY OFFICER (CISO)';

// A small IT security department: director → supervisor → five employees, plus HR and training.
export const DEMO_PEOPLE: DemoPerson[] = [
  {
    email: 'admin@example.gov',
    name: 'Alex Admin',
    roles: ['admin'],
    supervisor: null,
    department: 'Human Resources',
    jobTitle: 'HR Systems Administrator',
    jobClass: null,
    employeeId: 'D0001',
  },
  {
    email: 'training@example.gov',
    name: 'Tara Training',
    roles: ['training'],
    supervisor: null,
    department: 'Human Resources',
    jobTitle: 'Training Coordinator',
    jobClass: null,
    employeeId: 'D0002',
  },
  {
    email: 'director@example.gov',
    name: 'Dana Director',
    roles: ['supervisor'],
    supervisor: null,
    department: 'Information Security',
    jobTitle: 'Chief Information Security Officer (CISO)',
    jobClass: CISO,
    employeeId: 'D0003',
  },
  {
    email: 'supervisor@example.gov',
    name: 'Sam Supervisor',
    roles: ['supervisor'],
    supervisor: 'director@example.gov',
    department: 'Information Security',
    jobTitle: 'Senior Security Engineer',
    jobClass: SSE,
    employeeId: 'D0004',
  },
  {
    email: 'employee@example.gov',
    name: 'Erin Employee',
    roles: ['employee'],
    supervisor: 'supervisor@example.gov',
    department: 'Information Security',
    jobTitle: 'IT Engineer',
    jobClass: ITE,
    employeeId: 'D0005',
  },
  {
    email: 'jordan@example.gov',
    name: 'Jordan Lee',
    roles: ['employee'],
    supervisor: 'supervisor@example.gov',
    department: 'Information Security',
    jobTitle: 'IT Engineer',
    jobClass: ITE,
    employeeId: 'D0006',
  },
  {
    email: 'priya@example.gov',
    name: 'Priya Patel',
    roles: ['employee'],
    supervisor: 'supervisor@example.gov',
    department: 'Information Security',
    jobTitle: 'IT Engineer',
    jobClass: ITE,
    employeeId: 'D0007',
  },
  {
    email: 'marcus@example.gov',
    name: 'Marcus Brown',
    roles: ['employee'],
    supervisor: 'supervisor@example.gov',
    department: 'Information Security',
    jobTitle: 'Senior Security Engineer',
    jobClass: SSE,
    employeeId: 'D0008',
  },
  {
    email: 'lin@example.gov',
    name: 'Lin Chen',
    roles: ['employee'],
    supervisor: 'supervisor@example.gov',
    department: 'Information Security',
    jobTitle: 'IT Engineer',
    jobClass: ITE,
    employeeId: 'D0009',
  },
  {
    email: 'rosa@example.gov',
    name: 'Rosa Garcia',
    roles: ['employee'],
    supervisor: 'director@example.gov',
    department: 'Information Security',
    jobTitle: 'Senior Security Engineer',
    jobClass: SSE,
    employeeId: 'D0010',
  },
];

/** Gives each demo person their job class from the imported demo catalogue (cycles use it). */
export async function assignDemoJobClasses(
  db: Knex,
  ids: Map<string, number>,
  classes: { classSpecId: number; title: string }[],
): Promise<void> {
  const byTitle = new Map(classes.map((c) => [c.title.trim().toUpperCase(), c.classSpecId]));
  await db.transaction(async (trx) => {
    for (const p of DEMO_PEOPLE) {
      const jobClassId = p.jobClass ? byTitle.get(p.jobClass) : undefined;
      const id = ids.get(p.email);
      if (jobClassId !== undefined && id !== undefined) await updateUserFields(trx, id, { jobClassId });
    }
  });
}

export async function seedDemoUsers(db: Knex): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  // One hash for all demo accounts: they share a published password anyway, and hashing ten
  // times would add seconds to the first start.
  const hash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (trx) => {
    for (const p of DEMO_PEOPLE) {
      const id = await insertUser(trx, {
        email: p.email,
        displayName: p.name,
        passwordHash: hash,
        roles: p.roles,
        supervisorId: p.supervisor ? ids.get(p.supervisor) : null,
        department: p.department,
        jobTitle: p.jobTitle,
        employeeId: p.employeeId,
      });
      ids.set(p.email, id);
    }
  });
  return ids;
}
