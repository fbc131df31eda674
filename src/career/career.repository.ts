import type { Knex } from 'knex';
import { toIso } from '../db/time';
import type { RatingRecord } from './projection';

// What career readiness reads of its own: every rating a person has in submitted or reviewed
// assessments. Classes and items come from the catalogue (catalogue.service); starting a draft is
// the lifecycle service's (assessments/lifecycle.service.ts).

type Q = Knex | Knex.Transaction;

/** Every rating of the person's submitted and reviewed assessments (drafts do not count). */
export async function ratingRecords(db: Q, employeeId: number): Promise<RatingRecord[]> {
  const rows = await db('ratings as r')
    .join('assessments as a', 'a.id', 'r.assessment_id')
    .join('spec_items as i', 'i.id', 'r.item_id')
    .join('class_specs as c', 'c.id', 'a.class_spec_id')
    .where('a.employee_id', employeeId)
    .whereIn('a.status', ['submitted', 'reviewed'])
    .select(
      'i.competency_key_id',
      'a.id as assessment_id',
      'a.class_spec_id',
      'c.title',
      'a.status',
      'a.reviewed_at',
      'a.submitted_at',
      'a.updated_at',
      'r.self_level',
      'r.supervisor_level',
    );
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
