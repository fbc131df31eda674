import type { Knex } from 'knex';
import { insertedId } from '../db/inserted-id';
import { type Row } from '../db/row';
import { nowIso, toIso } from '../db/time';

// The one read model of an assessment and the only writes of its status (called by the lifecycle
// service, lifecycle.service.ts), its ratings of the person's own and its autosave batches.

type Q = Knex | Knex.Transaction;

export type AssessmentStatus = 'draft' | 'submitted' | 'reviewed';

export interface Assessment {
  id: number;
  employeeId: number;
  employeeName: string;
  classSpecId: number;
  classVersionId: number;
  classTitle: string;
  code: string | null;
  version: number;
  status: AssessmentStatus;
  startedAt: string | null;
  submittedAt: string | null;
  reviewedAt: string | null;
  reviewerName: string | null;
  returnedAt: string | null;
  returnComment: string | null;
  previousAssessmentId: number | null;
  readiness: number | null;
  coverage: number | null;
  /** Bumped by every change of a submitted assessment (submit, review save, return, finalise). */
  lockVersion: number;
  cycleId: number | null;
  /** When the employee acknowledged the reviewed result (not agreement), and what they said. */
  acknowledgedAt: string | null;
  acknowledgementComment: string | null;
}

export interface StoredRating {
  itemId: number;
  selfLevel: number | null;
  evidence: string | null;
  supervisorLevel: number | null;
  supervisorComment: string | null;
}

function baseQuery(db: Q) {
  return db('assessments as a')
    .join('users as u', 'u.id', 'a.employee_id')
    .join('class_specs as c', 'c.id', 'a.class_spec_id')
    .join('class_spec_versions as v', 'v.id', 'a.class_version_id')
    .leftJoin('users as rv', 'rv.id', 'a.reviewer_id')
    .select('a.*', 'u.display_name as employee_name', 'c.title as class_title', 'c.code', 'v.version', 'rv.display_name as reviewer_name');
}

function toAssessment(r: Record<string, unknown>): Assessment {
  return {
    id: Number(r.id),
    employeeId: Number(r.employee_id),
    employeeName: typeof r.employee_name === 'string' ? r.employee_name : '',
    classSpecId: Number(r.class_spec_id),
    classVersionId: Number(r.class_version_id),
    classTitle: typeof r.class_title === 'string' ? r.class_title : '',
    code: (r.code as string | null) ?? null,
    version: Number(r.version ?? 1),
    status: r.status as AssessmentStatus,
    startedAt: toIso(r.started_at),
    submittedAt: toIso(r.submitted_at),
    reviewedAt: toIso(r.reviewed_at),
    reviewerName: (r.reviewer_name as string | null) ?? null,
    returnedAt: toIso(r.returned_at),
    returnComment: (r.return_comment as string | null) ?? null,
    previousAssessmentId: r.previous_assessment_id == null ? null : Number(r.previous_assessment_id),
    readiness: r.readiness == null ? null : Number(r.readiness),
    coverage: r.coverage == null ? null : Number(r.coverage),
    lockVersion: Number(r.lock_version ?? 0),
    cycleId: r.cycle_id == null ? null : Number(r.cycle_id),
    acknowledgedAt: toIso(r.acknowledged_at),
    acknowledgementComment: (r.acknowledgement_comment as string | null) ?? null,
  };
}

export async function findAssessment(db: Q, id: number): Promise<Assessment | undefined> {
  const row = await baseQuery(db).where('a.id', id).first<Row | undefined>();
  return row ? toAssessment(row) : undefined;
}

export async function listForEmployee(db: Q, employeeId: number): Promise<Assessment[]> {
  const rows = await baseQuery(db).where('a.employee_id', employeeId).orderBy('a.started_at', 'desc').orderBy('a.id', 'desc');
  return rows.map(toAssessment);
}

