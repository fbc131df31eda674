import type { Tx } from '../db/types';
import { queueNotices, type MailLinks } from '../mail/outbox.service';
import * as repo from './cycles.repository';

// "A cycle opened for you": one message per draft a cycle run starts, queued in the transaction
// (chunk) that starts the draft, so it exists if and only if the draft does. It names the cycle,
// the class and the due day and links to the assessment; never a rating, evidence or comment.
// Like every deadline message it is sent at once, never held for a daily digest.

export type { MailLinks };

export async function notifyDraftsStarted(trx: Tx, cycle: repo.Cycle, assessmentIds: number[], links: MailLinks): Promise<void> {
  const recipients = await repo.draftRecipients(trx, assessmentIds);
  await queueNotices(
    trx,
    recipients.map((d) => ({
      toUserId: d.employeeId,
      kind: 'cycle.opened',
      subject: `Self-assessment open: ${cycle.name}, due ${cycle.selfDue}`,
      dedupeKey: `cycle.opened:${cycle.id}:${d.assessmentId}`,
      recipientName: d.employeeName,
      paragraphs: [
        `The assessment cycle "${cycle.name}" has started. A self-assessment for ${d.classTitle} is ready for you.`,
        `Please complete and submit it by ${cycle.selfDue}.`,
      ],
      link: { url: `${links.baseUrl}/assessments/${d.assessmentId}`, label: 'Open your self-assessment' },
    })),
  );
}
