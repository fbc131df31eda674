// Synthetic organisation for benchmarks: `npx tsx bench/seed-org.ts --employees 30000 [--db sqlite:path]`.
// A fresh, migrated database with the three demo classes, a reporting tree of departments 5–7 levels
// deep (supervisors with 3–15 reports), one or two submitted/reviewed assessments for most people
// (≈ 2 million ratings at 30,000 people), assessment_results and cached readiness/coverage.
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { createDb, isPostgres } from '../src/db/db';
import { migrateLatest } from '../src/db/migrations';
import { hashPassword } from '../src/auth/passwords';
import { computeGap, type GapItemInput } from '../src/competency/gap';
import { DEMO_PASSWORD } from '../seeds/demo-users';
import { flag, intFlag, randInt, rng } from './lib/args';
import { buildOrg, type Person } from './lib/org-tree';
import { loadDemoClasses, type BenchClass } from './lib/catalogue';
import { bulkInsert } from './lib/bulk';
import { recountNeedTotals } from '../src/results/results.service';
import { jobTitle, personName } from './lib/people';

export const SEED_INFO = path.resolve(__dirname, '.seed-info.json');
export const BENCH_PASSWORD = DEMO_PASSWORD;

export interface SeedInfo {
  databaseUrl: string;
  employees: number;
  password: string;
  employee: { email: string; assessmentId: number };
  supervisor: { email: string; directReports: number; classSpecId: number };
  training: { email: string };
  admin: { email: string };
  autosave: { email: string; assessmentId: number; itemIds: number[] }[];
  counts: Record<string, number>;
  seconds: number;
}

const AUTOSAVE_USERS = 20;
const PEOPLE_PER_TRANSACTION = 1000;

function log(msg: string): void {
  process.stdout.write(`${msg}\n`);
}

async function freshDatabase(url: string): Promise<Knex> {
  if (!url.startsWith('postgres')) {
    const file = url.replace(/^sqlite:/, '');
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
  }
  const db = createDb(url);
  await migrateLatest(db);
  if ((await db('users').count({ n: '*' }).first())?.n != 0) {
    throw new Error('The PostgreSQL database is not empty: give --db a new, empty database');
  }
  // Bulk load only: the seed can be re-run, so durability of each commit does not matter here.
  if (!isPostgres(db)) for (const p of ['synchronous = OFF', 'foreign_keys = OFF', 'cache_size = -200000']) await db.raw(`PRAGMA ${p}`);
  return db;
}

function iso(r: () => number, year: number): string {
  const d = new Date(Date.UTC(year, 0, 1) + Math.floor(r() * 330) * 86_400_000 + randInt(r, 8, 17) * 3_600_000);
  return d.toISOString();
}

interface Plan {
  status: 'draft' | 'submitted' | 'reviewed';
  cls: BenchClass;
  year: number;
}

/** Which assessments a person has: none (5 %), one (≈ 25 %) or two (≈ 70 %), sometimes an extra draft. */
function planFor(r: () => number, classes: BenchClass[], forceDraft: boolean): Plan[] {
  const main = classes[r() < 0.5 ? 0 : r() < 0.6 ? 1 : 2];
  const plans: Plan[] = [];
  const x = r();
  if (x >= 0.05) {
    if (x < 0.3) plans.push({ status: r() < 0.65 ? 'reviewed' : 'submitted', cls: main, year: 2025 });
    else {
      plans.push({ status: 'reviewed', cls: main, year: 2024 });
      plans.push({ status: r() < 0.6 ? 'reviewed' : 'submitted', cls: main, year: 2025 });
    }
  }
  if (forceDraft || r() < 0.04) plans.push({ status: 'draft', cls: classes.find((c) => c !== main)!, year: 2026 });
  return plans;
}

async function dropSecondaryIndexes(db: Knex, tables: string[]): Promise<string[]> {
  if (isPostgres(db)) return [];
  const rows: { name: string; sql: string }[] = await db('sqlite_master')
    .where({ type: 'index' })
    .whereIn('tbl_name', tables)
    .whereNotNull('sql')
    .select('name', 'sql');
  for (const r of rows) await db.raw(`drop index "${r.name}"`);
  return rows.map((r) => r.sql);
}

