import type { Knex } from 'knex';
import { refreshAssessmentResults } from '../src/results/results.service';
import { getCurrentVersion, getItems, type SpecItem } from '../src/class-specs/catalogue.repository';
import { computeGap } from '../src/competency/gap';
import { insertedId } from '../src/db/inserted-id';
import { insertUser } from '../src/users/users.repository';
import { prng } from '../src/util/prng';

// Demo data for training staff: programs linked to the demo classes' competencies, a dozen more
// demo employees, and submitted/reviewed assessments (two points in time for some, with completed
// plan actions in between) so that training needs and program effectiveness show real figures.
// Deterministic: a seeded PRNG, dates relative to the day the demo is created.

type Trx = Knex.Transaction;

interface DemoClass {
  classSpecId: number;
  versionId: number;
  items: SpecItem[];
}

const TITLES = { sse: 'SENIOR SECURITY ENGINEER', ite: 'IT ENGINEER', ciso: 'CHIEF INFORMATION SECURITY OFFICER (CISO)' };

// Key slugs are matched by prefix, so a small change in a spec's wording still links.
const PROGRAMS = [
  {
    ref: 'cloud',
    title: 'Cloud Security Fundamentals',
    provider: 'City IT Academy',
    format: 'course',
    hours: 16,
    cost: 450,
    url: 'https://academy.example.gov/cloud-security',
    description: 'Two-day course on cloud platforms (Azure, AWS) and service models, with hands-on labs.',
    keys: ['cloud-computing-platforms', 'service-models-such-as-saas'],
  },
  {
    ref: 'python',
    title: 'Python for Automation',
    provider: 'Open e-learning',
    format: 'e-learning',
    hours: 12,
    cost: null,
    url: 'https://learn.example.org/python-automation',
    description: 'Self-paced scripting course for infrastructure and security tasks.',
    keys: ['programming-or-scripting-languages', 'programming'],
  },
  {
    ref: 'network',
    title: 'Secure Network Design Workshop',
    provider: 'SANS-style vendor',
    format: 'course',
    hours: 24,
    cost: 900,
    url: 'https://training.example.com/secure-network-design',
    description: 'Designing and implementing network security solutions: firewalls, intrusion detection, database and OS security.',
    keys: [
      'designing-and-implementing-security-solutions',
      'security-systems-including-firewalls',
      'database-and-operating-system-security',
    ],
  },
  {
    ref: 'projects',
    title: 'Leading Technical Projects',
    provider: 'Internal mentoring circle',
    format: 'mentoring',
    hours: 20,
    cost: null,
    url: null,
    description: 'Six months paired with a senior project lead.',
    keys: ['leading-projects', 'technical-project-management', 'program-management-principles', 'managing-project-timelines'],
  },
  {
    ref: 'writing',
    title: 'Writing for Results',
    provider: 'HR Learning',
    format: 'e-learning',
    hours: 6,
    cost: 120,
    url: 'https://hr.example.gov/learning/writing',
    description: 'Clear technical writing and documentation.',
    keys: ['write', 'communication-for-results', 'technical-documentation-methods'],
  },
  {
    ref: 'cissp',
    title: 'CISSP Certification Preparation',
    provider: 'Certification Partners',
    format: 'certification',
    hours: 40,
    cost: 2400,
    url: 'https://cert.example.com/cissp',
    description: 'Preparation for the CISSP exam: risk management, security architecture, operations.',
    keys: ['information-security-risk-management', 'systems-security-methods', 'risk-management'],
  },
  {
    ref: 'thinking',
    title: 'Critical Thinking in Practice',
    provider: 'Department peers',
    format: 'on-the-job',
    hours: 10,
    cost: null,
    url: null,
    description: 'Structured problem-solving on real incidents, reviewed with a supervisor.',
    keys: ['critical-thinking', 'complex-problem-solving', 'judgment-and-decision-making'],
  },
] as const;

