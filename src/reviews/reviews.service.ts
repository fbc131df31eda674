import type { Knex } from 'knex';
import { refreshAssessmentResults } from '../results/results.service';
import { EVIDENCE_MAX } from '../competency/scale';
import { recordAuditMany, recordAudit, type AuditEntry } from '../audit/audit.service';
import { nowIso } from '../db/time';
import { ConflictError, ValidationError, type FieldErrors } from '../errors';
import { loadRatedItems, type AssessmentInfo, type RatedItem } from '../reports/reports.repository';
import { claimSubmitted, upsertSupervisorRating } from './reviews.repository';

export const REVIEW_TEXT = {
  conflict: 'This assessment has changed since you opened it: it was finalised, returned or saved by someone else. Open it again to see its current state; what you typed is still in your browser if you go back.',
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

export type ReviewAction = 'save' | 'return' | 'finalise';
export interface Entry { level: string; comment: string }
export type Entries = Map<number, Entry>;

export const fieldId = (itemId: number) => `sup-${itemId}`;
export const commentId = (itemId: number) => `comment-${itemId}`;

/** Reads only the supervisor fields of this assessment's items; anything else in the body is ignored. */
export function readEntries(body: Record<string, unknown>, items: RatedItem[], pick: (v: unknown) => string): Entries {
  return new Map(items.map((i) => [i.itemId, { level: pick(body[`sup_${i.itemId}`]).trim(), comment: pick(body[`comment_${i.itemId}`]) }]));
}

export function entriesFromDb(items: RatedItem[]): Entries {
  return new Map(items.map((i) => [i.itemId, { level: i.supervisorLevel == null ? '' : String(i.supervisorLevel), comment: i.supervisorComment ?? '' }]));
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
  assessment: AssessmentInfo;
  items: RatedItem[];
  entries: Entries;
  action: ReviewAction;
  returnComment: string;
  lockVersion: number | null;
  actorId: number;
  ip: string | null;
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
export async function applyReview(db: Knex, r: ReviewRequest): Promise<ReviewOutcome> {
  const a = r.assessment;
  const invalid = validateEntries(r.entries, r.returnComment);
  if (Object.keys(invalid).length) throw new ValidationError(invalid);
  const outcome = await db.transaction(async (trx): Promise<{ done: ReviewAction } | { refused: FieldErrors }> => {
    const now = nowIso();
    const claimed = await claimSubmitted(trx, a.id, r.action === 'save' ? null : r.lockVersion ?? -1, now);
    if (!claimed) throw new ConflictError(REVIEW_TEXT.conflict);

    const current = await loadRatedItems(trx, a.id, a.classVersionId);
    const audits: AuditEntry[] = [];
    for (const item of current) {
      const e = r.entries.get(item.itemId);
      if (!e) continue;
      const level = e.level === '' ? null : Number(e.level);
      const comment = e.comment.trim() === '' ? null : e.comment;
      if (level === item.supervisorLevel && comment === item.supervisorComment) continue;
      await upsertSupervisorRating(trx, a.id, item.itemId, level, comment, now);
      audits.push({
        actorId: r.actorId, action: 'rating.supervisor_changed', entityType: 'assessment', entityId: a.id, ip: r.ip,
        details: { itemId: item.itemId, from: item.supervisorLevel, to: level, commentChanged: comment !== item.supervisorComment },
      });
    }
    await recordAuditMany(trx, audits);

    if (r.action === 'return') {
      const comment = r.returnComment.trim();
      if (!comment) return { refused: { return_comment: REVIEW_TEXT.missingReturnComment } };
      await trx('assessments').where({ id: a.id }).update({ status: 'draft', return_comment: comment, returned_at: now, updated_at: now });
      await refreshAssessmentResults(trx, a.id);
      await recordAudit(trx, { actorId: r.actorId, action: 'assessment.returned', entityType: 'assessment', entityId: a.id, ip: r.ip, details: { comment } });
    } else if (r.action === 'finalise') {
      const saved = await loadRatedItems(trx, a.id, a.classVersionId);
      const missing = saved.filter((i) => i.supervisorLevel === null);
      if (missing.length) return { refused: Object.fromEntries(missing.map((i) => [fieldId(i.itemId), REVIEW_TEXT.missingLevel(i.name ?? i.text)])) };
      await trx('assessments').where({ id: a.id }).update({ status: 'reviewed', reviewed_at: now, reviewer_id: r.actorId, updated_at: now });
      // Readiness, coverage and the per-item results are stored by the results writer.
      const figures = await refreshAssessmentResults(trx, a.id);
      await recordAudit(trx, {
        actorId: r.actorId, action: 'review.finalised', entityType: 'assessment', entityId: a.id, ip: r.ip,
        details: { readiness: figures?.readiness, coverage: figures?.coverage },
      });
    }
    return { done: r.action };
  });
  if ('refused' in outcome) throw new ValidationError(outcome.refused, REVIEW_TEXT.refused[r.action as 'return' | 'finalise']);
  return outcome;
}
