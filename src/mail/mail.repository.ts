import { isPostgres } from '../db/db';
import { insertedId } from '../db/inserted-id';
import type { Queryable } from '../db/types';

// The outbox (mail_outbox) and the digest preference (mail_preferences). Times are epoch ms.
// Only the mail feature's services call these; other features queue mail through outbox.service.

export type MailStatus = 'held' | 'queued' | 'sending' | 'sent' | 'failed' | 'digested' | 'cancelled';

/** What every message has: recipient, kind, subject, both parts and its deep link. */
export interface MessageContent {
  toUserId: number;
  /** A stable name such as `assessment.submitted`; shown on the Sent mail page. */
  kind: string;
  subject: string;
  text: string;
  html: string;
  /** The deep link the message points to (absolute URL). */
  link: string | null;
}

export interface NewMessage extends MessageContent {
  sensitive: boolean;
  dedupeKey: string | null;
  status: 'held' | 'queued';
  now: number;
}

function outboxRow(m: NewMessage) {
  return {
    to_user_id: m.toUserId,
    kind: m.kind,
    subject: m.subject,
    text_body: m.text,
    html_body: m.html,
    link: m.link,
    sensitive: m.sensitive,
    dedupe_key: m.dedupeKey,
    status: m.status,
    attempts: 0,
    next_attempt_at: m.now,
    created_at: m.now,
  };
}

/** Inserts a message; null when a message with the same dedupe key already exists. */
export async function insertMessage(q: Queryable, m: NewMessage): Promise<number | null> {
  const rows = await q('mail_outbox').insert(outboxRow(m)).onConflict('dedupe_key').ignore().returning('id');
  return Array.isArray(rows) && rows.length ? insertedId(rows) : null;
}

/**
 * Inserts many messages, a hundred rows a statement (a cycle's chunk, a day's reminders): one
 * statement instead of a hundred keeps the writer's hold short. Messages whose dedupe key exists
 * already are left out; returns how many were inserted.
 */
export async function insertMessages(q: Queryable, ms: NewMessage[]): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < ms.length; i += 100) {
    const rows: unknown = await q('mail_outbox')
      .insert(ms.slice(i, i + 100).map(outboxRow))
      .onConflict('dedupe_key')
      .ignore()
      .returning('id');
    if (Array.isArray(rows)) inserted += rows.length;
  }
  return inserted;
}

export interface ClaimedMessage {
  id: number;
  toUserId: number;
  toEmail: string;
  recipientActive: boolean;
  kind: string;
  subject: string;
  text: string;
  html: string;
  attempts: number;
  sensitive: boolean;
}

interface ClaimedRow {
  id: number;
  to_user_id: number;
  email: string;
  active: boolean | number;
  kind: string;
  subject: string;
  text_body: string | null;
  html_body: string | null;
  attempts: number;
  sensitive: boolean | number;
}

/**
 * Claims up to `limit` due messages for one worker run in a single UPDATE and returns them.
 * Due: queued and its next attempt has come, or stuck in `sending` longer than `leaseMs` (a worker
 * died mid-send). PostgreSQL: the candidate rows are locked FOR UPDATE SKIP LOCKED, so concurrent
 * workers on several instances take disjoint rows; SQLite: the one statement runs under the
 * database's write lock, so two claims never overlap. Either way the claim token says whose rows
 * they are, and only its holder may mark them sent or retry them.
 */
export async function claimDue(q: Queryable, token: string, now: number, limit: number, leaseMs: number): Promise<ClaimedMessage[]> {
  const candidates = q('mail_outbox')
    .select('id')
    .where((w) => {
      void w.where('status', 'queued').andWhere('next_attempt_at', '<=', now);
    })
    .orWhere((w) => {
      void w.where('status', 'sending').andWhere('claimed_at', '<', now - leaseMs);
    })
    .orderBy('id')
    .limit(limit);
  if (isPostgres(q)) candidates.forUpdate().skipLocked();
  await q('mail_outbox').whereIn('id', candidates).update({ status: 'sending', claim_token: token, claimed_at: now });
  const rows = await q('mail_outbox as m')
    .join('users as u', 'u.id', 'm.to_user_id')
    .where('m.claim_token', token)
    .andWhere('m.status', 'sending')
    .orderBy('m.id')
    .select<ClaimedRow[]>(
      'm.id',
      'm.to_user_id',
      'u.email',
      'u.active',
      'm.kind',
      'm.subject',
      'm.text_body',
      'm.html_body',
      'm.attempts',
      'm.sensitive',
    );
  return rows.map((r) => ({
    id: r.id,
    toUserId: r.to_user_id,
    toEmail: r.email,
    recipientActive: Boolean(r.active),
    kind: r.kind,
    subject: r.subject,
    text: r.text_body ?? '',
    html: r.html_body ?? '',
    attempts: Number(r.attempts),
    sensitive: Boolean(r.sensitive),
  }));
}

/** Sent: sensitive bodies (a reset link) are erased, so the table never keeps a usable token. */
export async function markSent(q: Queryable, id: number, token: string, now: number, eraseBody: boolean): Promise<void> {
  await q('mail_outbox')
    .where({ id, claim_token: token })
    .update({
      status: 'sent',
      sent_at: now,
      claim_token: null,
      last_error: null,
      ...(eraseBody ? { text_body: null, html_body: null, link: null } : {}),
    });
}

