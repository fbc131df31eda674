import { recordAudit } from '../audit/audit.service';
import type { Db } from '../db/types';
import { shownLink } from './shown-link';
import { countMessages, listMessages, setDailyDigest, wantsDailyDigest, type MessageSummary } from './mail.repository';

// What the mail feature shows people: the Sent mail page (admins) and the digest preference
// (everyone, on /account). The Sent mail page lists who, what kind, the subject, the deep link,
// when and the delivery status — never a body (no body needs reading) and never a link that signs
// someone in (shown-link.ts).

export const PER_PAGE = 50;

export const STATUS_LABELS: Record<MessageSummary['status'], string> = {
  held: 'Waiting for daily digest',
  queued: 'Queued',
  sending: 'Sending',
  sent: 'Sent',
  failed: 'Failed (gave up)',
  digested: 'Included in a digest',
  cancelled: 'Not sent (recipient deactivated)',
};

export async function sentMailPage(db: Db, requestedPage: number) {
  const total = await countMessages(db);
  const pages = Math.max(1, Math.ceil(total / PER_PAGE));
  const page = Math.min(pages, Math.max(1, requestedPage));
  const rows = await listMessages(db, (page - 1) * PER_PAGE, PER_PAGE);
  return {
    total,
    page,
    pages,
    rows: rows.map(({ link, sensitive, ...r }) => ({
      ...r,
      link: shownLink({ link, sensitive }),
      statusLabel: STATUS_LABELS[r.status] ?? r.status,
      created: new Date(r.createdAt).toISOString(),
      sent: r.sentAt === null ? null : new Date(r.sentAt).toISOString(),
      nextAttempt: r.status === 'queued' && r.attempts > 0 ? new Date(r.nextAttemptAt).toISOString() : null,
    })),
  };
}

export function mailPreference(db: Db, userId: number): Promise<boolean> {
  return wantsDailyDigest(db, userId);
}

/** Stores the person's choice and audits it in one transaction. */
export async function setMailPreference(db: Db, actor: { id: number; ip: string | null }, dailyDigest: boolean): Promise<void> {
  await db.transaction(async (trx) => {
    await setDailyDigest(trx, actor.id, dailyDigest, Date.now());
    await recordAudit(trx, {
      actorId: actor.id,
      action: 'account.mail_preference',
      entityType: 'user',
      entityId: actor.id,
      ip: actor.ip,
      details: { dailyDigest },
    });
  });
}