/** The open (draft or submitted) assessment of a person for a class, if any. */
export async function findOpen(db: Q, employeeId: number, classSpecId: number): Promise<Assessment | undefined> {
  const row = await baseQuery(db)
    .where({ 'a.employee_id': employeeId, 'a.class_spec_id': classSpecId })
    .whereIn('a.status', ['draft', 'submitted'])
    .first<Row | undefined>();
  return row ? toAssessment(row) : undefined;
}

/** The id of the open (draft or submitted) assessment of a person for a class, if any. */
export async function findOpenId(db: Q, employeeId: number, classSpecId: number): Promise<number | undefined> {
  const r = await db('assessments')
    .where({ employee_id: employeeId, class_spec_id: classSpecId })
    .whereIn('status', ['draft', 'submitted'])
    .first<Row | undefined>('id');
  return r ? Number(r.id) : undefined;
}

/** The person's most recently submitted or reviewed assessment of a class, if any. */
export async function latestClosedId(db: Q, employeeId: number, classSpecId: number): Promise<number | null> {
  const r = await db('assessments')
    .where({ employee_id: employeeId, class_spec_id: classSpecId })
    .whereIn('status', ['submitted', 'reviewed'])
    .orderByRaw('COALESCE(reviewed_at, submitted_at) DESC')
    .orderBy('id', 'desc')
    .first<Row | undefined>('id');
  return r ? Number(r.id) : null;
}

/** Submitted/reviewed assessments of one person and class, oldest first. */
export async function listClosedOfClass(db: Q, employeeId: number, classSpecId: number): Promise<Assessment[]> {
  const rows = await baseQuery(db)
    .where({ 'a.employee_id': employeeId, 'a.class_spec_id': classSpecId })
    .whereIn('a.status', ['submitted', 'reviewed'])
    .orderByRaw('COALESCE(a.submitted_at, a.started_at) ASC')
    .orderBy('a.id');
  return rows.map(toAssessment);
}

/** What the team view needs of a submitted or reviewed assessment (no joins: one row per person). */
export interface ClosedSummary {
  id: number;
  employeeId: number;
  classVersionId: number;
  status: AssessmentStatus;
  submittedAt: string | null;
  reviewedAt: string | null;
}

/** The submitted and reviewed assessments of a class by these people, newest first. */
export async function closedOfClassFor(
  db: Q,
  employeeIds: number[],
  classSpecId: number,
  cycleId: number | null = null,
): Promise<ClosedSummary[]> {
  if (employeeIds.length === 0) return [];
  const rows = await db('assessments')
    .whereIn('employee_id', employeeIds)
    .where({ class_spec_id: classSpecId })
    .modify((q) => {
      if (cycleId !== null) q.where('cycle_id', cycleId);
    })
    .whereIn('status', ['submitted', 'reviewed'])
    .orderByRaw('COALESCE(reviewed_at, submitted_at) DESC')
    .orderBy('id', 'desc')
    .select<Record<string, unknown>[]>('id', 'employee_id', 'class_version_id', 'status', 'submitted_at', 'reviewed_at');
  return rows.map((r) => ({
    id: Number(r.id),
    employeeId: Number(r.employee_id),
    classVersionId: Number(r.class_version_id),
    status: r.status as AssessmentStatus,
    submittedAt: toIso(r.submitted_at),
    reviewedAt: toIso(r.reviewed_at),
  }));
}

/** Chunks keep each statement's bound parameters well under SQLite's and PostgreSQL's limits. */
const FIGURES_CHUNK = 5000;

/** How many of these people's assessments wait for review (submitted), counted 5,000 people at a time. */
export async function countSubmittedOf(db: Q, employeeIds: number[]): Promise<number> {
  let n = 0;
  // FIGURES_CHUNK, not 500: at 12,000 people 24 statements took 184 ms, 3 take 74 ms.
  for (let i = 0; i < employeeIds.length; i += FIGURES_CHUNK) {
    const row = await db('assessments')
      .whereIn('employee_id', employeeIds.slice(i, i + FIGURES_CHUNK))
      .where({ status: 'submitted' })
      .count({ n: '*' })
      .first();
    n += Number(row?.n ?? 0);
  }
  return n;
}

