import type { Knex } from 'knex';

type Q = Knex | Knex.Transaction;

export interface CompletedAction {
  programId: number;
  employeeId: number;
  completedAt: string;
  beforeId: number;
  afterId: number | null;
}

/**
 * Done plan actions linked to a program, each with the assessment it belongs to ("before") and the
 * first submitted/reviewed assessment of the same person and class after completion ("after").
 */
export async function completedActions(db: Q): Promise<CompletedAction[]> {
  const rows = await db('plan_actions as pa')
    .join('assessments as a0', 'a0.id', 'pa.assessment_id')
    .where('pa.status', 'done')
    .whereNotNull('pa.completed_at')
    .whereNotNull('pa.program_id')
    .whereIn('a0.status', ['submitted', 'reviewed'])
    .orderBy('pa.completed_at')
    .orderBy('pa.id')
    .select(
      'pa.program_id',
      'a0.employee_id',
      'pa.completed_at',
      'a0.id as before_id',
      db.raw(`(SELECT a1.id FROM assessments a1
        WHERE a1.employee_id = a0.employee_id AND a1.class_spec_id = a0.class_spec_id
          AND a1.status IN ('submitted', 'reviewed')
          AND COALESCE(a1.reviewed_at, a1.submitted_at) > pa.completed_at
        ORDER BY COALESCE(a1.reviewed_at, a1.submitted_at), a1.id
        LIMIT 1) as after_id`),
    );
  return rows.map((r: Record<string, unknown>) => ({
    programId: Number(r.program_id),
    employeeId: Number(r.employee_id),
    completedAt: String(r.completed_at),
    beforeId: Number(r.before_id),
    afterId: r.after_id == null ? null : Number(r.after_id),
  }));
}

export interface ResultRow {
  assessmentId: number;
  keyId: number;
  level: number;
  gap: number;
}

/** Per-item results (level, gap) of the given assessments, with merged keys resolved. */
export async function resultsOf(db: Q, assessmentIds: number[]): Promise<ResultRow[]> {
  const out: ResultRow[] = [];
  for (let i = 0; i < assessmentIds.length; i += 500) {
    const rows = await db('assessment_results as r')
      .join('competency_keys as k', 'k.id', 'r.competency_key_id')
      .whereIn('r.assessment_id', assessmentIds.slice(i, i + 500))
      .select<Record<string, number>[]>('r.assessment_id', db.raw('COALESCE(k.merged_into_id, k.id) as key_id'), 'r.level', 'r.gap');
    for (const r of rows)
      out.push({ assessmentId: Number(r.assessment_id), keyId: Number(r.key_id), level: Number(r.level), gap: Number(r.gap) });
  }
  return out;
}

export interface ProgramSummary {
  id: number;
  title: string;
  active: boolean;
  keyIds: number[];
}

/** Every program with its linked keys (merged keys resolved). */
export async function programsWithKeys(db: Q): Promise<ProgramSummary[]> {
  const programs = await db('training_programs').orderBy('title').orderBy('id').select('id', 'title', 'active');
  const links = await db('program_competencies as pc')
    .join('competency_keys as k', 'k.id', 'pc.competency_key_id')
    .select('pc.program_id', db.raw('COALESCE(k.merged_into_id, k.id) as key_id'));
  return programs.map((p: Record<string, unknown>) => ({
    id: Number(p.id),
    title: String(p.title),
    active: Boolean(p.active),
    keyIds: links
      .filter((l: Record<string, unknown>) => Number(l.program_id) === Number(p.id))
      .map((l: Record<string, unknown>) => Number(l.key_id)),
  }));
}
