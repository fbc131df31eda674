import { recordAudit, recordAuditMany } from '../audit/audit.service';
import { isUniqueViolation } from '../db/db-errors';
import { nowIso } from '../db/time';
import type { Tx } from '../db/types';
import { ConflictError } from '../errors';
import { refreshAssessmentResults } from '../results/results.service';
import { TEXT } from './assessment-text';
import { notifyLifecycle, type MailLinks } from './assessment-mail';
import * as repo from './assessments.repository';

// The one owner of an assessment's lifecycle (PRODUCT.md "Assessments"):
//   startDraft → draft → submit → submitted → finalise → reviewed (read-only forever)
//                          ↑   returnToEmployee   ↓
// Self-assessment (assessments.service), career readiness (career.service) and reviews
// (reviews.service) call it; nothing else writes an assessment's status. Each step runs inside the
// caller's transaction, re-measures the assessment through the results writer (results.service,
// the only writer of derived figures) and audits the change in that same transaction, so the
// status, the figures and the audit log commit or roll back together. Submit, return and finalise
// also queue their e-mail in that transaction (assessment-mail.ts): no mail for a change that
// rolled back, no change without its mail.

export interface LifecycleActor {
  id: number;
  ip: string | null;
}

/** A level (and evidence) a new draft starts with. */
export interface PrefilledRating {
  itemId: number;
  selfLevel: number | null;
  evidence: string | null;
}

export interface DraftRequest {
  classSpecId: number;
  classVersionId: number;
  previousAssessmentId: number | null;
  ratings: PrefilledRating[];
  /** What the audit entry says about where the draft came from, beside the class and version. */
  auditDetails: Record<string, unknown>;
  /** Whose draft it is when someone else starts it (an administrator opening a cycle); the actor by default. */
  employeeId?: number;
  /** The cycle that asked for this draft, if any. */
  cycleId?: number | null;
}

/**
 * Starts the actor's draft of a class, or returns the open (draft or submitted) assessment they
 * already have, also when another request started it at the same moment. The unique partial
 * index `assessments_one_open` decides between two starts: the insert runs in a savepoint, so the
 * loser's transaction survives the refused insert and reads the winner's assessment (PostgreSQL:
 * the insert waits for the winner to commit; SQLite: transactions never overlap, so the read
 * before the insert already sees it).
 */
export async function startDraft(trx: Tx, actor: LifecycleActor, d: DraftRequest): Promise<{ id: number; created: boolean }> {
  const employeeId = d.employeeId ?? actor.id;
  const open = await repo.findOpenId(trx, employeeId, d.classSpecId);
  if (open !== undefined) return { id: open, created: false };
  let id: number;
  try {
    id = await trx.transaction((savepoint) =>
      repo.insertDraft(savepoint, {
        employeeId,
        classSpecId: d.classSpecId,
        classVersionId: d.classVersionId,
        previousAssessmentId: d.previousAssessmentId,
        cycleId: d.cycleId ?? null,
      }),
    );
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const winner = await repo.findOpenId(trx, employeeId, d.classSpecId);
    if (winner === undefined) throw err;
    return { id: winner, created: false };
  }
  await repo.insertRatings(
    trx,
    d.ratings.map((r) => ({ assessmentId: id, ...r })),
  );
  await recordAudit(trx, {
    actorId: actor.id,
    action: 'assessment.started',
    entityType: 'assessment',
    entityId: id,
    details: {
      classSpecId: d.classSpecId,
      versionId: d.classVersionId,
      ...(employeeId === actor.id ? {} : { employeeId }),
      ...(d.cycleId ? { cycleId: d.cycleId } : {}),
      ...d.auditDetails,
    },
    ip: actor.ip,
  });
  return { id, created: true };
}

export interface BulkDraftRequest {
  employeeId: number;
  classSpecId: number;
  classVersionId: number;
}

/**
 * startDraft for many people at once, without prefilled ratings (an administrator opening a
 * cycle): the same rule — at most one open assessment per person and class — checked for the
 * whole set in one read, the drafts inserted a hundred rows a statement (one that loses a race
 * with the person's own start is left out by the unique index) and audited like startDraft.
 * Returns, in request order, the new draft's id or null where the person already had an open
 * assessment of the class.
 */
