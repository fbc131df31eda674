import { describe, expect, it } from 'vitest';
import { createDb } from '../../src/db/db';
import { openCycle } from '../../src/cycles/cycles.service';
import { emptyCycleForm } from '../../src/cycles/cycle-form';
import { cycleRemindersJob } from '../../src/cycles/cycle-reminders.service';
import { dailyDigestJob } from '../../src/mail/digest.service';
import { runOncePerPeriod, type ScheduledJob } from '../../src/scheduler/scheduler.service';
import { setupTestContext } from '../helpers/context';
import { createClassSpec, createUser } from '../helpers/factories';
import { pgUrlFor } from '../helpers/test-db';

// Two app instances on one database, each with its own connection pool and its own timer: the
// daily jobs run once per day for the whole deployment. Runs on SQLite and, in CI, on PostgreSQL
// (where the two instances' claims really race on separate connections).

const ctx = setupTestContext();
const BASE = 'https://competency.example.gov';

/** A second instance's own knex on this test file's database. */
function secondInstance() {
  return createDb(ctx.file.startsWith('cg_test_') ? pgUrlFor(ctx.file) : `sqlite:${ctx.file}`);
}

describe('daily jobs with two app instances', () => {
  it('run once a day whichever instance fires first, and queue each reminder once', async () => {
    const cls = await createClassSpec(ctx.db, { items: [{ category: 'skill', name: 'WRITING', requiredLevel: 3 }] });
    const admin = await createUser(ctx.db, { roles: ['employee', 'admin'] });
    const people = await Promise.all([1, 2, 3].map(() => createUser(ctx.db)));
    const day = new Date('2031-03-03T06:00:00Z');
    const opened = await openCycle(
      ctx.db,
      { id: admin.id, ip: null },
      {
        ...emptyCycleForm(),
        name: 'Two instances',
        population: 'list',
        list: people.map((p) => p.email).join('\n'),
        target: 'class',
        classSpecId: String(cls.classSpecId),
        selfDue: '2031-03-10', // 7 days after `day`: everyone is owed the 7-day reminder
        reviewDue: '2031-03-31',
      },
      { baseUrl: BASE },
    );
    expect(opened.createdDraftIds).toHaveLength(3);

    const other = secondInstance();
    try {
      const jobsOf = (db: typeof ctx.db): ScheduledJob[] => [cycleRemindersJob(db, BASE), dailyDigestJob(db, BASE)];
      const [mine, theirs] = [jobsOf(ctx.db), jobsOf(other)];
      // Both instances' timers fire for both jobs at 06:00, and again a little later the same day.
      for (const offset of [0, 1000, 60_000]) {
        const at = new Date(day.getTime() + offset);
        const runs = await Promise.all([
          runOncePerPeriod(ctx.db, mine[0], at),
          runOncePerPeriod(other, theirs[0], at),
          runOncePerPeriod(ctx.db, mine[1], at),
          runOncePerPeriod(other, theirs[1], at),
        ]);
        expect(runs.filter((r) => r.ran)).toHaveLength(offset === 0 ? 2 : 0);
      }
      const recorded: { job: string; run_key: string }[] = await ctx
        .db('scheduled_runs')
        .where({ run_key: '2031-03-03' })
        .select('job', 'run_key');
      expect(recorded.map((r) => r.job).sort()).toEqual(['cycles.reminders', 'mail.daily-digest']);
      const reminders: number[] = await ctx
        .db('mail_outbox')
        .where({ kind: 'cycle.reminder.self' })
        .whereIn(
          'to_user_id',
          people.map((p) => p.id),
        )
        .pluck('to_user_id');
      expect(reminders.map(Number).sort()).toEqual(people.map((p) => p.id).sort());
      // The next day each instance may run again, and again only one does.
      const next = new Date('2031-03-04T06:00:00Z');
      const runs = await Promise.all([runOncePerPeriod(ctx.db, mine[0], next), runOncePerPeriod(other, theirs[0], next)]);
      expect(runs.filter((r) => r.ran)).toHaveLength(1);
    } finally {
      await other.destroy();
    }
  });
});
