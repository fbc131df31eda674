// Opening a cycle for everyone: `npx tsx bench/cycle-open.ts [--people 30000] [--chunk 500] [--db sqlite:path]`.
// Builds its own organisation (the bench reporting tree, each person with a job class of the
// three demo classes; 3 % without one, 1 % deactivated), opens one cycle for everyone against
// their own job class, and prints the total time, the longest single transaction (how long the
// SQLite writer was held at a time), how long a one-row write had to wait while the cycle was
// opening, and the dashboard's p50 for the administrator and for a top supervisor.
import fs from 'node:fs';
import path from 'node:path';
import { createDb, createReadDb } from '../src/db/db';
import { migrateLatest } from '../src/db/migrations';
import { openCycle, progressOf, loadCycle } from '../src/cycles/cycles.service';
import { emptyCycleForm } from '../src/cycles/cycle-form';
import { flag, intFlag, rng } from './lib/args';
import { buildOrg } from './lib/org-tree';
import { loadDemoClasses } from './lib/catalogue';
import { bulkInsert } from './lib/bulk';
import { personName } from './lib/people';

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

async function main(): Promise<void> {
  const n = intFlag('people', 30_000);
  const chunkSize = intFlag('chunk', 250);
  const url = flag('db') ?? `sqlite:${path.resolve('.tmp/bench', `cycle-${n}.db`)}`;
  if (url.startsWith('sqlite:')) {
    fs.mkdirSync(path.dirname(url.slice(7)), { recursive: true });
    for (const s of ['', '-wal', '-shm']) fs.rmSync(url.slice(7) + s, { force: true });
  }
  const db = createDb(url);
  const readDb = createReadDb(url, db);
  await migrateLatest(db);
  const classes = await loadDemoClasses(db);
  const r = rng(20261211 + n);
  const { people } = buildOrg(r, n);
  const now = new Date().toISOString();
  await db.transaction(async (trx) => {
    const rows = people.map((p) => {
      const { name, email } = personName(p.index);
      const noClass = r() < 0.03;
      return [
        p.index + 1,
        email,
        name,
        p.supervisor === null ? null : p.supervisor + 1,
        p.department,
        noClass ? null : classes[p.index % classes.length].classSpecId,
        r() < 0.01 ? 0 : 1,
        now,
        now,
      ];
    });
    await bulkInsert(
      trx,
      'users',
      ['id', 'email', 'display_name', 'supervisor_id', 'department', 'job_class_id', 'active', 'created_at', 'updated_at'],
      rows,
    );
  });
  const top = people.reduce((best, p) => (p.level === 1 && p.reports > (best?.reports ?? -1) ? p : best), people[0]);
  process.stdout.write(`${n.toLocaleString('en-US')} people in ${url}; opening a cycle for everyone (chunks of ${chunkSize})\n`);

  // A one-row write every 20 ms while the cycle opens: how long another request waits for the writer.
  let probing = true;
  const waits: number[] = [];
  const probe = (async () => {
    while (probing) {
      const t0 = performance.now();
      await db('cycles').where({ id: -1 }).update({ name: 'probe' });
      waits.push(performance.now() - t0);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  const t0 = performance.now();
  const form = {
    ...emptyCycleForm(),
    name: 'Bench cycle',
    population: 'everyone',
    target: 'own',
    selfDue: '2027-01-31',
    reviewDue: '2027-02-28',
  };
  const out = await openCycle(db, { id: 1, ip: null }, form, { baseUrl: 'https://competency.example.gov' }, { chunkSize });
  const totalMs = performance.now() - t0;
  probing = false;
  await probe;

  const cycle = await loadCycle(readDb, out.cycleId);
  const times = { admin: [] as number[], supervisor: [] as number[] };
  for (let i = 0; i < 21; i++) {
    let s = performance.now();
    await progressOf(readDb, cycle);
    times.admin.push(performance.now() - s);
    s = performance.now();
    await progressOf(readDb, cycle, top.index + 1);
    times.supervisor.push(performance.now() - s);
  }
  const result = {
    people: n,
    chunkSize,
    draftsCreated: out.createdDraftIds.length,
    skipped: out.skipped,
    transactions: out.chunks,
    totalSeconds: Math.round(totalMs / 100) / 10,
    longestWriterHoldMs: Math.round(out.longestHoldMs),
    writerHoldsMs: out.holdsMs.join(' '),
    otherWriteWaitMs: { p50: Math.round(percentile(waits, 50)), max: Math.round(Math.max(...waits)) },
    dashboardP50Ms: { admin: Math.round(percentile(times.admin, 50)), topSupervisor: Math.round(percentile(times.supervisor, 50)) },
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  await readDb.destroy();
  await db.destroy();
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
