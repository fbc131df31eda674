import { recordAuditMany, type AuditEntry } from '../audit/audit.service';
import { nowIso } from '../db/time';
import type { Db, Tx } from '../db/types';
import {
  autosaveBatchState,
  markCycleDraftStarted,
  touchAssessments,
  upsertSelfRatings,
  type SelfRatingField,
} from './assessments.repository';
import { ratingChangeOf, type RatingChange, type SelfRating } from './rating-input';

// Group commit for autosave (issue 11). Each autosave used to be its own transaction: BEGIN, a
// status read, upsert, audit, touch, COMMIT — six round trips on SQLite's one writer connection,
// so 20 people typing at once queued behind each other's round trips. Saves that arrive while a
// batch is being written now wait and go together in the next transaction: one read of statuses
// with stored ratings and rated-item counts (for the replies), one upsert per kind of change, one
// audit insert and one touch, whatever the batch size. Nobody waits on a timer: a lone
// save starts at once.
//
// Every save keeps its own outcome. A save whose assessment is no longer a draft is refused
// (`'not-draft'`) without affecting the others; saves of the same item in one batch apply in
// arrival order, each audited against the value before it. If the batch transaction fails for
// any other reason, each of its saves is retried alone, so one bad save cannot fail the rest.

export const MAX_BATCH = 200;

export interface AutosaveJob {
  actorId: number;
  ip: string | null;
  assessmentId: number;
  itemId: number;
  change: RatingChange;
}

export type AutosaveOutcome = 'saved' | 'unchanged' | 'not-draft';
/** A save's outcome and, for a draft, how many of its version's items are rated after the batch. */
export interface AutosaveResult {
  outcome: AutosaveOutcome;
  rated: number;
}

interface Pending extends AutosaveJob {
  resolve(result: AutosaveResult): void;
  reject(err: unknown): void;
}

type Stored = SelfRating;
type Field = SelfRatingField;
interface Write {
  assessmentId: number;
  itemId: number;
  values: Stored;
  fields: Set<Field>;
}

/** Writes one batch inside `trx`; returns each job's result in order. */
export async function writeBatch(trx: Tx, jobs: AutosaveJob[]): Promise<AutosaveResult[]> {
  const assessmentIds = [...new Set(jobs.map((j) => j.assessmentId))];
  const itemIds = [...new Set(jobs.map((j) => j.itemId))];
  // Statuses, rated-item counts and the stored ratings of the batch's items, in one read.
  const state = await autosaveBatchState(trx, assessmentIds, itemIds);
  const statuses = state.statuses;
  const ratedBefore = state.rated;
  const current = new Map<string, Stored>(state.ratings);
  const stored = new Map(current);

  const outcomes: AutosaveOutcome[] = [];
  const audits: AuditEntry[] = [];
  const touched = new Set<number>();
  // Per rating: the final values and which columns this batch changed.
  const writes = new Map<string, Write>();
  for (const job of jobs) {
    if (statuses.get(job.assessmentId) !== 'draft') {
      outcomes.push('not-draft');
      continue;
    }
    const key = `${job.assessmentId}:${job.itemId}`;
    const old = current.get(key);
    const effect = ratingChangeOf(old, job.change);
    if (!effect) {
      outcomes.push('unchanged');
      continue;
    }
    const { next } = effect;
    current.set(key, next);
    const w = writes.get(key) ?? { assessmentId: job.assessmentId, itemId: job.itemId, values: next, fields: new Set<Field>() };
    w.values = next;
    if (effect.levelChanged) w.fields.add('self_level');
    if (effect.evidenceChanged) w.fields.add('evidence');
    writes.set(key, w);
    audits.push({
      actorId: job.actorId,
      action: 'rating.changed',
      entityType: 'assessment',
      entityId: job.assessmentId,
      details: { itemId: job.itemId, ...effect.audit },
      ip: job.ip,
    });
    touched.add(job.assessmentId);
    outcomes.push('saved');
  }

  if (writes.size) {
    const now = nowIso();
    // Only the columns a save changed are written (the other one may be changed by a form save on
    // another instance): one multi-row upsert per set of changed columns.
    const groups = new Map<string, Write[]>();
    for (const w of writes.values()) {
      const sig = [...w.fields].sort().join(',');
      groups.set(sig, [...(groups.get(sig) ?? []), w]);
    }
    for (const [sig, list] of groups) {
      const fields = sig.split(',') as Field[];
      await upsertSelfRatings(
        trx,
        fields,
        list.map((w) => ({ assessmentId: w.assessmentId, itemId: w.itemId, ...w.values })),
        now,
      );
    }
    // A cycle member's first save moves it to draft; later saves write nothing for it.
    const started = [...new Set([...writes.values()].map((w) => w.assessmentId))].filter((id) => state.cycleNotStarted.has(id));
    await markCycleDraftStarted(trx, started);
    await recordAuditMany(trx, audits);
    await touchAssessments(trx, [...touched], now);
  }
  // Rated items after the batch: the count before it, moved by each rating whose level went from
  // empty to set or back (jobs are for items of the assessment's version; saveOne checks that).
  const rated = new Map(ratedBefore);
  for (const [key, w] of writes) {
    if (!w.fields.has('self_level')) continue;
    const delta = Number(w.values.selfLevel !== null) - Number((stored.get(key)?.selfLevel ?? null) !== null);
    rated.set(w.assessmentId, (rated.get(w.assessmentId) ?? 0) + delta);
  }
  return outcomes.map((outcome, i) => ({ outcome, rated: outcome === 'not-draft' ? 0 : (rated.get(jobs[i].assessmentId) ?? 0) }));
}

/** One queue per database: saves wait only while an earlier batch is being written. */
export class AutosaveQueue {
  private pending: Pending[] = [];
  private writing = false;

  constructor(private readonly db: Db) {}

  save(job: AutosaveJob): Promise<AutosaveResult> {
    return new Promise<AutosaveResult>((resolve, reject) => {
      this.pending.push({ ...job, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.pending.length) {
        const batch = this.pending.splice(0, MAX_BATCH);
        await this.write(batch);
      }
    } finally {
      this.writing = false;
    }
  }

  private async write(batch: Pending[]): Promise<void> {
    try {
      const results = await this.db.transaction((trx) => writeBatch(trx, batch));
      batch.forEach((job, i) => job.resolve(results[i]));
    } catch (err) {
      if (batch.length === 1) return batch[0].reject(err);
      // Something in the batch failed: each save alone, so only the failing one reports it.
      for (const job of batch) await this.write([job]);
    }
  }
}
