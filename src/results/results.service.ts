import type { Db, Queryable, Tx } from '../db/types';
import { diffRows, measureAssessment, type ResultRow, type Figures } from './result-rows';
import { meanGap, needsDelta } from './need-reduction';
import * as repo from './results.repository';

// The one writer of derived figures: assessment_results (per-item level and gap of submitted and
// reviewed assessments, `is_latest` on each person's newest per class), training_need_totals and
// the readiness and coverage stored on assessments. Everything is measured by computeGap
// (result-rows.ts) from the data as it is inside the writing transaction, so a later measure of an
// assessment always wins and a chunk that runs after an autosave or a submit sees it.

type Loaded = Awaited<ReturnType<typeof repo.loadAssessments>>;

/**
 * Measures these assessments inside `trx`: rewrites what differs in their result rows and stored
 * figures, their people's latest flags, and moves the training-need totals by exactly what that
 * changed for those people. Each assessment is written whole in this one transaction.
 *
 * The independent reads go out together, then the independent writes: on SQLite a chunk holds
 * the one writer connection, and every separate wait inside it also lets the server's other
 * requests run on the main thread while the writer stays held (the hold grew 3× that way under
 * autosave load). The writes commute (each sets rows to the values measured here).
 */
async function measure(trx: Queryable, list: Loaded): Promise<Map<number, Figures>> {
  const figures = new Map<number, Figures>();
  if (!list.length) return figures;
  const ids = list.map((a) => a.id);
  const people = [...new Set(list.map((a) => a.employeeId))].sort((a, b) => a - b);
  await repo.lockForMeasure(trx, ids, people);
  const [before, items, levels, stored, latest] = await Promise.all([
    repo.needsOf(trx, people),
    repo.loadVersionItems(trx, [...new Set(list.map((a) => a.versionId))]),
    repo.loadLevels(trx, ids),
    repo.storedRows(trx, ids),
    repo.latestIds(trx, people),
  ]);
  const rows: ResultRow[] = [];
  const changedFigures: (Figures & { id: number })[] = [];
  for (const a of list) {
    const m = measureAssessment(a, items.get(a.versionId) ?? [], levels.get(a.id), latest.has(a.id));
    rows.push(...m.rows);
    if (!m.figures) continue;
    figures.set(a.id, m.figures);
    if (m.figures.readiness !== a.readiness || m.figures.coverage !== a.coverage) changedFigures.push({ id: a.id, ...m.figures });
  }
  const { remove, upsert } = diffRows(stored, rows);
  await Promise.all([
    repo.writeRows(trx, remove, upsert),
    repo.setLatestFlags(trx, people, latest),
    repo.writeFigures(trx, changedFigures),
  ]);
  await repo.moveTotals(trx, needsDelta(before, await repo.needsOf(trx, people)));
  return figures;
}

/**
 * The entry point for "this assessment's ratings or status changed" (submit, return, finalise):
 * call it inside that transaction. Returns the stored readiness and coverage (null for a draft).
 */
export async function refreshAssessmentResults(trx: Tx | Queryable, assessmentId: number): Promise<Figures | null> {
  return (await measure(trx, await repo.loadAssessments(trx, [assessmentId]))).get(assessmentId) ?? null;
}

export interface RemeasureStats {
  assessments: number;
  chunks: number;
  /** The longest time one chunk's transaction held the writer (ms), and the 95th percentile. */
  longestHoldMs: number;
  p95HoldMs: number;
  totalMs: number;
}

export interface RemeasureOptions {
  /** Awaited after each chunk commits, before the next starts (tests change data between chunks). */
  onChunk?: (chunk: { assessments: number; holdMs: number }) => void | Promise<void>;
}

/**
 * Each chunk aims at this long a transaction. SQLite has one writer and autosaves queue behind a
 * chunk, so a chunk must stay well under the 200 ms budget even when this machine runs 30 % slow.
 */
export const CHUNK_TARGET_MS = 30;
const FIRST_CHUNK = 10;
const MIN_CHUNK = 2;
const MAX_CHUNK = 250;