export interface ClassReadiness {
  classSpecId: number;
  title: string;
  /** people whose latest submitted/reviewed assessment of the class counts here */
  people: number;
  /** mean of their stored readiness (percent) */
  meanReadiness: number;
  /** of them, people meeting every required level (readiness 100 %) */
  ready: number;
}

/**
 * Readiness per class over each person's latest submitted or reviewed assessment of it (stored
 * figures, so no ratings are read), and how many of the people have any. One grouped query per
 * 5,000 people: a supervisor at the top of 30,000 people costs six, a team one.
 */
export async function readinessByClassOf(db: Q, employeeIds: number[]): Promise<{ assessedPeople: number; classes: ClassReadiness[] }> {
  const sums = new Map<number, { people: number; sum: number; ready: number }>();
  let assessedPeople = 0;
  for (let i = 0; i < employeeIds.length; i += FIGURES_CHUNK) {
    const ids = employeeIds.slice(i, i + FIGURES_CHUNK);
    const latest = db('assessments')
      .whereIn('employee_id', ids)
      .whereIn('status', ['submitted', 'reviewed'])
      .whereNotNull('readiness')
      .select(
        'employee_id',
        'class_spec_id',
        'readiness',
        db.raw(
          'ROW_NUMBER() OVER (PARTITION BY employee_id, class_spec_id ORDER BY COALESCE(reviewed_at, submitted_at) DESC, id DESC) as n',
        ),
      );
    // No join here: SQLite would scan class_specs first and index the window's output (2× slower).
    const [rows, people] = await Promise.all([
      db
        .from(latest.as('x'))
        .where('x.n', 1)
        .groupBy('x.class_spec_id')
        .select<Record<string, unknown>[]>(
          'x.class_spec_id',
          db.raw('COUNT(*) as people'),
          db.raw('SUM(x.readiness) as total'),
          db.raw('SUM(CASE WHEN x.readiness >= 100 THEN 1 ELSE 0 END) as ready'),
        ),
      db('assessments')
        .whereIn('employee_id', ids)
        .whereIn('status', ['submitted', 'reviewed'])
        .countDistinct({ n: 'employee_id' })
        .first(),
    ]);
    assessedPeople += Number(people?.n ?? 0);
    for (const r of rows) {
      const id = Number(r.class_spec_id);
      const s = sums.get(id) ?? { people: 0, sum: 0, ready: 0 };
      s.people += Number(r.people);
      s.sum += Number(r.total);
      s.ready += Number(r.ready);
      sums.set(id, s);
    }
  }
  const titles = new Map<number, string>(
    sums.size
      ? (
          await db('class_specs')
            .whereIn('id', [...sums.keys()])
            .select('id', 'title')
        ).map((c: { id: number; title: string }) => [Number(c.id), String(c.title)])
      : [],
  );
  const classes = [...sums].map(([classSpecId, s]) => ({
    classSpecId,
    title: titles.get(classSpecId) ?? '',
    people: s.people,
    meanReadiness: Math.round((s.sum / s.people) * 10) / 10,
    ready: s.ready,
  }));
  classes.sort((a, b) => b.people - a.people || a.title.localeCompare(b.title) || a.classSpecId - b.classSpecId);
  return { assessedPeople, classes };
}

// A cycle member's stage (cycle_members.stage: not_started | draft | submitted | returned |
// reviewed) is the cycle completion dashboard's read model: written here, next to the write that
// moves it and in its transaction, so the dashboard groups one table instead of working each
// member's stage out of assessments and ratings (issue 21, 30,000 members). A draft counts as
// started once it has any rating row. Assessments outside a cycle match no member row.

export type CycleStage = 'not_started' | 'draft' | 'submitted' | 'returned' | 'reviewed';