// Name, job title, supervisor, department, job class (a "Security Engineer" is assessed as a Senior Security Engineer).
const NEW_PEOPLE: [string, string, 'supervisor@example.gov' | 'director@example.gov', string, 'ite' | 'sse'][] = [
  ['Avery Johnson', 'IT Engineer', 'supervisor@example.gov', 'Information Security', 'ite'],
  ['Blake Nguyen', 'IT Engineer', 'supervisor@example.gov', 'Information Security', 'ite'],
  ['Casey Okafor', 'IT Engineer', 'supervisor@example.gov', 'Information Security', 'ite'],
  ['Devon Schmidt', 'IT Engineer', 'supervisor@example.gov', 'Information Security', 'ite'],
  ['Emery Rossi', 'IT Engineer', 'supervisor@example.gov', 'Information Security', 'ite'],
  ['Finley Haddad', 'IT Engineer', 'supervisor@example.gov', 'Information Security', 'ite'],
  ['Gray Kowalski', 'IT Engineer', 'supervisor@example.gov', 'Information Security', 'ite'],
  ['Harper Silva', 'IT Engineer', 'supervisor@example.gov', 'Information Security', 'ite'],
  ['Indigo Park', 'Security Engineer', 'director@example.gov', 'Infrastructure', 'sse'],
  ['Jules Moreau', 'Security Engineer', 'director@example.gov', 'Infrastructure', 'sse'],
  ['Kai Andersen', 'Security Engineer', 'director@example.gov', 'Infrastructure', 'sse'],
  ['Logan Mensah', 'Security Engineer', 'director@example.gov', 'Infrastructure', 'sse'],
];

const clamp = (n: number) => Math.max(0, Math.min(5, Math.round(n)));

function daysAgo(days: number): string {
  return new Date(Date.now() - days * 86_400_000).toISOString();
}

async function findClass(trx: Trx, title: string): Promise<DemoClass | null> {
  const rows: { id: number; title: string }[] = await trx('class_specs').select('id', 'title');
  const row = rows.find((r) => r.title.trim().toUpperCase() === title);
  if (!row) return null;
  const version = await getCurrentVersion(trx, Number(row.id));
  if (!version) return null;
  return { classSpecId: Number(row.id), versionId: version.id, items: await getItems(trx, version.id) };
}

interface AssessmentPlan {
  employeeId: number;
  cls: DemoClass;
  status: 'submitted' | 'reviewed';
  levels: number[];
  self: number[];
  at: string;
  reviewerId?: number | null;
  previousId?: number | null;
}

async function insertAssessment(trx: Trx, p: AssessmentPlan): Promise<number> {
  const reviewed = p.status === 'reviewed';
  const report = computeGap(
    p.cls.items.map((it, i) => ({
      itemId: it.id,
      category: it.category,
      name: it.name,
      text: it.text,
      key: it.key,
      requiredLevel: it.requiredLevel,
      requiredAtEntry: it.requiredAtEntry,
      order: it.position,
      selfLevel: p.self[i],
      supervisorLevel: reviewed ? p.levels[i] : null,
    })),
    { reviewed },
  );
  const rows: unknown = await trx('assessments')
    .insert({
      employee_id: p.employeeId,
      class_spec_id: p.cls.classSpecId,
      class_version_id: p.cls.versionId,
      status: p.status,
      started_at: p.at,
      submitted_at: p.at,
      reviewed_at: reviewed ? p.at : null,
      reviewer_id: reviewed ? (p.reviewerId ?? null) : null,
      previous_assessment_id: p.previousId ?? null,
      readiness: report.readiness,
      coverage: report.coverage,
      updated_at: p.at,
    })
    .returning('id');
  const id = insertedId(rows);
  const ratings = p.cls.items.map((it, i) => ({
    assessment_id: id,
    item_id: it.id,
    self_level: p.self[i],
    supervisor_level: reviewed ? p.levels[i] : null,
    updated_at: p.at,
  }));
  for (let i = 0; i < ratings.length; i += 100) await trx('ratings').insert(ratings.slice(i, i + 100));
  await refreshAssessmentResults(trx, id);
  return id;
}

