// Assessment cycles at full size (issue 21), in this process against its own database:
// - opening a cycle for everyone against their own job class;
// - the completion dashboard for the administrator and for a top supervisor;
// - the daily reminder run, on the day every person's self-assessment is 7 days from due, so each
//   one is owed a reminder; then the same day again (the scheduler refuses a second run, and a run
//   forced by hand queues nothing twice).
// The organisation is `people` people who each get a draft, plus 3 % without a job class, 1 %
// deactivated and 20 people who already have a draft of their class (all three are skipped, as
// the issue asks), so the cycle starts exactly `people` drafts and the daily run owes exactly
// `people` reminders. The 20 keep autosaving their own drafts through the real autosave queue
// while the cycle opens and while the daily run goes: an autosave waits for whatever holds the
// one SQLite connection, so its worst latency shows the longest writer hold as a person feels it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDb, createReadDb } from '../../src/db/db';
import { migrateLatest } from '../../src/db/migrations';
import { CHUNK, openCycle, progressOf, loadCycle } from '../../src/cycles/cycles.service';
import { emptyCycleForm } from '../../src/cycles/cycle-form';
import { cycleRemindersJob, runCycleReminders, type RemindersRun } from '../../src/cycles/cycle-reminders.service';
import { runOncePerPeriod, dailyKey } from '../../src/scheduler/scheduler.service';
import { startDrafts } from '../../src/assessments/lifecycle.service';
import { AutosaveQueue } from '../../src/assessments/autosave-queue';
import { saveOne } from '../../src/assessments/assessments.service';
import type { Db } from '../../src/db/types';
import { rng } from './args';
import { buildOrg } from './org-tree';
import { loadDemoClasses } from './catalogue';
import { bulkInsert } from './bulk';
import { personName } from './people';
import { ROOT } from './processes';

const BASE_URL = 'https://competency.example.gov';
const SAVERS = 20;
/** Each saver saves, waits this long, saves again: 20 people × 5 saves a second. */
const SAVE_PAUSE_MS = 200;

export interface AutosaveFigures {
  landed: number;
  failed: number;
  p50: number;
  max: number;
}

/** Each transaction's duration: the middle, the 95th percentile, and the three longest with their place in the run (1 = first). */
export interface HoldFigures {
  p50: number;
  p95: number;
  longest: { ms: number; at: number }[];
}

function holdFigures(holdsMs: number[]): HoldFigures {
  const longest = holdsMs
    .map((ms, i) => ({ ms: Math.round(ms), at: i + 1 }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 3);
  return { p50: percentile(holdsMs, 50), p95: percentile(holdsMs, 95), longest };
}

export interface CyclesResult {
  at: string;
  people: number;
  inCycle: number;
  databaseUrl: string;
  loadAverage: number[];
  open: {
    chunkSize: number;
    draftsCreated: number;
    skipped: Record<string, number>;
    transactions: number;
    seconds: number;
    longestWriterHoldMs: number;
    holds: HoldFigures;
    autosaves: AutosaveFigures;
    mailQueued: number;
  };
  dashboardP50Ms: { admin: number; topSupervisor: number };
  daily: {
    seconds: number;
    transactions: number;
    longestWriterHoldMs: number;
    holds: HoldFigures;
    autosaves: AutosaveFigures;
    remindersQueued: number;
    outboxReminderRows: number;
    secondRunByScheduler: 'refused' | 'ran';
    secondRunByHandQueued: number;
  };
}

function percentile(xs: number[], p: number): number {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]);
}

const round1 = (ms: number) => Math.round(ms / 100) / 10;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Saver {
  userId: number;
  assessmentId: number;
  itemIds: number[];
}

/** Runs `work` while every saver autosaves its own draft; returns what `work` returned and the saves. */
async function underAutosaves<T>(db: Db, readDb: Db, savers: Saver[], work: () => Promise<T>): Promise<[T, AutosaveFigures]> {
  const queue = new AutosaveQueue(db);
  let running = true;
  const latencies: number[] = [];
  let failed = 0;
  const loops = savers.map(async (s, k) => {
    for (let n = k; running; n++) {
      const t0 = performance.now();
      try {
        await saveOne(
          queue,
          { id: s.userId, ip: null },
          s.assessmentId,
          s.itemIds[n % s.itemIds.length],
          { level: n % 6, evidence: `Saved by the cycle benchmark (${n})` },
          readDb,
        );
        latencies.push(performance.now() - t0);
      } catch {
        failed += 1;
      }
      await sleep(SAVE_PAUSE_MS);
    }
  });
  try {
    const out = await work();
    return [out, { landed: latencies.length, failed, p50: percentile(latencies, 50), max: percentile(latencies, 100) }];
  } finally {
    running = false;
    await Promise.all(loops);
  }
}