async function setCycleStage(trx: Q, assessmentId: number, stage: CycleStage): Promise<void> {
  await trx('cycle_members').where({ assessment_id: assessmentId }).update({ stage });
}

/** not_started → draft for the cycle members of these assessments (a no-op once started: one indexed UPDATE). */
export async function markCycleDraftStarted(trx: Q, assessmentIds: number[]): Promise<void> {
  if (!assessmentIds.length) return;
  await trx('cycle_members').whereIn('assessment_id', assessmentIds).where('stage', 'not_started').update({ stage: 'draft' });
}

export async function insertDraft(
  trx: Q,
  a: { employeeId: number; classSpecId: number; classVersionId: number; previousAssessmentId?: number | null; cycleId?: number | null },
): Promise<number> {
  const now = nowIso();
  const rows: unknown = await trx('assessments')
    .insert({
      employee_id: a.employeeId,
      class_spec_id: a.classSpecId,
      class_version_id: a.classVersionId,
      status: 'draft',
      started_at: now,
      updated_at: now,
      previous_assessment_id: a.previousAssessmentId ?? null,
      cycle_id: a.cycleId ?? null,
    })
    .returning('id');
  return insertedId(rows);
}

/** The (employee, class) pairs among these people that have an open (draft or submitted) assessment. */
export async function openPairs(db: Q, employeeIds: number[], classSpecIds: number[]): Promise<Set<string>> {
  const out = new Set<string>();
  if (!employeeIds.length) return out;
  const rows = await db('assessments')
    .whereIn('employee_id', employeeIds)
    .whereIn('class_spec_id', [...new Set(classSpecIds)])
    .whereIn('status', ['draft', 'submitted'])
    .select<{ employee_id: number; class_spec_id: number }[]>('employee_id', 'class_spec_id');
  for (const r of rows) out.add(`${Number(r.employee_id)}:${Number(r.class_spec_id)}`);
  return out;
}

/**
 * Inserts many drafts at once; a draft that would be a second open assessment of its class is
 * left out by the unique index `assessments_one_open` (ON CONFLICT DO NOTHING), not an error.
 * Returns the drafts stored.
 */
export async function insertDrafts(
  trx: Q,
  drafts: { employeeId: number; classSpecId: number; classVersionId: number; cycleId: number | null }[],
): Promise<{ id: number; employeeId: number; classSpecId: number }[]> {
  const now = nowIso();
  const out: { id: number; employeeId: number; classSpecId: number }[] = [];
  for (let i = 0; i < drafts.length; i += 100) {
    const rows = await trx('assessments')
      .insert(
        drafts.slice(i, i + 100).map((d) => ({
          employee_id: d.employeeId,
          class_spec_id: d.classSpecId,
          class_version_id: d.classVersionId,
          status: 'draft',
          started_at: now,
          updated_at: now,
          cycle_id: d.cycleId,
        })),
      )
      .onConflict()
      .ignore()
      .returning<{ id: number; employee_id: number; class_spec_id: number }[]>(['id', 'employee_id', 'class_spec_id']);
    for (const r of rows) out.push({ id: Number(r.id), employeeId: Number(r.employee_id), classSpecId: Number(r.class_spec_id) });
  }
  return out;
}

export async function getRatings(db: Q, assessmentId: number): Promise<Map<number, StoredRating>> {
  const rows = await db('ratings').where({ assessment_id: assessmentId });
  return new Map(
    rows.map((r: Record<string, unknown>) => [
      Number(r.item_id),
      {
        itemId: Number(r.item_id),
        selfLevel: r.self_level == null ? null : Number(r.self_level),
        evidence: (r.evidence as string | null) ?? null,
        supervisorLevel: r.supervisor_level == null ? null : Number(r.supervisor_level),
        supervisorComment: (r.supervisor_comment as string | null) ?? null,
      },
    ]),
  );
}

