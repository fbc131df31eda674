import type { Tx } from '../db/types';
import { compose, type ComposeInput } from './compose';
import { digestChoosers, insertMessage, insertMessages, wantsDailyDigest, type MessageContent } from './mail.repository';

// The one way features send e-mail. queueMail writes the message into the outbox inside the
// caller's transaction, so it exists if and only if the change that caused it commits; the mail
// worker (mail-worker.ts) sends it later with retries, so a mail server that is down delays mail
// but never loses it and never fails the person's request.
//
// What goes into a message: what happened and a deep link. Never ratings, evidence or comments:
// mail leaves the organisation's control (forwarding, mailbox providers, printed copies).

/** Where links in e-mail point: config.publicBaseUrl, passed down by the routes. */
export interface MailLinks {
  baseUrl: string;
}

export interface OutgoingMail extends MessageContent {
  /** At most one message is ever queued per key (e.g. `assessment.submitted:42:3`). */
  dedupeKey?: string;
  /**
   * May wait for the recipient's daily digest if they chose one. Notifications yes; deadlines,
   * password links and anything else the person needs now, no (the default).
   */
  digestible?: boolean;
  /** The body holds a secret (a password link): erased from the outbox once sent, never shown. */
  sensitive?: boolean;
}

/** Queues `m` in `trx`; returns its id, or null when its dedupe key was already used. */
export async function queueMail(trx: Tx, m: OutgoingMail, now = Date.now()): Promise<number | null> {
  const held = m.digestible === true && (await wantsDailyDigest(trx, m.toUserId));
  return insertMessage(trx, {
    toUserId: m.toUserId,
    kind: m.kind,
    subject: m.subject.slice(0, 300),
    text: m.text,
    html: m.html,
    link: m.link,
    sensitive: m.sensitive === true,
    dedupeKey: m.dedupeKey ?? null,
    status: held ? 'held' : 'queued',
    now,
  });
}

/** A message built by compose(): a greeting, plain sentences and one deep link, escaped for HTML. */
export interface Notice extends Omit<OutgoingMail, 'text' | 'html' | 'link'> {
  recipientName: string | null;
  paragraphs: string[];
  link: { url: string; label: string };
  footer?: ComposeInput['footer'];
}

/** Composes the text and HTML parts of `n` and queues it in `trx` (see queueMail). */
export function queueNotice(trx: Tx, n: Notice, now = Date.now()): Promise<number | null> {
  const { recipientName, paragraphs, link, footer, ...rest } = n;
  return queueMail(trx, { ...rest, link: link.url, ...compose({ recipientName, paragraphs, link, footer }) }, now);
}

/**
 * queueNotice for many messages in one go (a cycle's chunk of drafts, a day's reminders): the
 * same messages, composed the same way, written a hundred to a statement. Returns how many were
 * queued (a message whose dedupe key was used already is not).
 */
export async function queueNotices(trx: Tx, notices: Notice[], now = Date.now()): Promise<number> {
  const digest = await digestChoosers(
    trx,
    notices.filter((n) => n.digestible === true).map((n) => n.toUserId),
  );
  return insertMessages(
    trx,
    notices.map((n) => ({
      toUserId: n.toUserId,
      kind: n.kind,
      subject: n.subject.slice(0, 300),
      ...compose({ recipientName: n.recipientName, paragraphs: n.paragraphs, link: n.link, footer: n.footer }),
      link: n.link.url,
      sensitive: n.sensitive === true,
      dedupeKey: n.dedupeKey ?? null,
      status: n.digestible === true && digest.has(n.toUserId) ? 'held' : 'queued',
      now,
    })),
  );
}
