import type { Knex } from 'knex';
import { ITEM_ROW_COLUMNS, itemRowFields } from '../db/spec-item-row';
import { isPostgres } from '../db/db';
import { jsonRows } from '../db/json-rows';
import { toIso } from '../db/time';
import type { Queryable } from '../db/types';
import type { MeasureAssessment, MeasureItem, ResultRow, Figures } from './result-rows';
import type { NeedCounts, PeopleNeeds, PersonNeed } from './need-reduction';

// The SQL of the derived figures: assessment_results, training_need_totals and the readiness and
// coverage stored on assessments. Written only through results.service.ts.

/**
 * The one place a merged competency key is resolved: an item counts under the key it was merged
 * into. The writer stores each result row under the resolved key, so everything reading
 * assessment_results groups by `competency_key_id` as stored.
 */
const RESOLVED_KEY = 'COALESCE(k.merged_into_id, k.id)';

const MEASURED = ['submitted', 'reviewed'];

/**
 * Locks what a chunk rewrites, on PostgreSQL (SQLite has one writer): the assessments, then their
 * people, each in id order — the lifecycle's transactions lock an assessment before its person,
 * so the order agrees. The person lock keeps two transactions from moving the training-need totals
 * by a difference computed from the same stale "before".
 */
export async function lockForMeasure(db: Queryable, assessmentIds: number[], employeeIds: number[]): Promise<void> {
  if (!isPostgres(db as Knex)) return;
  await db('assessments').whereIn('id', assessmentIds).orderBy('id').forUpdate().select('id');
  await db('users').whereIn('id', employeeIds).orderBy('id').forUpdate().select('id');
}

const ASSESSMENT_COLUMNS = [
  'id',
  'employee_id',
  'class_spec_id',
  'class_version_id',
  'status',
  'submitted_at',
  'reviewed_at',
  'updated_at',
  'readiness',
  'coverage',
];

export type LoadedAssessment = MeasureAssessment & { versionId: number; readiness: number | null; coverage: number | null };

function toAssessment(a: Record<string, unknown>): LoadedAssessment {
  return {
    id: Number(a.id),
    employeeId: Number(a.employee_id),
    classSpecId: Number(a.class_spec_id),
    versionId: Number(a.class_version_id),
    status: String(a.status),
    assessedAt: toIso((a.status === 'reviewed' ? a.reviewed_at : a.submitted_at) ?? a.updated_at)!,
    readiness: a.readiness == null ? null : Number(a.readiness),
    coverage: a.coverage == null ? null : Number(a.coverage),
  };
}

/** The next `limit` submitted/reviewed assessments of these versions after `afterId`, in id order. */
export async function nextOfVersions(db: Queryable, versionIds: number[], afterId: number, limit: number): Promise<LoadedAssessment[]> {
  const rows = await db('assessments')
    .whereIn('class_version_id', versionIds)
    .whereIn('status', MEASURED)
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .select(ASSESSMENT_COLUMNS);
  return rows.map(toAssessment);
}

export async function loadAssessments(db: Queryable, ids: number[]): Promise<LoadedAssessment[]> {
  return (await db('assessments').whereIn('id', ids).orderBy('id').select(ASSESSMENT_COLUMNS)).map(toAssessment);
}

/** Each version's items as the gap computation takes them, with the key each counts under. */
export async function loadVersionItems(db: Queryable, versionIds: number[]): Promise<Map<number, MeasureItem[]>> {
  const out = new Map<number, MeasureItem[]>(versionIds.map((v) => [v, []]));
  if (!versionIds.length) return out;
  const rows = await db('spec_items as i')
    .join('competency_keys as k', 'k.id', 'i.competency_key_id')
    .whereIn('i.version_id', versionIds)
    .orderBy('i.position')
    .select<Record<string, unknown>[]>(...ITEM_ROW_COLUMNS, 'i.version_id', 'k.key', db.raw(`${RESOLVED_KEY} as key_id`));
  for (const r of rows) {
    out.get(Number(r.version_id))!.push(itemRowFields(r, { key: 'key', keyId: 'key_id' }));
  }
  return out;
}