/** Inserts or updates one item's rating; only the given columns change on an existing row. */
export async function upsertRating(
  trx: Q,
  assessmentId: number,
  itemId: number,
  change: { selfLevel?: number; evidence?: string | null },
): Promise<void> {
  const now = nowIso();
  const set: Record<string, unknown> = { updated_at: now };
  if (change.selfLevel !== undefined) set.self_level = change.selfLevel;
  if (change.evidence !== undefined) set.evidence = change.evidence;
  await trx('ratings')
    .insert({ assessment_id: assessmentId, item_id: itemId, ...set })
    .onConflict(['assessment_id', 'item_id'])
    .merge(Object.keys(set));
}

export async function insertRatings(
  trx: Q,
  rows: { assessmentId: number; itemId: number; selfLevel: number | null; evidence: string | null }[],
): Promise<void> {
  const now = nowIso();
  const data = rows.map((r) => ({
    assessment_id: r.assessmentId,
    item_id: r.itemId,
    self_level: r.selfLevel,
    evidence: r.evidence,
    updated_at: now,
  }));
  for (let i = 0; i < data.length; i += 100) await trx('ratings').insert(data.slice(i, i + 100));
  await markCycleDraftStarted(trx, [...new Set(rows.map((r) => r.assessmentId))]);
}

export type SelfRatingField = 'self_level' | 'evidence';

/**
 * What an autosave batch needs before writing, in one read: each assessment's status and count of
 * rated items of its version, and the stored self rating of the batch's items (key "assessment:item").
 */
export async function autosaveBatchState(
  trx: Q,
  assessmentIds: number[],
  itemIds: number[],
): Promise<{
  statuses: Map<number, string>;
  rated: Map<number, number>;
  ratings: Map<string, { selfLevel: number | null; evidence: string | null }>;
  /** Assessments whose cycle member has not started yet (their first save moves it to draft). */
  cycleNotStarted: Set<number>;
}> {
  const rows = await trx('assessments as a')
    .leftJoin('ratings as r', function () {
      this.on('r.assessment_id', '=', 'a.id').onIn('r.item_id', itemIds);
    })
    .whereIn('a.id', assessmentIds)
    .select(
      'a.id',
      'a.status',
      'r.item_id',
      'r.self_level',
      'r.evidence',
      trx.raw(
        '(SELECT COUNT(*) FROM ratings rr JOIN spec_items ri ON ri.id = rr.item_id WHERE rr.assessment_id = a.id AND ri.version_id = a.class_version_id AND rr.self_level IS NOT NULL) AS rated',
      ),
      trx.raw("(SELECT COUNT(*) FROM cycle_members cm WHERE cm.assessment_id = a.id AND cm.stage = 'not_started') AS cycle_not_started"),
    );
  const statuses = new Map<number, string>();
  const rated = new Map<number, number>();
  const ratings = new Map<string, { selfLevel: number | null; evidence: string | null }>();
  const cycleNotStarted = new Set<number>();
  for (const r of rows as Record<string, unknown>[]) {
    statuses.set(Number(r.id), String(r.status));
    if (Number(r.cycle_not_started) > 0) cycleNotStarted.add(Number(r.id));
    rated.set(Number(r.id), Number(r.rated));
    if (r.item_id != null) {
      ratings.set(`${Number(r.id)}:${Number(r.item_id)}`, {
        selfLevel: r.self_level == null ? null : Number(r.self_level),
        evidence: (r.evidence as string | null) ?? null,
      });
    }
  }
  return { statuses, rated, ratings, cycleNotStarted };
}

/**
 * Upserts self ratings, writing only `fields` (the other column may be changed by a form save on
 * another instance), 100 rows per statement. The caller moves not-started cycle members to draft
 * (markCycleDraftStarted), knowing from autosaveBatchState which need it.
 */
