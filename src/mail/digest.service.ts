import type { Db } from '../db/types';
import { dailyKey, type ScheduledJob } from '../scheduler/scheduler.service';
import { compose } from './compose';
import { heldFor, heldRecipients, insertMessage, markDigested } from './mail.repository';

// The daily digest: for each person who chose it, everything held since the last digest becomes
// one message (subjects and links only, like the messages it replaces). Runs at 06:00 UTC through
// the scheduler, once per deployment; `now` is passed in so tests control the clock.

export const DIGEST_PATTERN = '0 6 * * *';

export async function runDailyDigest(db: Db, baseUrl: string, now: Date): Promise<number> {
  const before = now.getTime() + 1;
  let digests = 0;
  for (const userId of await heldRecipients(db, before)) {
    await db.transaction(async (trx) => {
      const held = await heldFor(trx, userId, before);
      if (!held.length) return;
      const count = held.length === 1 ? '1 update' : `${held.length} updates`;
      const lines = held.map((h) => (h.link ? `${h.subject}: ${h.link}` : h.subject));
      const body = compose({
        recipientName: null,
        paragraphs: [`Here is your daily summary (${count}).`, ...lines],
        link: { url: `${baseUrl}/`, label: 'Open the competency gap assessment service' },
        footer: `You chose one daily summary instead of a message for each update. Change this on your account page: ${baseUrl}/account`,
      });
      const id = await insertMessage(trx, {
        toUserId: userId,
        kind: 'digest',
        subject: `Your daily summary: ${count}`,
        text: body.text,
        html: body.html,
        link: `${baseUrl}/`,
        sensitive: false,
        dedupeKey: `digest:${userId}:${held[0].id}`,
        status: 'queued',
        now: now.getTime(),
      });
      if (id === null) return;
      await markDigested(
        trx,
        held.map((h) => h.id),
        id,
      );
      digests += 1;
    });
  }
  return digests;
}

export function dailyDigestJob(db: Db, baseUrl: string): ScheduledJob {
  return {
    name: 'mail.daily-digest',
    pattern: DIGEST_PATTERN,
    periodKey: dailyKey,
    run: async (now) => `${await runDailyDigest(db, baseUrl, now)} digests queued`,
  };
}