/**
 * Re-measures every submitted and reviewed assessment of these versions, in chunks, each its own
 * short transaction (after a required level changed, or a key merge moved their items). The chunk
 * size adapts to the measured hold: it starts small (cold caches), grows at most 1.5× per chunk
 * towards CHUNK_TARGET_MS and shrinks at once when a chunk ran long (this shared 2-core machine's
 * speed drifts by ±30 %, more when other work runs on it). At 30,000 people a chunk costs about
 * 0.6–1 ms per assessment, so the steady state is 50–80 assessments per chunk. Between chunks the writer is free, so autosaves and
 * submits land; a chunk reads the next assessments and their data inside its own transaction.
 */
export async function remeasureVersions(db: Db, versionIds: number[], opts: RemeasureOptions = {}): Promise<RemeasureStats> {
  const started = performance.now();
  const stats: RemeasureStats = { assessments: 0, chunks: 0, longestHoldMs: 0, p95HoldMs: 0, totalMs: 0 };
  const holds: number[] = [];
  let afterId = 0;
  let size = FIRST_CHUNK;
  for (;;) {
    let holdStart = 0;
    const done = await db.transaction(async (trx) => {
      holdStart = performance.now();
      const list = await repo.nextOfVersions(trx, versionIds, afterId, size);
      await measure(trx, list);
      return list.map((a) => a.id);
    });
    const holdMs = performance.now() - holdStart;
    if (!done.length) break;
    afterId = done[done.length - 1];
    stats.assessments += done.length;
    stats.chunks += 1;
    stats.longestHoldMs = Math.max(stats.longestHoldMs, holdMs);
    holds.push(holdMs);
    await opts.onChunk?.({ assessments: done.length, holdMs });
    const perAssessment = holdMs / done.length;
    size = Math.max(MIN_CHUNK, Math.min(MAX_CHUNK, Math.floor(size * 1.5), Math.floor(CHUNK_TARGET_MS / Math.max(perAssessment, 0.01))));
  }
  stats.totalMs = performance.now() - started;
  holds.sort((a, b) => a - b);
  stats.p95HoldMs = holds.length ? holds[Math.floor((holds.length - 1) * 0.95)] : 0;
  return stats;
}

/** Recounts the training-need totals from the stored results (seeding and repair; one transaction). */
export async function recountNeedTotals(db: Db): Promise<void> {
  await db.transaction((trx) => repo.recountTotals(trx));
}

export type { NeedsFilter } from './results.repository';
export interface NeedsAggregate {
  keyId: number;
  key: string;
  label: string;
  category: string;
  assessed: number;
  withGap: number;
  meanGap: number;
  entryGaps: number;
}

/**
 * Training needs per competency key. The whole organisation, unfiltered, reads the stored totals
 * (the grouped query takes seconds at 30,000 people); a filter counts the same reduction in one
 * grouped query, which the filter keeps small.
 */
export async function aggregateNeeds(db: Queryable, q: repo.NeedsFilter): Promise<NeedsAggregate[]> {
  const unfiltered =
    q.classSpecId === null &&
    q.department === null &&
    q.from === null &&
    q.toExclusive === null &&
    q.cycleId == null &&
    q.employeeIds === null;
  const rows = unfiltered ? await repo.readTotals(db) : await repo.countFiltered(db, q);
  return rows.map(({ keyId, key, label, category, assessed, withGap, gapSum, entryGaps }) => ({
    keyId,
    key,
    label,
    category,
    assessed,
    withGap,
    meanGap: meanGap({ assessed, gapSum }),
    entryGaps,
  }));
}

/** The stored totals as kept (tests compare them with a recount). */
export async function readNeedTotals(db: Queryable): Promise<(repo.KeyCounts & { meanGap: number })[]> {
  return (await repo.readTotals(db)).map((t) => ({ ...t, meanGap: meanGap(t) }));
}

export type { KeyOverlap } from './results.repository';

/** Per key, the people answer `a` shares (with the same figures) with the wider answer `b`. */
export function needsOverlap(db: Queryable, a: repo.NeedsFilter, b: repo.NeedsFilter): Promise<repo.KeyOverlap[]> {
  return repo.countOverlap(db, a, b);
}

/** People counted under a filter, per department (the department filter's options come from it). */
export function needsPeopleByDepartment(db: Queryable, q: repo.NeedsFilter): Promise<{ department: string | null; people: number }[]> {
  return repo.peopleByDepartment(db, q);
}

/** When the first and last counted assessments were made (the reporting periods come from it). */
export function assessedRange(db: Queryable, employeeIds: number[] | null): Promise<{ first: string | null; last: string | null }> {
  return repo.assessedRange(db, employeeIds);
}
