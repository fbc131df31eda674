import type { Assessment } from '../assessments/assessment-read.service';
import * as lifecycle from '../assessments/lifecycle.service';
import { EVIDENCE_MAX } from '../competency/scale';
import { recordAuditMany, type AuditEntry } from '../audit/audit.service';
import { nowIso } from '../db/time';
import type { Db, Queryable } from '../db/types';
import { ConflictError, ValidationError, type FieldErrors } from '../errors';
import { ratedItemsOf, type RatedItem } from '../reports/reports.service';
import { subtreeOf } from '../users/people.service';
import { reviewQueue, upsertSupervisorRating, waitingQueue, type QueueRow } from './reviews.repository';

export const REVIEW_TEXT = {
  conflict:
    'This assessment has changed since you opened it: it was finalised, returned or saved by someone else. Open it again to see its current state; what you typed is still in your browser if you go back.',
  reviewedReadOnly: 'This assessment has been reviewed and is read-only.',
  missingReturnComment: 'Enter a comment telling the employee what to change before returning it',
  missingLevel: (label: string) => `Choose your level for “${label}”`,
  badLevel: 'Choose one of the six levels',
  longComment: `Comments must be ${EVIDENCE_MAX.toLocaleString('en')} characters or fewer`,
  refused: {
    return: 'Your levels and comments were saved, but the assessment was not returned: see the highlighted entry.',
    finalise: 'Your levels and comments were saved, but the review was not finalised: see the highlighted entries.',
  },
};

/** What waits for this supervisor's review (everyone below them) and what was reviewed lately. */
export async function reviewQueueFor(db: Queryable, supervisorId: number): Promise<{ waiting: QueueRow[]; reviewed: QueueRow[] }> {
  return reviewQueue(db, await subtreeOf(db, supervisorId));
}

/** Only the waiting part, for a subtree the caller already has (the team view). */
export function waitingFor(db: Queryable, subtree: { id: number; depth: number }[]): Promise<QueueRow[]> {
  return waitingQueue(db, subtree);
}

export type ReviewAction = 'save' | 'return' | 'finalise';
export interface Entry {
  level: string;
  comment: string;
}
export type Entries = Map<number, Entry>;

export const fieldId = (itemId: number) => `sup-${itemId}`;
export const commentId = (itemId: number) => `comment-${itemId}`;

/** Reads only the supervisor fields of this assessment's items; anything else in the body is ignored. */
export function readEntries(body: Record<string, unknown>, items: RatedItem[], pick: (v: unknown) => string): Entries {
  return new Map(items.map((i) => [i.itemId, { level: pick(body[`sup_${i.itemId}`]).trim(), comment: pick(body[`comment_${i.itemId}`]) }]));
}

export function entriesFromDb(items: RatedItem[]): Entries {
  return new Map(
    items.map((i) => [i.itemId, { level: i.supervisorLevel == null ? '' : String(i.supervisorLevel), comment: i.supervisorComment ?? '' }]),
  );
}

export function validateEntries(entries: Entries, returnComment: string): FieldErrors {
  const errors: FieldErrors = {};
  for (const [itemId, e] of entries) {
    if (e.level !== '' && !/^[0-5]$/.test(e.level)) errors[fieldId(itemId)] = REVIEW_TEXT.badLevel;
    if (e.comment.length > EVIDENCE_MAX) errors[commentId(itemId)] = REVIEW_TEXT.longComment;
  }
  if (returnComment.length > EVIDENCE_MAX) errors.return_comment = REVIEW_TEXT.longComment;
  return errors;
}

export interface ReviewRequest {
  assessment: Assessment;
  items: RatedItem[];
  entries: Entries;
  action: ReviewAction;
  returnComment: string;
  lockVersion: number | null;
  actorId: number;
  ip: string | null;
  /** Where links in the e-mail to the employee point (config.publicBaseUrl). */
  baseUrl: string;
}

export type ReviewOutcome = { done: ReviewAction };

/**
 * Saves the supervisor's entries and, for return/finalise, moves the assessment on. Entries are
 * saved even when return/finalise is refused (missing comment or levels), so nothing is lost.
 * Every change bumps lock_version; return and finalise also require the version the form was
 * built from, so two supervisors acting at once cannot both succeed (the second gets 409).
 * Bad entries throw ValidationError before anything is saved; a refused return or finalise throws
 * it after the entries are committed, with a summary saying so.
 */
export async function applyReview(db: Db, r: ReviewRequest): Promise<ReviewOutcome> {
  const a = r.assessment;
  const actor = { id: r.actorId, ip: r.ip };
  const invalid = validateEntries(r.entries, r.returnComment);
  if (Object.keys(invalid).length) throw new ValidationError(invalid);
  const outcome = await db.transaction(async (trx): Promise<{ done: ReviewAction } | { refused: FieldErrors }> => {
    const now = nowIso();
    const claimed = await lifecycle.claimForReview(trx, a.id, r.action === 'save' ? null : (r.lockVersion ?? -1));
    if (!claimed) throw new ConflictError(REVIEW_TEXT.conflict);

    const current = await ratedItemsOf(trx, a);
    const audits: AuditEntry[] = [];
    for (const item of current) {
      const e = r.entries.get(item.itemId);
      if (!e) continue;
      const level = e.level === '' ? null : Number(e.level);
      const comment = e.comment.trim() === '' ? null : e.comment;
      if (level === item.supervisorLevel && comment === item.supervisorComment) continue;
      await upsertSupervisorRating(trx, a.id, item.itemId, level, comment, now);
      audits.push({
        actorId: r.actorId,
        action: 'rating.supervisor_changed',
        entityType: 'assessment',
        entityId: a.id,
        ip: r.ip,
        details: { itemId: item.itemId, from: item.supervisorLevel, to: level, commentChanged: comment !== item.supervisorComment },
      });
    }
    await recordAuditMany(trx, audits);

    if (r.action === 'return') {
      const comment = r.returnComment.trim();
      if (!comment) return { refused: { return_comment: REVIEW_TEXT.missingReturnComment } };
      await lifecycle.returnToEmployee(trx, actor, a.id, comment, { baseUrl: r.baseUrl });
    } else if (r.action === 'finalise') {
      const saved = await ratedItemsOf(trx, a);
      const missing = saved.filter((i) => i.supervisorLevel === null);
      if (missing.length)
        return { refused: Object.fromEntries(missing.map((i) => [fieldId(i.itemId), REVIEW_TEXT.missingLevel(i.name ?? i.text)])) };
      await lifecycle.finalise(trx, actor, a.id, { baseUrl: r.baseUrl });
    }
    return { done: r.action };
  });
  if ('refused' in outcome) throw new ValidationError(outcome.refused, REVIEW_TEXT.refused[r.action as 'return' | 'finalise']);
  return outcome;
}
