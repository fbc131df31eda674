import type { Knex } from 'knex';
import { nowIso } from '../db/time';
import { type Category } from '../competency/category';
import { whereContains } from '../db/like';

type Q = Knex | Knex.Transaction;

export type AssessmentStatus = 'draft' | 'submitted' | 'reviewed';

export interface Assessment {
  id: number;
  employeeId: number;
  classSpecId: number;
  classVersionId: number;
  status: AssessmentStatus;
  startedAt: unknown;
  submittedAt: unknown;
  reviewedAt: unknown;
  returnedAt: unknown;
  returnComment: string | null;
  previousAssessmentId: number | null;
  readiness: number | null;
  coverage: number | null;
  title: string;
  code: string | null;
  version: number;
}

export interface StoredRating {
  itemId: number;
  selfLevel: number | null;
  evidence: string | null;
  supervisorLevel: number | null;
  supervisorComment: string | null;
}

export interface CatalogueEntry {
  classSpecId: number;
  title: string;
  code: string | null;
  family: string | null;
  versionId: number;
  version: number;
  itemCount: number;
}

function baseQuery(db: Q) {
  return db('assessments as a')
    .join('class_specs as c', 'c.id', 'a.class_spec_id')
    .join('class_spec_versions as v', 'v.id', 'a.class_version_id')
    .select('a.*', 'c.title', 'c.code', 'v.version');
}

function toAssessment(r: Record<string, unknown>): Assessment {
  return {
    id: Number(r.id),
    employeeId: Number(r.employee_id),
    classSpecId: Number(r.class_spec_id),
    classVersionId: Number(r.class_version_id),
    status: r.status as AssessmentStatus,
    startedAt: r.started_at,
    submittedAt: r.submitted_at,
    reviewedAt: r.reviewed_at,
    returnedAt: r.returned_at,
    returnComment: (r.return_comment as string | null) ?? null,
    previousAssessmentId: r.previous_assessment_id == null ? null : Number(r.previous_assessment_id),
    readiness: r.readiness == null ? null : Number(r.readiness),
    coverage: r.coverage == null ? null : Number(r.coverage),
    title: String(r.title),
    code: (r.code as string | null) ?? null,
    version: Number(r.version),
  };
}

export async function findAssessment(db: Q, id: number): Promise<Assessment | undefined> {
  const row = await baseQuery(db).where('a.id', id).first();
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
    .first();
  return row ? toAssessment(row) : undefined;
}

export async function insertDraft(
  trx: Q,
  a: { employeeId: number; classSpecId: number; classVersionId: number; previousAssessmentId?: number | null },
): Promise<number> {
  const now = nowIso();
  const [row] = await trx('assessments')
    .insert({
      employee_id: a.employeeId,
      class_spec_id: a.classSpecId,
      class_version_id: a.classVersionId,
      status: 'draft',
      started_at: now,
      updated_at: now,
      previous_assessment_id: a.previousAssessmentId ?? null,
    })
    .returning('id');
  return Number(typeof row === 'object' ? row.id : row);
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

export async function insertRatings(trx: Q, rows: { assessmentId: number; itemId: number; selfLevel: number | null; evidence: string | null }[]): Promise<void> {
  const now = nowIso();
  const data = rows.map((r) => ({ assessment_id: r.assessmentId, item_id: r.itemId, self_level: r.selfLevel, evidence: r.evidence, updated_at: now }));
  for (let i = 0; i < data.length; i += 100) await trx('ratings').insert(data.slice(i, i + 100));
}

export async function touchAssessment(trx: Q, id: number): Promise<void> {
  await trx('assessments').where({ id }).update({ updated_at: nowIso() });
}

/** Locks the draft; its readiness and coverage are stored by the results writer (refreshAssessmentResults). */
export async function markSubmitted(trx: Q, id: number): Promise<void> {
  const now = nowIso();
  await trx('assessments')
    .where({ id, status: 'draft' })
    .update({ status: 'submitted', submitted_at: now, updated_at: now, lock_version: trx.raw('lock_version + 1') });
}

export async function deleteAssessment(trx: Q, id: number): Promise<void> {
  await trx('ratings').where({ assessment_id: id }).del();
  await trx('assessments').where({ id, status: 'draft' }).del();
}

/** Status read inside a transaction, so a concurrent submit cannot slip between check and write. */
export async function statusOf(trx: Q, id: number): Promise<AssessmentStatus | undefined> {
  const row = await trx('assessments').where({ id }).first('status');
  return row?.status as AssessmentStatus | undefined;
}

/** Classes that can be assessed (they have a current version), optionally filtered by title, code or family. */
export async function searchCatalogue(db: Q, q: string): Promise<CatalogueEntry[]> {
  const query = db('class_specs as c')
    .join('class_spec_versions as v', 'v.id', 'c.current_version_id')
    .select('c.id', 'c.title', 'c.code', 'c.family', 'v.id as version_id', 'v.version')
    .select(db.raw('(SELECT COUNT(*) FROM spec_items i WHERE i.version_id = v.id) AS item_count'))
    .orderBy('c.title');
  if (q) {
    whereContains(query, ['c.title', "COALESCE(c.code, '')", "COALESCE(c.family, '')"], q);
  }
  const rows = await query;
  return rows.map((r: Record<string, unknown>) => ({
    classSpecId: Number(r.id),
    title: String(r.title),
    code: (r.code as string | null) ?? null,
    family: (r.family as string | null) ?? null,
    versionId: Number(r.version_id),
    version: Number(r.version),
    itemCount: Number(r.item_count),
  }));
}

/** The version new assessments of a class use: the class's current version. */
export async function currentVersionId(db: Q, classSpecId: number): Promise<number | undefined> {
  const row = await db('class_specs').where({ id: classSpecId }).first('current_version_id');
  return row?.current_version_id == null ? undefined : Number(row.current_version_id);
}

export async function itemCountsByCategory(db: Q, versionId: number): Promise<Record<Category, number>> {
  const rows = await db('spec_items').where({ version_id: versionId }).groupBy('category').select('category').count({ n: '*' });
  const counts: Record<Category, number> = { knowledge: 0, skill: 0, ability: 0, competency: 0 };
  for (const r of rows as { category: Category; n: number | string }[]) counts[r.category] = Number(r.n);
  return counts;
}

/**
 * What an autosave needs before writing, in one read: the assessment's owner, status and version,
 * the item if it belongs to that version (to validate and label it), and the version's item count.
 */
export async function autosaveTarget(db: Q, assessmentId: number, itemId: number): Promise<{
  employeeId: number; status: AssessmentStatus; classVersionId: number; total: number;
  item: { id: number; name: string | null; text: string } | null;
} | undefined> {
  const row = await db('assessments as a')
    .leftJoin('spec_items as i', function () {
      this.on('i.version_id', '=', 'a.class_version_id').andOn('i.id', '=', db.raw('?', [itemId]));
    })
    .where('a.id', assessmentId)
    .first('a.employee_id', 'a.status', 'a.class_version_id', 'i.id as item_id', 'i.name', 'i.text',
      db.raw('(SELECT COUNT(*) FROM spec_items t WHERE t.version_id = a.class_version_id) AS total'));
  if (!row) return undefined;
  return {
    employeeId: Number(row.employee_id),
    status: row.status as AssessmentStatus,
    classVersionId: Number(row.class_version_id),
    total: Number(row.total),
    item: row.item_id == null ? null : { id: Number(row.item_id), name: (row.name as string | null) ?? null, text: String(row.text) },
  };
}
