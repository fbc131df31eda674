import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { recordAudit } from '../audit/audit.service';
import * as catalogue from '../class-specs/catalogue.service';
import type { CatalogueEntry, ClassVersion, SpecItem } from '../class-specs/catalogue.service';
import type { Db, Queryable, Tx } from '../db/types';
import { TEXT, itemLabel } from './assessment-text';
import * as repo from './assessments.repository';
import type { Assessment, StoredRating } from './assessments.repository';
import * as lifecycle from './lifecycle.service';
import type { MailLinks } from './assessment-mail';
import {
  autosaveBodyErrors,
  entryFromAutosave,
  onlyChanged,
  ratingChangeOf,
  validateEntries,
  type ItemRef,
  type RatingChange,
  type RawEntry,
  type SelfRating,
} from './rating-input';
import type { AutosaveQueue } from './autosave-queue';

// The rules of self-assessment: who may see what, drafts saved per item, submit, delete, reassess.
// Never sees req/res; routes pass the person as an Actor.

type Q = Queryable;
export interface Actor {
  id: number;
  ip: string | null;
}

/** The person's own assessment; anyone else's (whatever their role) is "not found". */
export async function loadOwned(db: Q, userId: number, id: number): Promise<Assessment> {
  const a = await repo.findAssessment(db, id);
  if (!a || a.employeeId !== userId) throw new NotFoundError();
  return a;
}

export function assertDraft(a: Assessment): void {
  if (a.status !== 'draft') throw new ConflictError(TEXT.notDraft, TEXT.notDraftTitle);
}

/** The person's assessments, newest first. */
export function myAssessments(db: Q, userId: number): Promise<Assessment[]> {
  return repo.listForEmployee(db, userId);
}

/** Classes that can be assessed, optionally filtered by title, code or family. */
export function searchClasses(db: Q, q: string): Promise<CatalogueEntry[]> {
  return catalogue.searchCatalogue(db, q);
}

export async function classPreview(db: Q, classSpecId: number, userId: number) {
  const versionId = await catalogue.currentVersionId(db, classSpecId);
  const version = versionId ? await catalogue.getVersion(db, versionId) : undefined;
  if (!version) return undefined;
  const counts = await catalogue.itemCountsByCategory(db, version.id);
  const open = await repo.findOpen(db, userId, classSpecId);
  return { version, counts, total: Object.values(counts).reduce((s, n) => s + n, 0), open };
}

/**
 * Starts a draft on the class's current version, or returns the open one (also after losing a
 * race: the lifecycle service's startDraft decides). `previous` (a reassessment) pre-fills it.
 */
export async function startAssessment(
  db: Db,
  actor: Actor,
  classSpecId: number,
  previous?: Assessment,
): Promise<{ id: number; existing: boolean }> {
  const open = await repo.findOpenId(db, actor.id, classSpecId);
  if (open !== undefined) return { id: open, existing: true };
  const versionId = await catalogue.currentVersionId(db, classSpecId);
  if (!versionId) throw new NotFoundError(TEXT.noClass);
  const started = await db.transaction(async (trx) => {
    const ratings = previous ? await prefill(trx, previous, versionId) : [];
    return lifecycle.startDraft(trx, actor, {
      classSpecId,
      classVersionId: versionId,
      previousAssessmentId: previous?.id ?? null,
      ratings,
      auditDetails: { previousAssessmentId: previous?.id ?? null, prefilled: ratings.length },
    });
  });
  return { id: started.id, existing: !started.created };
}

/**
 * The ratings of `previous` matched to the items of `versionId`: same version by item, a newer
 * version by competency key, so renamed or reordered items still match.
 */
async function matchPrevious(db: Q, previous: Assessment, versionId: number): Promise<Map<number, StoredRating>> {
  const oldItems = await catalogue.getItems(db, previous.classVersionId);
  const oldRatings = await repo.getRatings(db, previous.id);
  if (versionId === previous.classVersionId) return oldRatings;
  const byKey = new Map<number, StoredRating>();
  for (const it of oldItems) {
    const r = oldRatings.get(it.id);
    if (r && !byKey.has(it.keyId)) byKey.set(it.keyId, r);
  }
  const matched = new Map<number, StoredRating>();
  for (const it of await catalogue.getItems(db, versionId)) {
    const r = byKey.get(it.keyId);
    if (r) matched.set(it.id, r);
  }
  return matched;
}

