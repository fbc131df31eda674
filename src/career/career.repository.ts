import type { Knex } from 'knex';
import { toItem, type SpecItem } from '../class-specs/catalogue.repository';
import { nowIso, toIso } from '../db/time';
import type { RatingRecord } from './projection';

type Q = Knex | Knex.Transaction;

export interface CatalogueClass { classSpecId: number; versionId: number; title: string; code: string | null }

function insertedId(row: unknown): number {
  return Number(typeof row === 'object' && row !== null ? (row as { id: number }).id : row);
}

/** Every class of the catalogue with its current version, by title. */
export async function listCatalogueClasses(db: Q): Promise<CatalogueClass[]> {
  const rows = await db('class_specs').whereNotNull('current_version_id').orderBy('title').select('id', 'current_version_id', 'title', 'code');
  return rows.map((r: Record<string, unknown>) => ({
    classSpecId: Number(r.id), versionId: Number(r.current_version_id), title: String(r.title), code: (r.code as string | null) ?? null,
  }));
}

export async function findCatalogueClass(db: Q, classSpecId: number): Promise<CatalogueClass | undefined> {
  const r = await db('class_specs').where({ id: classSpecId }).whereNotNull('current_version_id').first('id', 'current_version_id', 'title', 'code');
  return r ? { classSpecId: Number(r.id), versionId: Number(r.current_version_id), title: String(r.title), code: r.code ?? null } : undefined;
}

/** Items of several versions in one query, grouped by version, in form order. */
export async function itemsByVersion(db: Q, versionIds: number[]): Promise<Map<number, SpecItem[]>> {
  const out = new Map<number, SpecItem[]>(versionIds.map((id) => [id, []]));
  if (versionIds.length === 0) return out;
  const rows = await db('spec_items as i')
    .join('competency_keys as k', 'k.id', 'i.competency_key_id')
    .whereIn('i.version_id', versionIds)
    .orderBy('i.version_id')
    .orderBy('i.position')
    .select('i.*', 'k.key as key_slug');
  for (const r of rows) {
    const item = toItem(r);
    out.get(item.versionId)?.push(item);
  }
  return out;
}

/** Every rating of the person's submitted and reviewed assessments (drafts do not count). */
export async function ratingRecords(db: Q, employeeId: number): Promise<RatingRecord[]> {
  const rows = await db('ratings as r')
    .join('assessments as a', 'a.id', 'r.assessment_id')
    .join('spec_items as i', 'i.id', 'r.item_id')
    .join('class_specs as c', 'c.id', 'a.class_spec_id')
    .where('a.employee_id', employeeId)
    .whereIn('a.status', ['submitted', 'reviewed'])
    .select('i.competency_key_id', 'a.id as assessment_id', 'a.class_spec_id', 'c.title', 'a.status', 'a.reviewed_at', 'a.submitted_at', 'a.updated_at', 'r.self_level', 'r.supervisor_level');
  return rows.map((r: Record<string, unknown>) => {
    const reviewed = r.status === 'reviewed';
    return {
      keyId: Number(r.competency_key_id),
      assessmentId: Number(r.assessment_id),
      classSpecId: Number(r.class_spec_id),
      classTitle: String(r.title),
      reviewed,
      selfLevel: r.self_level == null ? null : Number(r.self_level),
      supervisorLevel: r.supervisor_level == null ? null : Number(r.supervisor_level),
      assessedAt: toIso((reviewed ? r.reviewed_at : r.submitted_at) ?? r.updated_at) ?? new Date(0).toISOString(),
    };
  });
}

export async function findOpenAssessment(db: Q, employeeId: number, classSpecId: number): Promise<number | undefined> {
  const r = await db('assessments').where({ employee_id: employeeId, class_spec_id: classSpecId }).whereIn('status', ['draft', 'submitted']).first('id');
  return r ? Number(r.id) : undefined;
}

export async function latestClosedAssessment(db: Q, employeeId: number, classSpecId: number): Promise<number | null> {
  const r = await db('assessments')
    .where({ employee_id: employeeId, class_spec_id: classSpecId })
    .whereIn('status', ['submitted', 'reviewed'])
    .orderByRaw('COALESCE(reviewed_at, submitted_at) DESC')
    .orderBy('id', 'desc')
    .first('id');
  return r ? Number(r.id) : null;
}

/** A new draft with the given self levels already filled in. */
export async function insertPrefilledDraft(
  db: Q,
  a: { employeeId: number; classSpecId: number; versionId: number; previousId: number | null; levels: { itemId: number; level: number }[] },
): Promise<number> {
  const now = nowIso();
  const [row] = await db('assessments')
    .insert({
      employee_id: a.employeeId, class_spec_id: a.classSpecId, class_version_id: a.versionId, status: 'draft',
      started_at: now, updated_at: now, previous_assessment_id: a.previousId,
    })
    .returning('id');
  const id = insertedId(row);
  const ratings = a.levels.map((l) => ({ assessment_id: id, item_id: l.itemId, self_level: l.level, updated_at: now }));
  for (let i = 0; i < ratings.length; i += 100) await db('ratings').insert(ratings.slice(i, i + 100));
  return id;
}

export async function findPerson(db: Q, userId: number): Promise<{ id: number; displayName: string } | undefined> {
  const r = await db('users').where({ id: userId }).first('id', 'display_name');
  return r ? { id: Number(r.id), displayName: String(r.display_name) } : undefined;
}