/** Self and supervisor levels per assessment and item. */
export async function loadLevels(
  db: Queryable,
  ids: number[],
): Promise<Map<number, Map<number, { self: number | null; sup: number | null }>>> {
  const cols = ['assessment_id', 'item_id', 'self_level', 'supervisor_level'];
  const rows = await jsonRows<Record<string, number | null>>(db, db('ratings').whereIn('assessment_id', ids).select(cols), cols);
  const out = new Map<number, Map<number, { self: number | null; sup: number | null }>>();
  for (const r of rows) {
    const a = Number(r.assessment_id);
    let m = out.get(a);
    if (!m) out.set(a, (m = new Map<number, { self: number | null; sup: number | null }>()));
    m.set(Number(r.item_id), {
      self: r.self_level == null ? null : Number(r.self_level),
      sup: r.supervisor_level == null ? null : Number(r.supervisor_level),
    });
  }
  return out;
}

const RESULT_COLUMNS = [
  'assessment_id',
  'item_id',
  'employee_id',
  'class_spec_id',
  'competency_key_id',
  'level',
  'required_level',
  'gap',
  'required_at_entry',
  'is_latest',
  'assessed_at',
];

export async function storedRows(db: Queryable, ids: number[]): Promise<ResultRow[]> {
  const rows = await jsonRows<Record<string, unknown>>(
    db,
    db('assessment_results').whereIn('assessment_id', ids).select(RESULT_COLUMNS),
    RESULT_COLUMNS,
  );
  return rows.map((r) => ({
    assessmentId: Number(r.assessment_id),
    itemId: Number(r.item_id),
    employeeId: Number(r.employee_id),
    classSpecId: Number(r.class_spec_id),
    keyId: Number(r.competency_key_id),
    level: Number(r.level),
    requiredLevel: Number(r.required_level),
    gap: Number(r.gap),
    requiredAtEntry: Boolean(r.required_at_entry),
    isLatest: Boolean(r.is_latest),
    assessedAt: toIso(r.assessed_at)!,
  }));
}

/** Each person's newest submitted/reviewed assessment per class (reviewed, else submitted, time; then id). */
export async function latestIds(db: Queryable, employeeIds: number[]): Promise<Set<number>> {
  const ranked = db('assessments')
    .whereIn('employee_id', employeeIds)
    .whereIn('status', MEASURED)
    .select(
      'id',
      db.raw('ROW_NUMBER() OVER (PARTITION BY employee_id, class_spec_id ORDER BY COALESCE(reviewed_at, submitted_at) DESC, id DESC) as n'),
    );
  const rows: unknown[] = await db.from(ranked.as('x')).where('x.n', 1).pluck('x.id');
  return new Set(rows.map(Number));
}

/** Deletes and upserts result rows (a chunk's diff). */
export async function writeRows(db: Queryable, remove: [number, number][], upsert: ResultRow[]): Promise<void> {
  for (let i = 0; i < remove.length; i += 200)
    await db('assessment_results')
      .whereIn(['assessment_id', 'item_id'], remove.slice(i, i + 200))
      .del();
  const data = upsert.map((r) => ({
    assessment_id: r.assessmentId,
    item_id: r.itemId,
    employee_id: r.employeeId,
    class_spec_id: r.classSpecId,
    competency_key_id: r.keyId,
    level: r.level,
    required_level: r.requiredLevel,
    gap: r.gap,
    required_at_entry: r.requiredAtEntry,
    is_latest: r.isLatest,
    assessed_at: r.assessedAt,
  }));
  for (let i = 0; i < data.length; i += 100) {
    await db('assessment_results')
      .insert(data.slice(i, i + 100))
      .onConflict(['assessment_id', 'item_id'])
      .merge(RESULT_COLUMNS.filter((c) => c !== 'assessment_id' && c !== 'item_id'));
  }
}

/** The latest flag on every result row of these people: true exactly on their latest assessments. */
export async function setLatestFlags(db: Queryable, employeeIds: number[], latest: Set<number>): Promise<void> {
  const ids = [...latest];
  const clear = db('assessment_results').whereIn('employee_id', employeeIds).where('is_latest', true);
  if (ids.length) clear.whereNotIn('assessment_id', ids);
  await clear.update({ is_latest: false });
  if (ids.length) await db('assessment_results').whereIn('assessment_id', ids).where('is_latest', false).update({ is_latest: true });
}

/** Readiness and coverage of several assessments in one UPDATE (a CASE per id). */
export async function writeFigures(db: Queryable, figures: (Figures & { id: number })[]): Promise<void> {
  if (!figures.length) return;
  const column = (name: keyof Figures) =>
    db.raw(
      `CASE id ${figures.map(() => 'WHEN ? THEN CAST(? AS DOUBLE PRECISION)').join(' ')} END`,
      figures.flatMap((f) => [f.id, f[name]]),
    );
  await db('assessments')
    .whereIn(
      'id',
      figures.map((f) => f.id),
    )
    .update({ readiness: column('readiness'), coverage: column('coverage') });
}