/**
 * A reassessment starts unrated (issue 20): last time's levels would anchor the new ratings, so
 * they are only shown beside each control (previousLevels). Last time's evidence is kept as a
 * starting point for the text.
 */
async function prefill(trx: Tx, previous: Assessment, versionId: number): Promise<lifecycle.PrefilledRating[]> {
  const matched = await matchPrevious(trx, previous, versionId);
  return [...matched].filter(([, r]) => r.evidence != null).map(([itemId, r]) => ({ itemId, selfLevel: null, evidence: r.evidence }));
}

/** Last time's agreed level (supervisor's, else the person's own) per item of a reassessment. */
export async function previousLevels(db: Q, a: Assessment): Promise<Map<number, number>> {
  if (!a.previousAssessmentId) return new Map();
  const previous = await repo.findAssessment(db, a.previousAssessmentId);
  if (!previous || previous.employeeId !== a.employeeId) return new Map();
  const levels = new Map<number, number>();
  for (const [itemId, r] of await matchPrevious(db, previous, a.classVersionId)) {
    const level = r.supervisorLevel ?? r.selfLevel;
    if (level != null) levels.set(itemId, level);
  }
  return levels;
}

export async function reassess(db: Db, actor: Actor, a: Assessment): Promise<{ id: number; existing: boolean }> {
  if (a.status !== 'reviewed') throw new ConflictError(TEXT.reassessOnlyReviewed, 'Not reviewed yet');
  return startAssessment(db, actor, a.classSpecId, a);
}

export async function deleteDraft(db: Db, actor: Actor, a: Assessment): Promise<void> {
  await db.transaction(async (trx) => {
    if ((await repo.statusOf(trx, a.id)) !== 'draft') throw new ConflictError(TEXT.onlyDraftsDeleted, TEXT.notDraftTitle);
    const ratings = await repo.getRatings(trx, a.id);
    await repo.deleteAssessment(trx, a.id);
    await recordAudit(trx, {
      actorId: actor.id,
      action: 'assessment.deleted',
      entityType: 'assessment',
      entityId: a.id,
      details: { classSpecId: a.classSpecId, versionId: a.classVersionId, ratings: ratings.size },
      ip: actor.ip,
    });
  });
}

function itemRefs(items: SpecItem[]): Map<number, ItemRef> {
  return new Map(items.map((i) => [i.id, { id: i.id, label: itemLabel(i) }]));
}

/** Applies validated changes inside the transaction, auditing each real change. */
async function applyChanges(trx: Tx, actor: Actor, a: Assessment, changes: Map<number, RatingChange>): Promise<number> {
  if ((await repo.statusOf(trx, a.id)) !== 'draft') throw new ConflictError(TEXT.notDraft, TEXT.notDraftTitle);
  const stored = await repo.getRatings(trx, a.id);
  let changed = 0;
  for (const [itemId, change] of changes) {
    if (await writeChange(trx, actor, a, itemId, change, stored.get(itemId))) changed += 1;
  }
  if (changed) {
    await repo.touchAssessment(trx, a.id);
    // Once per save, not per item: a cycle member's first rating moves it to draft.
    await repo.markCycleDraftStarted(trx, [a.id]);
  }
  return changed;
}

export type SaveResult = { kind: 'saved' } | { kind: 'submitted' };

/**
 * The whole form: save what changed; on submit, also require every item rated and lock the draft.
 * Bad entries throw ValidationError and save nothing; unrated items on submit throw it after what
 * was entered has been saved.
 */
export async function saveForm(
  db: Db,
  actor: Actor,
  a: Assessment,
  entries: Map<number, RawEntry>,
  submit: boolean,
  links: MailLinks,
): Promise<SaveResult> {
  assertDraft(a);
  const items = await catalogue.getItems(db, a.classVersionId);
  const pending = onlyChanged(entries);
  const { changes, errors } = validateEntries(pending, itemRefs(items));
  if (Object.keys(errors).length) throw new ValidationError(errors, TEXT.invalidSummary);
  const result = await db.transaction(async (trx) => {
    await applyChanges(trx, actor, a, changes);
    if (!submit) return { kind: 'saved' } as const;
    const ratings = await repo.getRatings(trx, a.id);
    const missing = items.filter((i) => ratings.get(i.id)?.selfLevel == null);
    if (missing.length) {
      return { kind: 'missing', errors: Object.fromEntries(missing.map((i) => [`item-${i.id}`, TEXT.missing(itemLabel(i))])) } as const;
    }
    await lifecycle.submit(trx, actor, a, links);
    return { kind: 'submitted' } as const;
  });
  if (result.kind === 'missing') throw new ValidationError(result.errors, TEXT.missingSummary(Object.keys(result.errors).length));
  return result;
}