export async function upsertSelfRatings(
  trx: Q,
  fields: SelfRatingField[],
  rows: { assessmentId: number; itemId: number; selfLevel: number | null; evidence: string | null }[],
  now: string,
): Promise<void> {
  for (let i = 0; i < rows.length; i += 100) {
    const data = rows.slice(i, i + 100).map((w) => ({
      assessment_id: w.assessmentId,
      item_id: w.itemId,
      updated_at: now,
      ...(fields.includes('self_level') ? { self_level: w.selfLevel } : {}),
      ...(fields.includes('evidence') ? { evidence: w.evidence } : {}),
    }));
    await trx('ratings')
      .insert(data)
      .onConflict(['assessment_id', 'item_id'])
      .merge([...fields, 'updated_at']);
  }
}

export async function touchAssessments(trx: Q, ids: number[], now: string): Promise<void> {
  await trx('assessments').whereIn('id', ids).update({ updated_at: now });
}

export async function touchAssessment(trx: Q, id: number): Promise<void> {
  await trx('assessments').where({ id }).update({ updated_at: nowIso() });
}

// The status writes. Only the lifecycle service (lifecycle.service.ts) calls them, inside the
// transaction that also re-measures the assessment (results.service) and audits the change.
// Each moves the assessment only from the status it must be in and says whether it did.

/** draft → submitted: locks the draft. */
export async function markSubmitted(trx: Q, id: number, now: string): Promise<boolean> {
  const count = await trx('assessments')
    .where({ id, status: 'draft' })
    .update({ status: 'submitted', submitted_at: now, updated_at: now, lock_version: trx.raw('lock_version + 1') });
  if (Number(count) !== 1) return false;
  await setCycleStage(trx, id, 'submitted');
  return true;
}

/** submitted → draft, with the supervisor's comment for the employee. */
export async function markReturned(trx: Q, id: number, comment: string, now: string): Promise<boolean> {
  const count = await trx('assessments')
    .where({ id, status: 'submitted' })
    .update({ status: 'draft', return_comment: comment, returned_at: now, updated_at: now });
  if (Number(count) !== 1) return false;
  await setCycleStage(trx, id, 'returned');
  return true;
}

/** submitted → reviewed, read-only from now on. */
export async function markReviewed(trx: Q, id: number, reviewerId: number, now: string): Promise<boolean> {
  const count = await trx('assessments')
    .where({ id, status: 'submitted' })
    .update({ status: 'reviewed', reviewed_at: now, reviewer_id: reviewerId, updated_at: now });
  if (Number(count) !== 1) return false;
  await setCycleStage(trx, id, 'reviewed');
  return true;
}

/**
 * Claims a submitted assessment for one change of its review: bumps lock_version if it is still
 * submitted and (when `lockVersion` is given) still at that version.
 */
/** Stores the employee's acknowledgement of their reviewed assessment, once. */
export async function markAcknowledged(trx: Q, id: number, employeeId: number, comment: string | null, now: string): Promise<boolean> {
  const n = await trx('assessments')
    .where({ id, employee_id: employeeId, status: 'reviewed' })
    .whereNull('acknowledged_at')
    .update({ acknowledged_at: now, acknowledgement_comment: comment, updated_at: now });
  return Number(n) === 1;
}

export async function claimSubmitted(trx: Q, id: number, lockVersion: number | null, now: string): Promise<boolean> {
  const q = trx('assessments').where({ id, status: 'submitted' });
  if (lockVersion !== null) q.andWhere('lock_version', lockVersion);
  const count = await q.update({ lock_version: trx.raw('lock_version + 1'), updated_at: now });
  return Number(count) === 1;
}

export async function deleteAssessment(trx: Q, id: number): Promise<void> {
  await setCycleStage(trx, id, 'not_started');
  await trx('ratings').where({ assessment_id: id }).del();
  await trx('assessments').where({ id, status: 'draft' }).del();
}

/** Status read inside a transaction, so a concurrent submit cannot slip between check and write. */
export async function statusOf(trx: Q, id: number): Promise<AssessmentStatus | undefined> {
  const row = await trx('assessments').where({ id }).first<Row | undefined>('status');
  return row?.status as AssessmentStatus | undefined;
}

