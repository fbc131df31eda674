import type { Knex } from 'knex';
import { computeGap } from '../competency/gap';
import { loadRatedItemsMany } from '../reports/reports.repository';
import { withNeedTotals } from './need-totals';

type Q = Knex | Knex.Transaction;

/**
 * Keeps `assessment_results` (per-item levels of submitted/reviewed assessments) in step with an
 * assessment. Call it inside the transaction that submits, returns or finalises the assessment.
 * Drafts have no rows; `is_latest` marks each person's newest submitted/reviewed assessment per class.
 * The level rule is the gap function's: supervisor level once reviewed (else self).
 */
export async function refreshAssessmentResults(db: Q, assessmentId: number): Promise<void> {
  const a = await db('assessments').where({ id: assessmentId }).first();
  if (!a) return;
  // The organisation-wide training-need totals move by whatever this changes for the person.
  await withNeedTotals(db, Number(a.employee_id), () => rewriteResults(db, a, assessmentId));
}

async function rewriteResults(db: Q, a: Record<string, any>, assessmentId: number): Promise<void> {
  await db('assessment_results').where({ assessment_id: assessmentId }).del();
  if (a.status === 'submitted' || a.status === 'reviewed') {
    const reviewed = a.status === 'reviewed';
    const rows = await db('spec_items as i')
      .leftJoin('ratings as r', function () {
        this.on('r.item_id', '=', 'i.id').andOn('r.assessment_id', '=', db.raw('?', [assessmentId]));
      })
      .where('i.version_id', a.class_version_id)
      .select('i.id', 'i.competency_key_id', 'i.required_level', 'i.required_at_entry', 'r.self_level', 'r.supervisor_level');
    const assessedAt = (reviewed ? a.reviewed_at : a.submitted_at) ?? a.updated_at;
    const data = rows
      .map((r: Record<string, unknown>) => {
        const self = r.self_level == null ? null : Number(r.self_level);
        const sup = r.supervisor_level == null ? null : Number(r.supervisor_level);
        const level = reviewed && sup != null ? sup : self;
        if (level == null) return null;
        const required = Number(r.required_level);
        return {
          assessment_id: assessmentId,
          item_id: Number(r.id),
          employee_id: a.employee_id,
          class_spec_id: a.class_spec_id,
          competency_key_id: Number(r.competency_key_id),
          level,
          required_level: required,
          gap: Math.max(0, required - level),
          required_at_entry: Boolean(r.required_at_entry),
          is_latest: false,
          assessed_at: assessedAt,
        };
      })
      .filter((r): r is NonNullable<typeof r> => r !== null);
    for (let i = 0; i < data.length; i += 100) await db('assessment_results').insert(data.slice(i, i + 100));
  }
  await refreshLatestFlag(db, Number(a.employee_id), Number(a.class_spec_id));
}

/** Marks the newest submitted/reviewed assessment of this person and class as the latest. */
export async function refreshLatestFlag(db: Q, employeeId: number, classSpecId: number): Promise<void> {
  const latest = await db('assessments')
    .where({ employee_id: employeeId, class_spec_id: classSpecId })
    .whereIn('status', ['submitted', 'reviewed'])
    .orderByRaw('COALESCE(reviewed_at, submitted_at) DESC')
    .orderBy('id', 'desc')
    .first('id');
  await db('assessment_results').where({ employee_id: employeeId, class_spec_id: classSpecId }).update({ is_latest: false });
  if (latest) await db('assessment_results').where({ assessment_id: latest.id }).update({ is_latest: true });
}

/**
 * Recomputes the readiness and coverage stored on every submitted or reviewed assessment of a
 * version, after one of its required levels changed (computeGap, as at submit and finalise).
 */
export async function refreshVersionFigures(db: Q, versionId: number): Promise<void> {
  const list = await db('assessments').where({ class_version_id: versionId }).whereIn('status', ['submitted', 'reviewed']).orderBy('id').select('id', 'status');
  for (let i = 0; i < list.length; i += 500) {
    const chunk = list.slice(i, i + 500);
    const rated = await loadRatedItemsMany(db, chunk.map((a: { id: number }) => ({ assessmentId: Number(a.id), versionId })), { texts: false });
    // One UPDATE per chunk (CASE per id), not one per assessment: a version can have 25,000.
    const figures = chunk.map((a: { id: number; status: string }) => {
      const gap = computeGap(rated.get(Number(a.id)) ?? [], { reviewed: a.status === 'reviewed' });
      return { id: Number(a.id), readiness: gap.readiness, coverage: gap.coverage };
    });
    const column = (name: 'readiness' | 'coverage') =>
      db.raw(`CASE id ${figures.map(() => 'WHEN ? THEN CAST(? AS DOUBLE PRECISION)').join(' ')} END`, figures.flatMap((f) => [f.id, f[name]]));
    await db('assessments').whereIn('id', figures.map((f) => f.id)).update({ readiness: column('readiness'), coverage: column('coverage') });
  }
}
