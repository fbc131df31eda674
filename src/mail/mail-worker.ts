import crypto from 'node:crypto';
import type { Db } from '../db/types';
import type { Logger } from '../logger';
import { claimDue, markAttemptFailed, markCancelled, markSent } from './mail.repository';
import type { MailTransport } from './transport';

// Sends what the outbox holds. Started by server.ts next to the HTTP server and stopped by its
// shutdown; tests drive it with runOnce(now). Each run claims a batch (mail.repository claimDue:
// several workers on one database never take the same row), sends the messages one by one and
// records the outcome under the claim token. A refused or failed attempt is retried with
// exponential back-off; the message is never dropped silently (after MAX_ATTEMPTS it shows as
// failed on the Sent mail page). A worker that dies mid-send leaves rows in `sending`; they are
// claimed again after the lease, so a message is sent at least once — and exactly once unless a
// process dies between the SMTP server's acceptance and the `sent` update.

export const RETRY_BASE_MS = 30_000;
export const RETRY_MAX_MS = 60 * 60_000;
export const MAX_ATTEMPTS = 20;
const LEASE_MS = 10 * 60_000;

/** Delay before attempt n+1 after n failed attempts: 30 s, 1 min, 2 min, … capped at one hour. */
export function retryDelay(failedAttempts: number): number {
  return Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.max(0, failedAttempts - 1));
}

export interface MailWorkerOptions {
  db: Db;
  transport: MailTransport;
  from: string;
  logger: Logger;
  batchSize?: number;
}

export interface RunResult {
  sent: number;
  retrying: number;
  failed: number;
}

export class MailWorker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = false;

  constructor(private readonly o: MailWorkerOptions) {}

  /** One pass: claims what is due at `now` and sends it. */
  async runOnce(now = Date.now()): Promise<RunResult> {
    const token = crypto.randomBytes(16).toString('hex');
    const result: RunResult = { sent: 0, retrying: 0, failed: 0 };
    const batch = await claimDue(this.o.db, token, now, this.o.batchSize ?? 20, LEASE_MS);
    for (const m of batch) {
      if (!m.recipientActive) {
        await markCancelled(this.o.db, m.id, token, 'recipient deactivated');
        continue;
      }
      try {
        await this.o.transport.send({ from: this.o.from, to: m.toEmail, subject: m.subject, text: m.text, html: m.html });
        await markSent(this.o.db, m.id, token, Date.now(), m.sensitive);
        result.sent += 1;
      } catch (err) {
        const attempts = m.attempts + 1;
        const giveUp = attempts >= MAX_ATTEMPTS;
        const reason = err instanceof Error ? err.message : String(err);
        await markAttemptFailed(this.o.db, m.id, token, attempts, giveUp ? null : now + retryDelay(attempts), reason);
        this.o.logger.warn({ mailId: m.id, attempts, giveUp, err: reason }, 'mail not delivered');
        if (giveUp) result.failed += 1;
        else result.retrying += 1;
      }
    }
    return result;
  }

  /** Runs every `intervalMs` until stop(); a failing run (database away) is logged and retried. */
  start(intervalMs = 5_000): void {
    this.stopped = false;
    const tick = () => {
      this.running = this.runOnce()
        .catch((err: unknown) => this.o.logger.error({ err }, 'mail worker run failed'))
        .finally(() => {
          this.running = null;
          if (!this.stopped) this.timer = setTimeout(tick, intervalMs);
        });
    };
    this.timer = setTimeout(tick, 0);
  }

  /** Stops the timer and waits for a run in progress, so shutdown never cuts a send in half. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
    this.o.transport.close();
  }
}