/**
 * The per-person reduction, written once for the writer and every reader: one row per (key,
 * person) with their largest gap on the key and whether an entry-required item of it has a gap.
 */
export function perPersonKey(db: Queryable): Knex.QueryBuilder {
  return db('assessment_results as r')
    .groupBy('r.competency_key_id', 'r.employee_id')
    .select(
      'r.competency_key_id as key_id',
      'r.employee_id',
      db.raw('MAX(r.gap) as gap'),
      db.raw('MAX(CASE WHEN r.required_at_entry AND r.gap > 0 THEN 1 ELSE 0 END) as entry_gap'),
    );
}

/** These people's needs from their latest results. */
export async function needsOf(db: Queryable, employeeIds: number[]): Promise<PeopleNeeds> {
  const out: PeopleNeeds = new Map();
  const cols = ['key_id', 'employee_id', 'gap', 'entry_gap'];
  const rows = await jsonRows<Record<string, number>>(
    db,
    perPersonKey(db).where('r.is_latest', true).whereIn('r.employee_id', employeeIds),
    cols,
  );
  for (const r of rows) {
    const e = Number(r.employee_id);
    let m = out.get(e);
    if (!m) out.set(e, (m = new Map<number, PersonNeed>()));
    m.set(Number(r.key_id), { gap: Number(r.gap), entryGap: Number(r.entry_gap) > 0 });
  }
  return out;
}

/** Moves the stored totals by `delta` per key; keys nobody is assessed on any more disappear. */
export async function moveTotals(db: Queryable, delta: Map<number, NeedCounts>): Promise<void> {
  if (!delta.size) return;
  await Promise.all(
    [...delta].map(([keyId, d]) =>
      db('training_need_totals')
        .insert({ key_id: keyId, assessed: d.assessed, with_gap: d.withGap, gap_sum: d.gapSum, entry_gaps: d.entryGaps })
        .onConflict('key_id')
        .merge({
          assessed: db.raw('training_need_totals.assessed + ?', [d.assessed]),
          with_gap: db.raw('training_need_totals.with_gap + ?', [d.withGap]),
          gap_sum: db.raw('training_need_totals.gap_sum + ?', [d.gapSum]),
          entry_gaps: db.raw('training_need_totals.entry_gaps + ?', [d.entryGaps]),
        }),
    ),
  );
  await db('training_need_totals')
    .whereIn('key_id', [...delta.keys()])
    .where('assessed', '<=', 0)
    .del();
}

/** Counts per key over a per-person reduction (people assessed, with a gap, gap sum, entry gaps). */
function countPeople(db: Queryable, perPerson: Knex.QueryBuilder): Knex.QueryBuilder {
  return db
    .from(perPerson.as('p'))
    .groupBy('p.key_id')
    .select(
      'p.key_id',
      db.raw('COUNT(*) as assessed'),
      db.raw('SUM(CASE WHEN p.gap > 0 THEN 1 ELSE 0 END) as with_gap'),
      db.raw('SUM(p.gap) as gap_sum'),
      db.raw('SUM(p.entry_gap) as entry_gaps'),
    );
}

function toCounts(r: Record<string, unknown>): NeedCounts & { keyId: number } {
  return {
    keyId: Number(r.key_id),
    assessed: Number(r.assessed),
    withGap: Number(r.with_gap),
    gapSum: Number(r.gap_sum),
    entryGaps: Number(r.entry_gaps),
  };
}

/** Recounts the stored totals from assessment_results in one statement set (seeding, repair, tests). */
export async function recountTotals(db: Queryable): Promise<void> {
  const rows = ((await countPeople(db, perPersonKey(db).where('r.is_latest', true))) as Record<string, unknown>[]).map(toCounts);
  await db('training_need_totals').del();
  const data = rows.map((r) => ({
    key_id: r.keyId,
    assessed: r.assessed,
    with_gap: r.withGap,
    gap_sum: r.gapSum,
    entry_gaps: r.entryGaps,
  }));
  for (let i = 0; i < data.length; i += 100) await db('training_need_totals').insert(data.slice(i, i + 100));
}