/** Plausible levels: most items met or one below; stronger people have fewer gaps. */
function drawLevels(rand: () => number, cls: DemoClass, strength: number): { levels: number[]; self: number[] } {
  const levels = cls.items.map((it) => {
    const r = rand() + strength * 0.15;
    const gap = r > 0.55 ? 0 : r > 0.3 ? 1 : r > 0.12 ? 2 : 3;
    return clamp(it.requiredLevel - gap);
  });
  const self = levels.map((l) => {
    const r = rand();
    return clamp(r < 0.3 ? l + 1 : r < 0.4 ? l - 1 : l);
  });
  return { levels, self };
}

/** Runs after the demo users and the three demo classes exist; does nothing if they do not. */
export async function seedDemoTraining(db: Knex): Promise<void> {
  await db.transaction(async (trx) => {
    const [sse, ite, ciso] = await Promise.all([findClass(trx, TITLES.sse), findClass(trx, TITLES.ite), findClass(trx, TITLES.ciso)]);
    if (!sse || !ite || !ciso) return;
    const users: { id: number; email: string; password_hash: string }[] = await trx('users').select('id', 'email', 'password_hash');
    const byEmail = new Map(users.map((u) => [u.email, u]));
    const need = [
      'employee@example.gov',
      'supervisor@example.gov',
      'director@example.gov',
      'training@example.gov',
      'jordan@example.gov',
      'priya@example.gov',
      'lin@example.gov',
      'marcus@example.gov',
      'rosa@example.gov',
    ];
    if (need.some((e) => !byEmail.has(e)) || byEmail.has('demo.employee01@example.gov')) return;
    const id = (email: string) => Number(byEmail.get(email)!.id);
    const hash = byEmail.get('employee@example.gov')!.password_hash;
    const sup = id('supervisor@example.gov');
    const dir = id('director@example.gov');

    // Programs, linked to the keys of the demo classes.
    const allItems = [...sse.items, ...ite.items, ...ciso.items];
    const programIds = new Map<string, number>();
    for (const p of PROGRAMS) {
      const rows: unknown = await trx('training_programs')
        .insert({
          title: p.title,
          provider: p.provider,
          format: p.format,
          hours: p.hours,
          cost: p.cost,
          url: p.url,
          description: p.description,
          active: true,
          created_by: id('training@example.gov'),
          created_at: daysAgo(300),
          updated_at: daysAgo(300),
        })
        .returning('id');
      const pid = insertedId(rows);
      programIds.set(p.ref, pid);
      const keyIds = new Set(allItems.filter((it) => p.keys.some((k) => it.key.startsWith(k))).map((it) => it.keyId));
      if (keyIds.size) await trx('program_competencies').insert([...keyIds].map((k) => ({ program_id: pid, competency_key_id: k })));
    }

    // A dozen more demo employees so that figures reach the five-person threshold.
    const demo: number[] = [];
    for (let i = 0; i < NEW_PEOPLE.length; i++) {
      const [name, job, boss, department, jobClass] = NEW_PEOPLE[i];
      const n = String(i + 1).padStart(2, '0');
      demo.push(
        await insertUser(trx, {
          email: `demo.employee${n}@example.gov`,
          displayName: name,
          passwordHash: hash,
          roles: ['employee'],
          supervisorId: id(boss),
          department,
          jobTitle: job,
          jobClassId: (jobClass === 'ite' ? ite : sse).classSpecId,
          employeeId: `D01${n}`,
        }),
      );
    }

    const rand = prng(20261123);
    const assess = async (
      employeeId: number,
      cls: DemoClass,
      status: 'submitted' | 'reviewed',
      days: number,
      reviewerId: number | null,
      strength = 0,
    ) => {
      const { levels, self } = drawLevels(rand, cls, strength);
      return insertAssessment(trx, {
        employeeId,
        cls,
        status,
        levels,
        self: status === 'submitted' ? levels.map((l, i) => Math.max(l, self[i])) : self,
        at: daysAgo(days),
        reviewerId,
      });
    };

    // IT ENGINEER: the demo employee has exactly one reviewed assessment and nothing open.
    await assess(id('employee@example.gov'), ite, 'reviewed', 60, sup);
    await assess(id('priya@example.gov'), ite, 'reviewed', 45, sup, 0.5);
    await assess(id('lin@example.gov'), ite, 'reviewed', 50, sup, -0.3);
    await assess(id('jordan@example.gov'), ite, 'reviewed', 120, sup, 0.2);
    await assess(demo[8], ite, 'submitted', 20, null);
    await assess(demo[9], ite, 'submitted', 18, null, 0.4);

    // Two points in time for eight people: a gap on the cloud keys, the program, then a reassessment.
    const cloudKeys = new Set(allItems.filter((it) => PROGRAMS[0].keys.some((k) => it.key.startsWith(k))).map((it) => it.keyId));
    const pythonKeys = new Set(allItems.filter((it) => PROGRAMS[1].keys.some((k) => it.key.startsWith(k))).map((it) => it.keyId));
    for (let p = 0; p < 8; p++) {
      const { levels, self } = drawLevels(rand, ite, -0.2);
      const before = levels.map((l, i) =>
        cloudKeys.has(ite.items[i].keyId) ? clamp(ite.items[i].requiredLevel - 2 - (rand() < 0.4 ? 1 : 0)) : l,
      );
      const oldId = await insertAssessment(trx, {
        employeeId: demo[p],
        cls: ite,
        status: 'reviewed',
        levels: before,
        self,
        at: daysAgo(240 - p),
        reviewerId: sup,
      });
      const actions: { ref: string; keys: Set<number> }[] = [{ ref: 'cloud', keys: cloudKeys }];
      if (p < 3) actions.push({ ref: 'python', keys: pythonKeys });
      for (const a of actions) {
        const item =
          ite.items.find((it) => a.keys.has(it.keyId) && before[ite.items.indexOf(it)] < it.requiredLevel) ??
          ite.items.find((it) => a.keys.has(it.keyId));
        const program = PROGRAMS.find((x) => x.ref === a.ref)!;
        await trx('plan_actions').insert({
          assessment_id: oldId,
          item_id: item?.id ?? null,
          description: `Complete “${program.title}”`,
          program_id: programIds.get(a.ref),
          target_date: daysAgo(150).slice(0, 10),
          status: 'done',
          completed_at: daysAgo(160 - p),
          created_by: sup,
          created_at: daysAgo(239 - p),
          updated_at: daysAgo(160 - p),
        });
      }
      // After the program most reach the required level on its keys; other items move a little.
      const after = before.map((l, i) => {
        const it = ite.items[i];
        if (cloudKeys.has(it.keyId)) return p === 7 ? clamp(it.requiredLevel - 1) : it.requiredLevel;
        if (p < 3 && pythonKeys.has(it.keyId)) return clamp(Math.max(l, it.requiredLevel - (rand() < 0.5 ? 1 : 0)));
        return clamp(l + (rand() < 0.3 ? 1 : 0));
      });
      const afterSelf = after.map((l) => clamp(l + (rand() < 0.25 ? 1 : 0)));
      await insertAssessment(trx, {
        employeeId: demo[p],
        cls: ite,
        status: 'reviewed',
        levels: after,
        self: afterSelf,
        at: daysAgo(40 - p),
        reviewerId: sup,
        previousId: oldId,
      });
    }

    // SENIOR SECURITY ENGINEER: Jordan's submitted self-assessment waits for Sam Supervisor's review.
    await assess(id('marcus@example.gov'), sse, 'reviewed', 90, sup, 0.3);
    await assess(id('rosa@example.gov'), sse, 'reviewed', 80, dir, 0.6);
    await assess(id('jordan@example.gov'), sse, 'submitted', 5, null);
    for (let p = 3; p < 8; p++) await assess(demo[p], sse, 'reviewed', 100 + p, sup, -0.1);
    await assess(demo[10], sse, 'submitted', 12, null);
    await assess(demo[11], sse, 'submitted', 10, null, 0.2);

    // CISO: only three people, so its own competencies show "fewer than 5".
    await assess(sup, ciso, 'reviewed', 70, dir, 0.4);
    await assess(id('rosa@example.gov'), ciso, 'reviewed', 65, dir, 0.1);
    await assess(demo[8], ciso, 'reviewed', 75, dir, -0.4);
  });
}