export async function startDrafts(
  trx: Tx,
  actor: LifecycleActor,
  requests: BulkDraftRequest[],
  context: { cycleId: number | null; auditDetails: Record<string, unknown> },
): Promise<(number | null)[]> {
  const key = (employeeId: number, classSpecId: number) => `${employeeId}:${classSpecId}`;
  const open = await repo.openPairs(
    trx,
    requests.map((r) => r.employeeId),
    requests.map((r) => r.classSpecId),
  );
  const wanted = requests.filter((r) => !open.has(key(r.employeeId, r.classSpecId)));
  const stored = await repo.insertDrafts(
    trx,
    wanted.map((r) => ({ ...r, cycleId: context.cycleId })),
  );
  const ids = new Map(stored.map((d) => [key(d.employeeId, d.classSpecId), d.id]));
  const byKey = new Map(wanted.map((r) => [key(r.employeeId, r.classSpecId), r]));
  await recordAuditMany(
    trx,
    stored.map((d) => ({
      actorId: actor.id,
      action: 'assessment.started',
      entityType: 'assessment',
      entityId: d.id,
      ip: actor.ip,
      details: {
        classSpecId: d.classSpecId,
        versionId: byKey.get(key(d.employeeId, d.classSpecId))?.classVersionId,
        employeeId: d.employeeId,
        ...(context.cycleId ? { cycleId: context.cycleId } : {}),
        ...context.auditDetails,
      },
    })),
  );
  return requests.map((r) => ids.get(key(r.employeeId, r.classSpecId)) ?? null);
}

/**
 * draft → submitted. The caller has checked that every item is rated; the assessment is locked
 * for the employee and its figures are stored. Returns the stored readiness and coverage.
 */
export async function submit(
  trx: Tx,
  actor: LifecycleActor,
  a: { id: number; classSpecId: number; classVersionId: number },
  links: MailLinks,
): Promise<{ readiness: number; coverage: number } | null> {
  if (!(await repo.markSubmitted(trx, a.id, nowIso()))) throw new ConflictError(TEXT.notDraft, TEXT.notDraftTitle);
  const figures = await refreshAssessmentResults(trx, a.id);
  await recordAudit(trx, {
    actorId: actor.id,
    action: 'assessment.submitted',
    entityType: 'assessment',
    entityId: a.id,
    details: { classSpecId: a.classSpecId, versionId: a.classVersionId, readiness: figures?.readiness, coverage: figures?.coverage },
    ip: actor.ip,
  });
  await notifyLifecycle(trx, 'submitted', a.id, links);
  return figures;
}

/**
 * Claims a submitted assessment for one change of its review (bumps its lock version). With
 * `lockVersion`, only if nobody changed it since that version: two supervisors acting at once
 * cannot both return or finalise it. False when it is no longer submitted or has changed.
 */
export async function claimForReview(trx: Tx, assessmentId: number, lockVersion: number | null): Promise<boolean> {
  return repo.claimSubmitted(trx, assessmentId, lockVersion, nowIso());
}

/** submitted → draft, with the supervisor's comment; the employee can edit and submit again. */
export async function returnToEmployee(
  trx: Tx,
  actor: LifecycleActor,
  assessmentId: number,
  comment: string,
  links: MailLinks,
): Promise<void> {
  if (!(await repo.markReturned(trx, assessmentId, comment, nowIso()))) throw new ConflictError(TEXT.notSubmitted);
  await refreshAssessmentResults(trx, assessmentId);
  await recordAudit(trx, {
    actorId: actor.id,
    action: 'assessment.returned',
    entityType: 'assessment',
    entityId: assessmentId,
    ip: actor.ip,
    details: { comment },
  });
  await notifyLifecycle(trx, 'returned', assessmentId, links);
}

/**
 * submitted → reviewed, by the actor, read-only from now on. The caller has checked that every
 * item has the supervisor's level; the figures are stored with supervisor levels counting.
 */
export async function finalise(
  trx: Tx,
  actor: LifecycleActor,
  assessmentId: number,
  links: MailLinks,
): Promise<{ readiness: number; coverage: number } | null> {
  if (!(await repo.markReviewed(trx, assessmentId, actor.id, nowIso()))) throw new ConflictError(TEXT.notSubmitted);
  const figures = await refreshAssessmentResults(trx, assessmentId);
  await recordAudit(trx, {
    actorId: actor.id,
    action: 'review.finalised',
    entityType: 'assessment',
    entityId: assessmentId,
    ip: actor.ip,
    details: { readiness: figures?.readiness, coverage: figures?.coverage },
  });
  await notifyLifecycle(trx, 'finalised', assessmentId, links);
  return figures;
}

/**
 * The employee acknowledges their reviewed result, once, with an optional comment. Acknowledging
 * says they have seen it, not that they agree. False when it is not theirs to acknowledge (not
 * reviewed, or acknowledged already).
 */
export async function acknowledge(trx: Tx, actor: LifecycleActor, assessmentId: number, comment: string | null): Promise<boolean> {
  if (!(await repo.markAcknowledged(trx, assessmentId, actor.id, comment, nowIso()))) return false;
  await recordAudit(trx, {
    actorId: actor.id,
    action: 'assessment.acknowledged',
    entityType: 'assessment',
    entityId: assessmentId,
    ip: actor.ip,
    details: { comment },
  });
  return true;
}