/** A row of counts with its key's name (the totals and the filtered counts read the same way). */
function toKeyCounts(r: Record<string, unknown>): KeyCounts {
  return { ...toCounts(r), key: String(r.key), label: String(r.label), category: String(r.category) };
}

export interface KeyCounts extends NeedCounts {
  keyId: number;
  key: string;
  label: string;
  category: string;
}

/** The stored totals with their keys (the unfiltered, whole-organisation view). */
export async function readTotals(db: Queryable): Promise<KeyCounts[]> {
  const rows = await db('training_need_totals as t')
    .join('competency_keys as k', 'k.id', 't.key_id')
    .select('t.*', 'k.key', 'k.label', 'k.category');
  return rows.map(toKeyCounts);
}

export interface NeedsFilter {
  classSpecId: number | null;
  department: string | null;
  /** inclusive lower bound on assessed_at (ISO) */
  from: string | null;
  /** exclusive upper bound on assessed_at (ISO) */
  toExclusive: string | null;
  /** only assessments started by this cycle (each person's assessment of the cycle); undefined/null = any */
  cycleId?: number | null;
  /** null = whole organisation; otherwise only these employees (a supervisor's subtree) */
  employeeIds: number[] | null;
}

/**
 * The per-person reduction under a filter: each person's latest results (latest within the
 * period, when one is given), reduced per key. Null when the scope is empty (nobody to count).
 */
function perPersonFiltered(db: Queryable, q: NeedsFilter): Knex.QueryBuilder | null {
  if (q.employeeIds !== null && q.employeeIds.length === 0) return null;
  const perPerson = perPersonKey(db);
  if (q.classSpecId !== null) perPerson.where('r.class_spec_id', q.classSpecId);
  if (q.department !== null) perPerson.join('users as u', 'u.id', 'r.employee_id').where('u.department', q.department);
  if (q.cycleId != null) {
    // A cycle: the results of the assessments it started (one per person and class).
    perPerson.join('assessments as ca', 'ca.id', 'r.assessment_id').where('ca.cycle_id', q.cycleId);
  } else if (q.from === null && q.toExclusive === null) perPerson.where('r.is_latest', true);
  else {
    // A period: each person's latest assessment of each class *within* the period, so someone
    // reassessed after it still counts with the assessment they had then.
    const inPeriod = db('assessment_results')
      .select('employee_id', 'class_spec_id')
      .max({ at: 'assessed_at' })
      .groupBy('employee_id', 'class_spec_id');
    if (q.from !== null) inPeriod.where('assessed_at', '>=', q.from);
    if (q.toExclusive !== null) inPeriod.where('assessed_at', '<', q.toExclusive);
    if (q.classSpecId !== null) inPeriod.where('class_spec_id', q.classSpecId);
    if (q.employeeIds !== null) inPeriod.whereIn('employee_id', q.employeeIds);
    perPerson.join(inPeriod.as('lp'), function () {
      this.on('lp.employee_id', '=', 'r.employee_id')
        .andOn('lp.class_spec_id', '=', 'r.class_spec_id')
        .andOn('lp.at', '=', 'r.assessed_at');
    });
  }
  if (q.employeeIds !== null) perPerson.whereIn('r.employee_id', q.employeeIds);
  return perPerson;
}

/**
 * The same counts over a filtered set of results, in ONE grouped query (SQLite and PostgreSQL):
 * the per-person reduction, counted per key.
 */
export async function countFiltered(db: Queryable, q: NeedsFilter): Promise<KeyCounts[]> {
  const perPerson = perPersonFiltered(db, q);
  if (!perPerson) return [];
  const rows = await countPeople(db, perPerson)
    .join('competency_keys as kk', 'kk.id', 'p.key_id')
    .groupBy('kk.key', 'kk.label', 'kk.category')
    .select('kk.key', 'kk.label', 'kk.category');
  return rows.map(toKeyCounts);
}

/** Per key: how the people of answer `a` compare with themselves in the wider answer `b`. */
export interface KeyOverlap {
  keyId: number;
  /** people counted in both answers with the same gap and entry-gap flag */
  same: number;
  /** of those, with a gap; with an entry gap */
  sameGap: number;
  sameEntry: number;
  /** people in both answers with different figures, with a gap in both; with an entry gap in both */
  bothGapDiff: number;
  bothEntryDiff: number;
}