/** Picks `count` distinct items of `pool` with the random source (a partial Fisher–Yates). */
function pick<T>(r: () => number, pool: T[], count: number): T[] {
  const a = [...pool];
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(r() * (a.length - i));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a.slice(0, count);
}

export async function measureCycles(opts: { people: number; chunkSize?: number; databaseUrl?: string }): Promise<CyclesResult> {
  const n = opts.people;
  const url = opts.databaseUrl ?? `sqlite:${path.join(ROOT, '.tmp/bench', `cycle-${n}.db`)}`;
  if (url.startsWith('sqlite:')) {
    fs.mkdirSync(path.dirname(url.slice(7)), { recursive: true });
    for (const s of ['', '-wal', '-shm']) fs.rmSync(url.slice(7) + s, { force: true });
  }
  const db = createDb(url);
  const readDb = createReadDb(url, db);
  try {
    await migrateLatest(db);
    const classes = await loadDemoClasses(db);
    const r = rng(20261211 + n);
    const noClass = Math.round(n * 0.03);
    const deactivated = Math.round(n * 0.01);
    const total = n + noClass + deactivated + SAVERS;
    const { people } = buildOrg(r, total);
    // The skipped people are taken among those who supervise nobody, so every draft's reviewer is active.
    const leaves = pick(
      r,
      people.filter((p) => p.reports === 0),
      noClass + deactivated + SAVERS,
    );
    const withoutClass = new Set(leaves.slice(0, noClass).map((p) => p.index));
    const inactive = new Set(leaves.slice(noClass, noClass + deactivated).map((p) => p.index));
    const saverIndexes = leaves.slice(noClass + deactivated).map((p) => p.index);
    const classOf = (index: number) => classes[index % classes.length];
    const now = new Date().toISOString();
    await db.transaction(async (trx) => {
      const rows = people.map((p) => {
        const { name, email } = personName(p.index);
        return [
          p.index + 1,
          email,
          name,
          p.supervisor === null ? null : p.supervisor + 1,
          p.department,
          withoutClass.has(p.index) ? null : classOf(p.index).classSpecId,
          inactive.has(p.index) ? 0 : 1,
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
    // The savers' own drafts, started before the cycle (so the cycle skips them: "open assessment").
    const saverDrafts = await db.transaction((trx) =>
      startDrafts(
        trx,
        { id: 1, ip: null },
        saverIndexes.map((i) => ({ employeeId: i + 1, classSpecId: classOf(i).classSpecId, classVersionId: classOf(i).versionId })),
        { cycleId: null, auditDetails: { source: 'benchmark' } },
      ),
    );
    const savers: Saver[] = saverIndexes.map((i, k) => ({
      userId: i + 1,
      assessmentId: saverDrafts[k]!,
      itemIds: classOf(i).items.map((item) => item.id),
    }));
    const top = people.reduce((best, p) => (p.level === 1 && p.reports > best.reports ? p : best), people[0]);

    // Today's daily run finds every self-assessment 7 days from due: the 7-day reminder for everyone.
    const day = new Date();
    const selfDue = dailyKey(new Date(day.getTime() + 7 * 86_400_000));
    const reviewDue = dailyKey(new Date(day.getTime() + 30 * 86_400_000));
    const form = { ...emptyCycleForm(), name: 'Bench cycle', population: 'everyone', target: 'own', selfDue, reviewDue };
    console.log(
      `Cycles: ${total.toLocaleString('en-US')} people (${n.toLocaleString('en-US')} to get a draft) in ${url}; opening a cycle for everyone…`,
    );
    let t0 = performance.now();
    const [opened, openSaves] = await underAutosaves(db, readDb, savers, () =>
      openCycle(db, { id: 1, ip: null }, form, { baseUrl: BASE_URL }, { chunkSize: opts.chunkSize }),
    );
    const openMs = performance.now() - t0;
    const mailQueued = Number(
      ((await db('mail_outbox').where({ kind: 'cycle.opened' }).count({ n: '*' }).first()) as { n: number | string }).n,
    );

    const cycle = await loadCycle(readDb, opened.cycleId);
    const times = { admin: [] as number[], supervisor: [] as number[] };
    for (let i = 0; i < 21; i++) {
      let s = performance.now();
      await progressOf(readDb, cycle);
      times.admin.push(performance.now() - s);
      s = performance.now();
      await progressOf(readDb, cycle, top.index + 1);
      times.supervisor.push(performance.now() - s);
    }

    console.log('Cycles: the daily reminder run…');
    const job = cycleRemindersJob(db, BASE_URL);
    let first: RemindersRun | undefined;
    const measured = {
      ...job,
      run: async (at: Date) => {
        first = await runCycleReminders(db, BASE_URL, at);
        return `${first.reminders} reminders`;
      },
    };
    t0 = performance.now();
    const [, dailySaves] = await underAutosaves(db, readDb, savers, () => runOncePerPeriod(db, measured, day));
    const dailyMs = performance.now() - t0;
    if (!first) throw new Error('the daily run did not run (a run of today is recorded already?)');
    const again = await runOncePerPeriod(db, job, new Date(day.getTime() + 60_000));
    const byHand = await runCycleReminders(db, BASE_URL, new Date(day.getTime() + 120_000));
    const outboxReminderRows = Number(
      ((await db('mail_outbox').where({ kind: 'cycle.reminder.self' }).count({ n: '*' }).first()) as { n: number | string }).n,
    );

    return {
      at: new Date().toISOString(),
      people: n,
      inCycle: total,
      databaseUrl: url.replace(/\/\/[^@/]*@/, '//'),
      loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100),
      open: {
        chunkSize: opts.chunkSize ?? CHUNK,
        draftsCreated: opened.createdDraftIds.length,
        skipped: opened.skipped,
        transactions: opened.chunks,
        seconds: round1(openMs),
        longestWriterHoldMs: Math.round(opened.longestHoldMs),
        holds: holdFigures(opened.holdsMs),
        autosaves: openSaves,
        mailQueued,
      },
      dashboardP50Ms: { admin: percentile(times.admin, 50), topSupervisor: percentile(times.supervisor, 50) },
      daily: {
        seconds: round1(dailyMs),
        transactions: first.holdsMs.length,
        longestWriterHoldMs: Math.max(0, ...first.holdsMs),
        holds: holdFigures(first.holdsMs),
        autosaves: dailySaves,
        remindersQueued: first.reminders,
        outboxReminderRows,
        secondRunByScheduler: again.ran ? 'ran' : 'refused',
        secondRunByHandQueued: byHand.reminders,
      },
    };
  } finally {
    await readDb.destroy();
    await db.destroy();
  }
}

const mark = (ok: boolean) => (ok ? 'met' : 'NOT MET');
const holds = (h: HoldFigures) => `p50 ${h.p50} ms, p95 ${h.p95} ms, longest ${h.longest.map((l) => `${l.ms} ms (#${l.at})`).join(', ')}`;
const saves = (a: AutosaveFigures) => `${a.landed} landed, ${a.failed} failed, p50 ${a.p50} ms, max ${a.max} ms`;

export function printCycles(c: CyclesResult): void {
  const n = c.people.toLocaleString('en-US');
  console.log(`\nAssessment cycles at ${n} people (load average ${c.loadAverage.join(', ')}):`);
  console.log(
    `  opening a cycle for everyone (${c.inCycle.toLocaleString('en-US')} people): ${c.open.draftsCreated.toLocaleString('en-US')} drafts, skipped ${JSON.stringify(c.open.skipped)}, ${c.open.mailQueued.toLocaleString('en-US')} messages queued`,
  );
  console.log(
    `    ${c.open.seconds} s in ${c.open.transactions} transactions (limit 30 s: ${mark(c.open.seconds < 30)}), longest writer hold ${c.open.longestWriterHoldMs} ms (limit 200 ms: ${mark(c.open.longestWriterHoldMs <= 200)})`,
  );
  console.log(`    transactions: ${holds(c.open.holds)}`);
  console.log(`    autosaves meanwhile: ${saves(c.open.autosaves)}`);
  const worst = Math.max(c.dashboardP50Ms.admin, c.dashboardP50Ms.topSupervisor);
  console.log(
    `  dashboard p50: ${c.dashboardP50Ms.admin} ms for the administrator, ${c.dashboardP50Ms.topSupervisor} ms for a top supervisor (limit 100 ms: ${mark(worst <= 100)})`,
  );
  const d = c.daily;
  console.log(
    `  daily run: ${d.remindersQueued.toLocaleString('en-US')} reminders queued (${d.outboxReminderRows.toLocaleString('en-US')} reminder rows in the outbox; expected ${n}: ${mark(d.outboxReminderRows === c.people)})`,
  );
  console.log(
    `    ${d.seconds} s in ${d.transactions} transactions, longest writer hold ${d.longestWriterHoldMs} ms (limit 200 ms: ${mark(d.longestWriterHoldMs <= 200)})`,
  );
  console.log(`    transactions: ${holds(d.holds)}`);
  console.log(`    autosaves meanwhile: ${saves(d.autosaves)}`);
  console.log(
    `    the same day again: the scheduler ${d.secondRunByScheduler === 'refused' ? 'refused a second run' : 'RAN A SECOND TIME'}; a run forced by hand queued ${d.secondRunByHandQueued}`,
  );
}