/**
 * What an autosave needs before writing, in one read: the assessment's owner, status and version,
 * the item if it belongs to that version (to validate and label it), and the version's item count.
 */
export async function autosaveTarget(
  db: Q,
  assessmentId: number,
  itemId: number,
): Promise<
  | {
      employeeId: number;
      status: AssessmentStatus;
      classVersionId: number;
      total: number;
      item: { id: number; name: string | null; text: string } | null;
    }
  | undefined
> {
  const row = await db('assessments as a')
    .leftJoin('spec_items as i', function () {
      this.on('i.version_id', '=', 'a.class_version_id').andOn('i.id', '=', db.raw('?', [itemId]));
    })
    .where('a.id', assessmentId)
    .first<Row | undefined>(
      'a.employee_id',
      'a.status',
      'a.class_version_id',
      'i.id as item_id',
      'i.name',
      'i.text',
      db.raw('(SELECT COUNT(*) FROM spec_items t WHERE t.version_id = a.class_version_id) AS total'),
    );
  if (!row) return undefined;
  return {
    employeeId: Number(row.employee_id),
    status: row.status as AssessmentStatus,
    classVersionId: Number(row.class_version_id),
    total: Number(row.total),
    item: row.item_id == null ? null : { id: Number(row.item_id), name: (row.name as string | null) ?? null, text: row.text as string },
  };
}

/** Who a lifecycle notification goes to and what it may name (no ratings, evidence or comments). */
export interface NotificationFacts {
  assessmentId: number;
  employeeId: number;
  employeeName: string;
  /** Who is told of a submission: the nearest active supervisor up the chain (see reviewerFor). */
  reviewerId: number | null;
  reviewerName: string | null;
  classTitle: string;
}

/**
 * The nearest person above `employeeId` in the reporting chain who can review: active and holding
 * the supervisor role (PRODUCT.md: a supervisor of that person, any level up, reviews). Usually the
 * direct supervisor; when that person is deactivated or lacks the role (e.g. a manager whose role was removed),
 * the next one up, so a submission never waits unseen.
 */
async function reviewerFor(trx: Q, employeeId: number): Promise<{ id: number; display_name: string } | undefined> {
  return trx
    .withRecursive('chain', ['id', 'depth'], (qb) => {
      qb.select('supervisor_id', trx.raw('1'))
        .from('users')
        .where('id', employeeId)
        .whereNotNull('supervisor_id')
        .unionAll((u) => {
          u.select('u.supervisor_id', trx.raw('chain.depth + 1'))
            .from('users as u')
            .join('chain', 'u.id', 'chain.id')
            .whereNotNull('u.supervisor_id')
            .where('chain.depth', '<', 100);
        });
    })
    .from('chain')
    .join('users as s', 's.id', 'chain.id')
    .where('s.active', true)
    .whereNot('s.id', employeeId)
    .whereExists((e) => {
      e.select(trx.raw('1')).from('user_roles as r').whereRaw('r.user_id = s.id').andWhere('r.role', 'supervisor');
    })
    .orderBy('chain.depth')
    .first<{ id: number; display_name: string } | undefined>('s.id', 's.display_name');
}

export async function notificationFacts(trx: Q, id: number): Promise<NotificationFacts | undefined> {
  const r = await trx('assessments as a')
    .join('users as u', 'u.id', 'a.employee_id')
    .join('class_specs as c', 'c.id', 'a.class_spec_id')
    .where('a.id', id)
    .first<{ employee_id: number; employee_name: string; class_title: string } | undefined>(
      'a.employee_id',
      'u.display_name as employee_name',
      'c.title as class_title',
    );
  if (!r) return undefined;
  const reviewer = await reviewerFor(trx, Number(r.employee_id));
  return {
    assessmentId: id,
    employeeId: Number(r.employee_id),
    employeeName: r.employee_name,
    reviewerId: reviewer ? Number(reviewer.id) : null,
    reviewerName: reviewer?.display_name ?? null,
    classTitle: r.class_title,
  };
}
