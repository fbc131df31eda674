import type { Db } from '../db/types';
import { queueNotices, type Notice } from '../mail/outbox.service';
import { dailyKey, type ScheduledJob } from '../scheduler/scheduler.service';
import * as repo from './cycles.repository';
import { daysUntil } from './cycles.service';

// Deadline mail of open cycles, from one daily job (once per deployment through the scheduler):
// - N days before the self-assessment due day (N from the cycle's reminder days, 7 and 1 by
//   default), a reminder to each person whose cycle assessment is still a draft;
// - N days before the review due day, one reminder to each direct supervisor listing whose
//   submitted self-assessments wait for their review;
// - every day, one summary to each direct supervisor of their people who are overdue.
// Deadline mail is never held for a daily digest. A dedupe key (cycle, person, kind, due day, N;
// supervisor and day for the summary) makes each message go at most once, even when the job runs
// twice. A day the job missed is caught up: the reminder sent is the one for the smallest N at or
// above the days left, so a reminder is late rather than lost. Messages carry names, dates and
// links only: never a rating, evidence or comment.

export const REMINDERS_PATTERN = '0 6 * * *';
const BATCH = 200;

/** The reminder that is due with `daysLeft` days to go: the smallest N ≥ daysLeft, or null. */
export function reminderFor(daysLeft: number, reminderDays: number[]): number | null {
  if (daysLeft < 0) return null;
  const due = reminderDays.filter((n) => n >= daysLeft);
  return due.length ? Math.min(...due) : null;
}

const inDays = (n: number) => (n === 0 ? 'today' : n === 1 ? 'tomorrow' : `in ${n} days`);

/** How long the run held the database writer: each transaction's duration in milliseconds. */
export interface WriterHolds {
  holdsMs: number[];
}

/** Queues the notices made of `items`, BATCH to a transaction, so the SQLite writer is never held for long. */
async function inBatches<T>(db: Db, holds: WriterHolds, items: T[], notice: (item: T) => Notice, now: number): Promise<number> {
  let queued = 0;
  for (let i = 0; i < items.length; i += BATCH) {
    // Let requests waiting for the writer in between two batches.
    if (i > 0) await new Promise((resolve) => setImmediate(resolve));
    const batch = items.slice(i, i + BATCH).map(notice);
    const t0 = performance.now();
    queued += await db.transaction((trx) => queueNotices(trx, batch, now));
    holds.holdsMs.push(Math.round(performance.now() - t0));
  }
  return queued;
}

function bySupervisor<T extends repo.WaitingReview>(rows: T[]): { supervisorId: number; supervisorName: string; rows: T[] }[] {
  const groups = new Map<number, { supervisorId: number; supervisorName: string; rows: T[] }>();
  for (const r of rows) {
    const g = groups.get(r.supervisorId) ?? { supervisorId: r.supervisorId, supervisorName: r.supervisorName, rows: [] };
    g.rows.push(r);
    groups.set(r.supervisorId, g);
  }
  return [...groups.values()];
}

async function remindCycle(db: Db, holds: WriterHolds, c: repo.Cycle, baseUrl: string, today: string, now: number): Promise<number> {
  let queued = 0;
  const selfLeft = daysUntil(c.selfDue, today);
  const selfN = reminderFor(selfLeft, c.reminderDays);
  if (selfN !== null) {
    queued += await inBatches(
      db,
      holds,
      await repo.selfNotDone(db, c.id),
      (d) => ({
        toUserId: d.employeeId,
        kind: 'cycle.reminder.self',
        subject: `Reminder: your self-assessment for ${c.name} is due ${c.selfDue}`,
        dedupeKey: `cycle.reminder.self:${c.id}:${d.employeeId}:${c.selfDue}:${selfN}`,
        recipientName: d.employeeName,
        paragraphs: [
          `Your self-assessment for ${d.classTitle} in the cycle "${c.name}" is due ${inDays(selfLeft)}, on ${c.selfDue}.`,
          'Please complete and submit it before then.',
        ],
        link: { url: `${baseUrl}/assessments/${d.assessmentId}`, label: 'Open your self-assessment' },
      }),
      now,
    );
  }
  const reviewLeft = daysUntil(c.reviewDue, today);
  const reviewN = reminderFor(reviewLeft, c.reminderDays);
  if (reviewN !== null) {
    queued += await inBatches(
      db,
      holds,
      bySupervisor(await repo.reviewsNotDone(db, c.id)),
      (g) => ({
        toUserId: g.supervisorId,
        kind: 'cycle.reminder.review',
        subject: `Reminder: reviews for ${c.name} are due ${c.reviewDue}`,
        dedupeKey: `cycle.reminder.review:${c.id}:${g.supervisorId}:${c.reviewDue}:${reviewN}`,
        recipientName: g.supervisorName,
        paragraphs: [
          `Reviews for the cycle "${c.name}" are due ${inDays(reviewLeft)}, on ${c.reviewDue}. These self-assessments wait for your review:`,
          ...g.rows.map((r) => r.employeeName),
        ],
        link: { url: `${baseUrl}/reviews`, label: 'Open your reviews' },
      }),
      now,
    );
  }
  return queued;
}

/** One message per direct supervisor listing their overdue people; at most one per supervisor and day. */
async function overdueSummaries(db: Db, holds: WriterHolds, baseUrl: string, today: string, now: number): Promise<number> {
  const groups = bySupervisor(await repo.overdueBySupervisor(db, today));
  return inBatches(
    db,
    holds,
    groups,
    (g) => ({
      toUserId: g.supervisorId,
      kind: 'cycle.overdue',
      subject: 'Overdue in assessment cycles: your people',
      dedupeKey: `cycle.overdue:${g.supervisorId}:${today}`,
      recipientName: g.supervisorName,
      paragraphs: [
        'These self-assessments and reviews of your people are past their due date:',
        ...g.rows.map((r) =>
          r.what === 'self'
            ? `${r.employeeName}: self-assessment in "${r.cycleName}", due ${r.due}`
            : `${r.employeeName}: your review in "${r.cycleName}", due ${r.due}`,
        ),
      ],
      link: { url: `${baseUrl}/team/cycles`, label: 'See your people’s progress' },
    }),
    now,
  );
}

export interface RemindersRun extends WriterHolds {
  reminders: number;
  overdue: number;
}

/**
 * Queues the day's reminders and overdue summaries for `now`'s UTC day; returns what it queued
 * and each transaction's duration (the benchmark prints the longest).
 */
export async function runCycleReminders(db: Db, baseUrl: string, now: Date): Promise<RemindersRun> {
  const today = dailyKey(now);
  const holds: WriterHolds = { holdsMs: [] };
  let reminders = 0;
  for (const c of await repo.openCycles(db)) reminders += await remindCycle(db, holds, c, baseUrl, today, now.getTime());
  const overdue = await overdueSummaries(db, holds, baseUrl, today, now.getTime());
  return { reminders, overdue, holdsMs: holds.holdsMs };
}

export function cycleRemindersJob(db: Db, baseUrl: string): ScheduledJob {
  return {
    name: 'cycles.reminders',
    pattern: REMINDERS_PATTERN,
    periodKey: dailyKey,
    run: async (now) => {
      const r = await runCycleReminders(db, baseUrl, now);
      return `${r.reminders} reminders, ${r.overdue} overdue summaries queued in ${r.holdsMs.length} transactions (longest ${Math.max(0, ...r.holdsMs)} ms)`;
    },
  };
}
