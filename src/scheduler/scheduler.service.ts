import { Cron } from 'croner';
import type { Db } from '../db/types';
import type { Logger } from '../logger';
import { claimRun, finishRun } from './scheduled-runs.repository';

// Jobs that run once per period for the whole deployment, not once per app instance: every
// instance's timer fires, each tries to claim the period's row in scheduled_runs (unique job +
// key), and only the one that inserts it runs the job. A job that throws is recorded as failed
// and not retried that period (the next period's run picks up what is left).

export interface ScheduledJob {
  name: string;
  /** croner pattern, evaluated in UTC. */
  pattern: string;
  /** The period a run belongs to, e.g. the UTC day `2026-12-10` for a daily job. */
  periodKey(now: Date): string;
  run(now: Date): Promise<string>;
}

export const dailyKey = (now: Date): string => now.toISOString().slice(0, 10);

/** Runs `job` for the period of `now` unless another instance has; what happened, for logs and tests. */
export async function runOncePerPeriod(db: Db, job: ScheduledJob, now: Date): Promise<{ ran: boolean; outcome?: string }> {
  const id = await claimRun(db, job.name, job.periodKey(now), now.getTime());
  if (id === null) return { ran: false };
  try {
    const outcome = await job.run(now);
    await finishRun(db, id, Date.now(), outcome);
    return { ran: true, outcome };
  } catch (err) {
    await finishRun(db, id, Date.now(), `failed: ${err instanceof Error ? err.message : String(err)}`);
    throw err;
  }
}

export class Scheduler {
  private crons: Cron[] = [];
  private running = new Set<Promise<unknown>>();

  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
    private readonly jobs: ScheduledJob[],
  ) {}

  start(): void {
    for (const job of this.jobs) {
      const cron = new Cron(job.pattern, { timezone: 'UTC', protect: true }, () => {
        const p = runOncePerPeriod(this.db, job, new Date())
          .then((r) => this.logger.info({ job: job.name, ...r }, 'scheduled job'))
          .catch((err: unknown) => this.logger.error({ err, job: job.name }, 'scheduled job failed'))
          .finally(() => this.running.delete(p));
        this.running.add(p);
      });
      this.crons.push(cron);
    }
  }

  async stop(): Promise<void> {
    for (const c of this.crons) c.stop();
    this.crons = [];
    await Promise.all([...this.running]);
  }
}