async function main(): Promise<void> {
  const started = Date.now();
  const employees = intFlag('employees', 30_000);
  const url = flag('db') ?? `sqlite:${path.resolve('.tmp/bench', `org-${employees}.db`)}`;
  const infoFile = path.resolve(flag('info') ?? SEED_INFO);
  const r = rng(20261123 + employees);
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

  log(`Seeding ${employees.toLocaleString('en-US')} employees into ${url}`);
  const db = await freshDatabase(url);
  const classes = await loadDemoClasses(db);
  log(`  catalogue: ${classes.map((c) => `${c.title} (${c.items.length} items)`).join(', ')}`);

  const { people, teamSupervisor } = buildOrg(r, employees);
  const hash = await hashPassword(BENCH_PASSWORD); // once, for everyone
  const hr = people.filter((p) => p.department === 'Human Resources' && p.reports === 0);
  const trainingPerson = (hr[0] ?? people[people.length - 1]).index;
  const adminPerson = (hr[1] ?? people[people.length - 2]).index;
  const leaves = people.filter((p) => p.reports === 0 && p.index !== trainingPerson && p.index !== adminPerson);
  const autosavePeople = new Set<number>();
  while (autosavePeople.size < Math.min(AUTOSAVE_USERS, leaves.length)) autosavePeople.add(leaves[randInt(r, 0, leaves.length - 1)].index);

  // Users in tree order (a supervisor always before their reports), with explicit ids.
  const userId = (p: Person) => p.index + 1;
  const now = new Date().toISOString();
  await db.transaction(async (trx) => {
    const rows = people.map((p) => {
      const { name, email } = personName(p.index);
      const cls = classes[p.index % classes.length];
      return [
        userId(p),
        email,
        `E${String(p.index + 1).padStart(6, '0')}`,
        name,
        hash,
        p.supervisor === null ? null : p.supervisor + 1,
        p.department,
        jobTitle(p.level, p.reports, cls.title),
        1,
        0,
        now,
        now,
        now,
      ];
    });
    await bulkInsert(
      trx,
      'users',
      [
        'id',
        'email',
        'employee_id',
        'display_name',
        'password_hash',
        'supervisor_id',
        'department',
        'job_title',
        'active',
        'must_change_password',
        'password_changed_at',
        'created_at',
        'updated_at',
      ],
      rows,
    );
    const roles: unknown[][] = people.filter((p) => p.reports > 0).map((p) => [userId(p), 'supervisor']);
    roles.push([trainingPerson + 1, 'training'], [adminPerson + 1, 'admin']);
    await bulkInsert(trx, 'user_roles', ['user_id', 'role'], roles);
  });
  log(`  users: ${people.length.toLocaleString('en-US')} (${people.filter((p) => p.reports > 0).length} supervisors) — ${elapsed()}`);

  // Secondary indexes of the big tables are dropped during the load and rebuilt once at the end
  // (SQLite; their definitions are read back from the schema, so they come back exactly as migrated).
  const deferred = await dropSecondaryIndexes(db, ['ratings', 'assessment_results', 'assessments']);
  let assessmentId = 0;
  const counts = { assessments: 0, ratings: 0, results: 0 };
  let benchEmployee: SeedInfo['employee'] | null = null;
  const autosave: SeedInfo['autosave'] = [];
  for (let start = 0; start < people.length; start += PEOPLE_PER_TRANSACTION) {
    const assessments: unknown[][] = [];
    const ratings: unknown[][] = [];
    const results: unknown[][] = [];
    for (const p of people.slice(start, start + PEOPLE_PER_TRANSACTION)) {
      const ability = 1.6 + r() * 2.6; // a person's general level
      let previous: number | null = null;
      const plans = planFor(r, classes, autosavePeople.has(p.index));
      const lastResult = new Map<number, number>();
      plans.forEach((pl, i) => {
        if (pl.status !== 'draft') lastResult.set(pl.cls.classSpecId, i);
      });
      for (const [i, plan] of plans.entries()) {
        const id = ++assessmentId;
        const at = iso(r, plan.year);
        const reviewed = plan.status === 'reviewed';
        const growth = plan.year === 2025 && previous ? 0.4 : 0;
        const inputs: GapItemInput[] = [];
        for (const item of plan.cls.items) {
          if (plan.status === 'draft' && r() < 0.5) continue; // drafts are half done
          const self = Math.max(0, Math.min(5, Math.round(ability + growth + (item.requiredLevel - 3) * 0.3 + (r() - 0.5) * 2.2)));
          const sup = reviewed ? Math.max(0, Math.min(5, self + (r() < 0.7 ? 0 : r() < 0.75 ? -1 : 1) + (r() < 0.04 ? -2 : 0))) : null;
          const evidence = r() < 0.1 ? `Used this on the ${plan.year} ${p.department.toLowerCase()} project; see the project file.` : null;
          ratings.push([id, item.id, self, evidence, sup, at]);
          inputs.push({
            itemId: item.id,
            category: item.category,
            name: item.name,
            text: item.text,
            key: item.key,
            requiredLevel: item.requiredLevel,
            requiredAtEntry: item.requiredAtEntry,
            order: item.position,
            selfLevel: self,
            supervisorLevel: sup,
          });
          if (plan.status !== 'draft') {
            const level = sup ?? self;
            results.push([
              id,
              item.id,
              userId(p),
              plan.cls.classSpecId,
              item.keyId,
              level,
              item.requiredLevel,
              Math.max(0, item.requiredLevel - level),
              item.requiredAtEntry ? 1 : 0,
              lastResult.get(plan.cls.classSpecId) === i ? 1 : 0,
              at,
            ]);
          }
        }
        const gap = plan.status === 'draft' ? null : computeGap(inputs, { reviewed });
        assessments.push([
          id,
          userId(p),
          plan.cls.classSpecId,
          plan.cls.versionId,
          plan.status,
          at,
          plan.status === 'draft' ? null : at,
          reviewed ? at : null,
          reviewed && p.supervisor !== null ? p.supervisor + 1 : null,
          plan.status === 'draft' ? null : previous,
          gap?.readiness ?? null,
          gap?.coverage ?? null,
          at,
        ]);
        if (plan.status !== 'draft') previous = id;
        if (reviewed && !benchEmployee && p.reports === 0 && p.index > people.length / 2)
          benchEmployee = { email: personName(p.index).email, assessmentId: id };
        if (plan.status === 'draft' && autosavePeople.has(p.index)) {
          autosave.push({ email: personName(p.index).email, assessmentId: id, itemIds: plan.cls.items.map((it) => it.id) });
        }
      }
    }
    await db.transaction(async (trx) => {
      await bulkInsert(
        trx,
        'assessments',
        [
          'id',
          'employee_id',
          'class_spec_id',
          'class_version_id',
          'status',
          'started_at',
          'submitted_at',
          'reviewed_at',
          'reviewer_id',
          'previous_assessment_id',
          'readiness',
          'coverage',
          'updated_at',
        ],
        assessments,
      );
      await bulkInsert(trx, 'ratings', ['assessment_id', 'item_id', 'self_level', 'evidence', 'supervisor_level', 'updated_at'], ratings);
      await bulkInsert(
        trx,
        'assessment_results',
        [
          'assessment_id',
          'item_id',
          'employee_id',
          'class_spec_id',
          'competency_key_id',
          'level',
          'required_level',
          'gap',
          'required_at_entry',
          'is_latest',
          'assessed_at',
        ],
        results,
      );
    });
    counts.assessments += assessments.length;
    counts.ratings += ratings.length;
    counts.results += results.length;
    const done = Math.min(start + PEOPLE_PER_TRANSACTION, people.length);
    if (done % 5000 === 0 || done === people.length) {
      log(
        `  ${done.toLocaleString('en-US')} people: ${counts.assessments.toLocaleString('en-US')} assessments, ${counts.ratings.toLocaleString('en-US')} ratings — ${elapsed()}`,
      );
    }
  }

  for (const sql of deferred) await db.raw(sql);
  await recountNeedTotals(db);
  log(`  indexes and training-need totals rebuilt — ${elapsed()}`);
  if (isPostgres(db)) {
    for (const t of ['users', 'assessments'])
      await db.raw(`select setval(pg_get_serial_sequence('${t}', 'id'), (select max(id) from ${t}))`);
    await db.raw('analyze');
  } else {
    await db.raw('analyze');
    await db.raw('PRAGMA wal_checkpoint(TRUNCATE)');
  }

  const sup = people[teamSupervisor];
  const info: SeedInfo = {
    databaseUrl: url,
    employees: people.length,
    password: BENCH_PASSWORD,
    employee: benchEmployee!,
    supervisor: { email: personName(sup.index).email, directReports: sup.reports, classSpecId: classes[0].classSpecId },
    training: { email: personName(trainingPerson).email },
    admin: { email: personName(adminPerson).email },
    autosave,
    counts: { users: people.length, ...counts },
    seconds: Math.round((Date.now() - started) / 100) / 10,
  };
  fs.writeFileSync(infoFile, JSON.stringify(info, null, 2) + '\n');
  await db.destroy();
  log(`Done in ${elapsed()}. Password for every account: ${BENCH_PASSWORD}`);
  log(`  benchmark employee: ${info.employee.email} (reviewed assessment ${info.employee.assessmentId})`);
  log(`  supervisor:         ${info.supervisor.email} (${info.supervisor.directReports} direct reports)`);
  log(`  training staff:     ${info.training.email}`);
  log(`  administrator:      ${info.admin.email}`);
  log(`  written to ${path.relative(process.cwd(), infoFile)}`);
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.stack : err);
    process.exit(1);
  });
}