/**
 * Autosave of one item, the hot write path (issue 11). One read (through `readDb`) finds the
 * assessment, checks it is the person's own draft and that the item belongs to its version; the
 * write joins the group commit of `queue` (autosave-queue.ts), which checks the status again inside
 * its transaction (so a concurrent submit cannot slip in) and counts the rated items for the reply.
 */
export async function saveOne(
  queue: AutosaveQueue,
  actor: Actor,
  assessmentId: number,
  itemId: number,
  body: unknown,
  readDb: Db,
): Promise<{ ok: true; rated: number; total: number }> {
  // A body that is not a level and/or evidence is refused, not answered "ok" and ignored.
  const bodyErrors = autosaveBodyErrors(body);
  if (bodyErrors) throw new ValidationError(bodyErrors);
  const entry = entryFromAutosave(body);
  const target = await repo.autosaveTarget(readDb, assessmentId, itemId);
  if (!target || target.employeeId !== actor.id) throw new NotFoundError();
  if (target.status !== 'draft') throw new ConflictError(TEXT.notDraft, TEXT.notDraftTitle);
  if (!target.item) throw new NotFoundError();
  const { changes, errors } = validateEntries(
    new Map([[itemId, entry]]),
    new Map([[itemId, { id: itemId, label: itemLabel(target.item) }]]),
  );
  if (Object.keys(errors).length) {
    throw new ValidationError(
      Object.fromEntries(Object.entries(errors).map(([k, v]) => [k.startsWith('item-') ? 'level' : 'evidence', v])),
    );
  }
  const result = await queue.save({ actorId: actor.id, ip: actor.ip, assessmentId, itemId, change: changes.get(itemId) ?? {} });
  if (result.outcome === 'not-draft') throw new ConflictError(TEXT.notDraft, TEXT.notDraftTitle);
  return { ok: true, rated: result.rated, total: target.total };
}

/** Writes one item's change (and its audit row) if it really changes something; true if it did. */
async function writeChange(
  trx: Tx,
  actor: Actor,
  a: Assessment,
  itemId: number,
  change: RatingChange,
  old: SelfRating | undefined,
): Promise<boolean> {
  const effect = ratingChangeOf(old, change);
  if (!effect) return false;
  await repo.upsertRating(trx, a.id, itemId, {
    selfLevel: effect.levelChanged ? change.selfLevel : undefined,
    evidence: effect.evidenceChanged ? change.evidence : undefined,
  });
  await recordAudit(trx, {
    actorId: actor.id,
    action: 'rating.changed',
    entityType: 'assessment',
    entityId: a.id,
    details: { itemId, ...effect.audit },
    ip: actor.ip,
  });
  return true;
}

export interface FormData {
  version: ClassVersion;
  items: SpecItem[];
  ratings: Map<number, StoredRating>;
}

export async function loadFormData(db: Q, a: Assessment): Promise<FormData> {
  const version = await catalogue.getVersion(db, a.classVersionId);
  if (!version) throw new NotFoundError();
  return { version, items: await catalogue.getItems(db, a.classVersionId), ratings: await repo.getRatings(db, a.id) };
}

export const ACKNOWLEDGEMENT_MAX = 2000;

/**
 * The employee acknowledges their own reviewed result (optionally with a comment). Anyone else's
 * assessment is "not found"; a result not yet reviewed, or acknowledged already, is a conflict.
 */
export async function acknowledgeResult(db: Db, actor: Actor, a: Assessment, rawComment: string): Promise<void> {
  if (a.employeeId !== actor.id) throw new NotFoundError();
  const comment = rawComment.trim();
  if (comment.length > ACKNOWLEDGEMENT_MAX)
    throw new ValidationError({ acknowledgement: TEXT.acknowledgementTooLong(ACKNOWLEDGEMENT_MAX) });
  if (a.status !== 'reviewed') throw new ConflictError(TEXT.notReviewedYet);
  const done = await db.transaction((trx) => lifecycle.acknowledge(trx, actor, a.id, comment === '' ? null : comment));
  if (!done) throw new ConflictError(TEXT.acknowledgedAlready);
}