/** A failed attempt: queued again for `nextAttemptAt`, or given up (`failed`) when that is null. */
export async function markAttemptFailed(
  q: Queryable,
  id: number,
  token: string,
  attempts: number,
  nextAttemptAt: number | null,
  error: string,
): Promise<void> {
  await q('mail_outbox')
    .where({ id, claim_token: token })
    .update({
      status: nextAttemptAt === null ? 'failed' : 'queued',
      attempts,
      next_attempt_at: nextAttemptAt ?? 0,
      claim_token: null,
      last_error: error.slice(0, 300),
    });
}

export async function markCancelled(q: Queryable, id: number, token: string, reason: string): Promise<void> {
  await q('mail_outbox').where({ id, claim_token: token }).update({ status: 'cancelled', claim_token: null, last_error: reason });
}

// ---- Digest ----

export async function wantsDailyDigest(q: Queryable, userId: number): Promise<boolean> {
  const row = await q('mail_preferences').where({ user_id: userId }).first<{ daily_digest: boolean | number } | undefined>('daily_digest');
  return Boolean(row?.daily_digest);
}

/** Of `userIds`, those who chose one daily digest. */
export async function digestChoosers(q: Queryable, userIds: number[]): Promise<Set<number>> {
  if (!userIds.length) return new Set();
  const rows = await q('mail_preferences')
    .whereIn('user_id', [...new Set(userIds)])
    .where({ daily_digest: true })
    .select<{ user_id: number }[]>('user_id');
  return new Set(rows.map((r) => Number(r.user_id)));
}

export async function setDailyDigest(q: Queryable, userId: number, daily: boolean, now: number): Promise<void> {
  await q('mail_preferences')
    .insert({ user_id: userId, daily_digest: daily, updated_at: now })
    .onConflict('user_id')
    .merge(['daily_digest', 'updated_at']);
}

/** People with held (digest-bound) messages written before `before`. */
export async function heldRecipients(q: Queryable, before: number): Promise<number[]> {
  const rows = await q('mail_outbox')
    .where('status', 'held')
    .andWhere('created_at', '<', before)
    .distinct('to_user_id')
    .orderBy('to_user_id')
    .select<{ to_user_id: number }[]>();
  return rows.map((r) => Number(r.to_user_id));
}

export interface HeldMessage {
  id: number;
  subject: string;
  link: string | null;
  createdAt: number;
}

export async function heldFor(q: Queryable, userId: number, before: number): Promise<HeldMessage[]> {
  const rows = await q('mail_outbox')
    .where({ to_user_id: userId, status: 'held' })
    .andWhere('created_at', '<', before)
    .orderBy('id')
    .select<{ id: number; subject: string; link: string | null; created_at: number | string }[]>('id', 'subject', 'link', 'created_at');
  return rows.map((r) => ({ id: r.id, subject: r.subject, link: r.link, createdAt: Number(r.created_at) }));
}

export async function markDigested(q: Queryable, ids: number[], digestId: number): Promise<void> {
  await q('mail_outbox').whereIn('id', ids).andWhere('status', 'held').update({ status: 'digested', digest_id: digestId });
}

// ---- The Sent mail page ----

export interface MessageSummary {
  id: number;
  toEmail: string;
  toName: string;
  kind: string;
  subject: string;
  /** The deep link as stored; the page decides whether it may be shown (shown-link.ts). */
  link: string | null;
  sensitive: boolean;
  status: MailStatus;
  attempts: number;
  createdAt: number;
  sentAt: number | null;
  nextAttemptAt: number;
  lastError: string | null;
}

export async function countMessages(q: Queryable): Promise<number> {
  const row = await q('mail_outbox').count<{ n: number | string }[]>('* as n').first();
  return Number(row?.n ?? 0);
}

export async function listMessages(q: Queryable, offset: number, limit: number): Promise<MessageSummary[]> {
  const rows = await q('mail_outbox as m')
    .join('users as u', 'u.id', 'm.to_user_id')
    .orderBy('m.id', 'desc')
    .offset(offset)
    .limit(limit)
    .select<
      {
        id: number;
        email: string;
        display_name: string;
        kind: string;
        subject: string;
        link: string | null;
        sensitive: boolean | number;
        status: MailStatus;
        attempts: number;
        created_at: number | string;
        sent_at: number | string | null;
        next_attempt_at: number | string;
        last_error: string | null;
      }[]
    >(
      'm.id',
      'u.email',
      'u.display_name',
      'm.kind',
      'm.subject',
      'm.link',
      'm.sensitive',
      'm.status',
      'm.attempts',
      'm.created_at',
      'm.sent_at',
      'm.next_attempt_at',
      'm.last_error',
    );
  return rows.map((r) => ({
    id: r.id,
    toEmail: r.email,
    toName: r.display_name,
    kind: r.kind,
    subject: r.subject,
    link: r.link,
    sensitive: Boolean(r.sensitive),
    status: r.status,
    attempts: Number(r.attempts),
    createdAt: Number(r.created_at),
    sentAt: r.sent_at == null ? null : Number(r.sent_at),
    nextAttemptAt: Number(r.next_attempt_at),
    lastError: r.last_error,
  }));
}
