import type { Tx } from '../db/types';
import { queueNotice, type MailLinks } from '../mail/outbox.service';
import { notificationFacts } from './assessments.repository';

// E-mail about an assessment's lifecycle, queued in the lifecycle step's transaction. They say
// what happened, to whose assessment and of which class, and link to the page; never a rating,
// evidence or comment (a return comment stays in the app: the link leads to it).

export type { MailLinks };

export type LifecycleEvent = 'submitted' | 'returned' | 'finalised';

export async function notifyLifecycle(trx: Tx, event: LifecycleEvent, assessmentId: number, links: MailLinks): Promise<void> {
  const f = await notificationFacts(trx, assessmentId);
  if (!f) return;
  const base = links.baseUrl;
  if (event === 'submitted') {
    // One reviewer is told: the direct supervisor, who reviews day to day, or when that person is
    // deactivated the nearest active supervisor above (anyone up the chain may review,
    // but is not mailed each time).
    if (f.reviewerId === null) return;
    const url = `${base}/reviews/${assessmentId}`;
    await queueNotice(trx, {
      toUserId: f.reviewerId,
      kind: 'assessment.submitted',
      subject: `${f.employeeName} submitted a self-assessment for review`,
      digestible: true,
      recipientName: f.reviewerName,
      paragraphs: [`${f.employeeName} has submitted their self-assessment for ${f.classTitle}. It is waiting for your review.`],
      link: { url, label: 'Review the assessment' },
    });
    return;
  }
  const returned = event === 'returned';
  const url = returned ? `${base}/assessments/${assessmentId}` : `${base}/assessments/${assessmentId}/report`;
  await queueNotice(trx, {
    toUserId: f.employeeId,
    kind: returned ? 'assessment.returned' : 'assessment.finalised',
    subject: returned ? 'Your self-assessment was returned for changes' : 'Your self-assessment has been reviewed',
    digestible: true,
    recipientName: f.employeeName,
    paragraphs: [
      returned
        ? `Your supervisor returned your self-assessment for ${f.classTitle} so that you can change it. Their comment is on the assessment page.`
        : `Your supervisor has finalised the review of your self-assessment for ${f.classTitle}. Your gap report is ready.`,
    ],
    link: { url, label: returned ? 'Open your assessment' : 'Open your gap report' },
  });
}
