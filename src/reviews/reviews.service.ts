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
  agreed: (label: string) => `You agreed with the employee’s level for “${label}”.`,
  agreedAll: (n: number) =>
    n === 0
      ? 'Every item already had your level: nothing to agree.'
      : `You agreed with the employee’s level on ${n} ${n === 1 ? 'item' : 'items'}.`,
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

/**
 * "Agree with the employee's level": on one item (its button), or on every item the supervisor
 * has not rated yet ("agree with all unchanged"). Works without JavaScript: the buttons submit the
 * form, so the rest of what was typed is saved with it. Returns the entries and how many changed.
 */
export function withAgreement(entries: Entries, items: RatedItem[], agree: number | 'all'): { entries: Entries; agreed: RatedItem[] } {
  const next: Entries = new Map(entries);
  const agreed: RatedItem[] = [];
  for (const i of items) {
    if (i.selfLevel == null || (agree !== 'all' && agree !== i.itemId)) continue;
    const e = next.get(i.itemId) ?? { level: '', comment: '' };
    if (agree === 'all' && e.level !== '') continue;
    next.set(i.itemId, { ...e, level: String(i.selfLevel) });
    agreed.push(i);
  }
  return { entries: next, agreed };
}

export interface AutosaveReviewRequest {
  assessment: Assessment;
  itemId: number;
  level: string;
  comment: string;
  /** The version the page holds: an autosave never overwrites a change it has not seen. */
  lockVersion: number | null;
  actorId: number;
  ip: string | null;
}

/**
 * Autosave of one item of a review (issue 20), with the same guarantees as the form: it checks the
 * assessment is still submitted and unchanged since `lockVersion` (else 409, nothing written) and
 * answers the new lock version, which the page sends with its next save, return or finalise.
 */
export async function autosaveReview(
  db: Db,
  r: AutosaveReviewRequest,
): Promise<{ ok: true; rated: number; total: number; lockVersion: number }> {
  const entry = { level: r.level.trim(), comment: r.comment };
  const invalid = validateEntries(new Map([[r.itemId, entry]]), '');
  if (Object.keys(invalid).length) throw new ValidationError(invalid);
  if (r.lockVersion === null) throw new ConflictError(REVIEW_TEXT.conflict);
  return db.transaction(async (trx) => {
    if (!(await lifecycle.claimForReview(trx, r.assessment.id, r.lockVersion))) throw new ConflictError(REVIEW_TEXT.conflict);
    const items = await ratedItemsOf(trx, r.assessment);
    const item = items.find((i) => i.itemId === r.itemId);
    if (!item) throw new ValidationError({ [fieldId(r.itemId)]: REVIEW_TEXT.badLevel });
    const level = entry.level === '' ? null : Number(entry.level);
    const comment = entry.comment.trim() === '' ? null : entry.comment;
    if (level !== item.supervisorLevel || comment !== item.supervisorComment) {
      await upsertSupervisorRating(trx, r.assessment.id, r.itemId, level, comment, nowIso());
      await recordAuditMany(trx, [
        {
          actorId: r.actorId,
          action: 'rating.supervisor_changed',
          entityType: 'assessment',
          entityId: r.assessment.id,
          ip: r.ip,
          details: {
            itemId: r.itemId,
            from: item.supervisorLevel,
            to: level,
            commentChanged: comment !== item.supervisorComment,
            autosave: true,
          },
        },
      ]);
      item.supervisorLevel = level;
    }
    const rated = items.filter((i) => i.supervisorLevel !== null).length;
    return { ok: true as const, rated, total: items.length, lockVersion: (r.lockVersion ?? 0) + 1 };
  });
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