/**
 * Per key, the people two filtered answers have in common, in one query: the per-person
 * reductions of both joined on (key, person). `b`'s reduction is limited to `a`'s people, so the
 * cost follows the narrower answer.
 */
export async function countOverlap(db: Queryable, a: NeedsFilter, b: NeedsFilter): Promise<KeyOverlap[]> {
  const pa = perPersonFiltered(db, a);
  const pb = perPersonFiltered(db, b);
  const people = perPersonFiltered(db, a);
  if (!pa || !pb || !people) return [];
  pb.whereIn('r.employee_id', db.from(people.as('pp')).distinct('pp.employee_id'));
  const same = 'pa.gap = pb.gap AND pa.entry_gap = pb.entry_gap';
  const rows = await db
    .from(pa.as('pa'))
    .join(pb.as('pb'), function () {
      this.on('pb.key_id', '=', 'pa.key_id').andOn('pb.employee_id', '=', 'pa.employee_id');
    })
    .groupBy('pa.key_id')
    .select(
      'pa.key_id',
      db.raw(`SUM(CASE WHEN ${same} THEN 1 ELSE 0 END) as same`),
      db.raw(`SUM(CASE WHEN ${same} AND pa.gap > 0 THEN 1 ELSE 0 END) as same_gap`),
      db.raw(`SUM(CASE WHEN ${same} AND pa.entry_gap > 0 THEN 1 ELSE 0 END) as same_entry`),
      db.raw(`SUM(CASE WHEN NOT (${same}) AND pa.gap > 0 AND pb.gap > 0 THEN 1 ELSE 0 END) as both_gap_diff`),
      db.raw(`SUM(CASE WHEN NOT (${same}) AND pa.entry_gap > 0 AND pb.entry_gap > 0 THEN 1 ELSE 0 END) as both_entry_diff`),
    );
  return rows.map((r: Record<string, unknown>) => ({
    keyId: Number(r.key_id),
    same: Number(r.same),
    sameGap: Number(r.same_gap),
    sameEntry: Number(r.same_entry),
    bothGapDiff: Number(r.both_gap_diff),
    bothEntryDiff: Number(r.both_entry_diff),
  }));
}

/** When an assessment counts as made: as the writer stores it in assessment_results.assessed_at. */
const ASSESSED_AT = "COALESCE(CASE WHEN a.status = 'reviewed' THEN a.reviewed_at ELSE a.submitted_at END, a.updated_at)";

/**
 * People counted under a filter (any key), per department (null: no department). Read from the
 * assessments (one row per assessment, not per rating), so the whole organisation stays cheap.
 */
export async function peopleByDepartment(db: Queryable, q: NeedsFilter): Promise<{ department: string | null; people: number }[]> {
  if (q.employeeIds !== null && q.employeeIds.length === 0) return [];
  const query = db('assessments as a')
    .join('users as ud', 'ud.id', 'a.employee_id')
    .whereIn('a.status', MEASURED)
    .groupBy('ud.department')
    .select('ud.department', db.raw('COUNT(DISTINCT a.employee_id) as people'));
  if (q.classSpecId !== null) query.where('a.class_spec_id', q.classSpecId);
  if (q.department !== null) query.where('ud.department', q.department);
  if (q.from !== null) query.whereRaw(`${ASSESSED_AT} >= ?`, [q.from]);
  if (q.toExclusive !== null) query.whereRaw(`${ASSESSED_AT} < ?`, [q.toExclusive]);
  if (q.cycleId != null) query.where('a.cycle_id', q.cycleId);
  if (q.employeeIds !== null) query.whereIn('a.employee_id', q.employeeIds);
  const rows = (await query) as Record<string, unknown>[];
  return rows.map((r) => ({ department: typeof r.department === 'string' ? r.department : null, people: Number(r.people) }));
}

/** The first and last time a counted assessment was made (whole organisation or these people). */
export async function assessedRange(db: Queryable, employeeIds: number[] | null): Promise<{ first: string | null; last: string | null }> {
  if (employeeIds !== null && employeeIds.length === 0) return { first: null, last: null };
  const q = db('assessments as a')
    .whereIn('a.status', MEASURED)
    .select(db.raw(`MIN(${ASSESSED_AT}) as first`), db.raw(`MAX(${ASSESSED_AT}) as last`));
  if (employeeIds !== null) q.whereIn('a.employee_id', employeeIds);
  const row = (await q.first()) as Record<string, unknown> | undefined;
  return { first: toIso(row?.first), last: toIso(row?.last) };
}
