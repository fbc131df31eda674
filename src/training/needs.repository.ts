import type { Knex } from 'knex';
import { readNeedTotals } from '../assessments/need-totals';

type Q = Knex | Knex.Transaction;

export interface NeedsQuery {
  classSpecId: number | null;
  department: string | null;
  /** inclusive lower bound on assessed_at (ISO) */
  from: string | null;
  /** exclusive upper bound on assessed_at (ISO) */
  toExclusive: string | null;
  /** null = whole organisation; otherwise only these employees (a supervisor's subtree) */
  employeeIds: number[] | null;
}

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
 * Training needs per competency key in ONE grouped query (SQLite and PostgreSQL): the inner query
 * reduces each person's latest results (latest within the period, when one is given) to one row per (key, person) — their largest gap on that key
 * and whether any entry-required item of it has a gap — and the outer query counts people per key.
 * Merged keys count under the key they were merged into.
 */
export async function aggregateNeeds(db: Q, q: NeedsQuery): Promise<NeedsAggregate[]> {
  // The whole organisation, unfiltered: the totals kept up to date on every results change
  // (training_need_totals) — the grouped query below takes seconds at 30,000 people.
  if (q.classSpecId === null && q.department === null && q.from === null && q.toExclusive === null && q.employeeIds === null) {
    return (await readNeedTotals(db)).map(({ keyId, key, label, category, assessed, withGap, meanGap, entryGaps }) => ({
      keyId, key, label, category, assessed, withGap, meanGap, entryGaps,
    }));
  }
  const perPerson = db('assessment_results as r')
    .join('users as u', 'u.id', 'r.employee_id')
    .join('competency_keys as k', 'k.id', 'r.competency_key_id')
    .select(
      db.raw('COALESCE(k.merged_into_id, k.id) as key_id'),
      'r.employee_id',
      db.raw('MAX(r.gap) as gap'),
      db.raw('MAX(CASE WHEN r.required_at_entry AND r.gap > 0 THEN 1 ELSE 0 END) as entry_gap'),
    )
    .groupByRaw('COALESCE(k.merged_into_id, k.id), r.employee_id');
  if (q.classSpecId !== null) perPerson.where('r.class_spec_id', q.classSpecId);
  if (q.department !== null) perPerson.where('u.department', q.department);
  if (q.from === null && q.toExclusive === null) perPerson.where('r.is_latest', true);
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
    if (q.employeeIds !== null && q.employeeIds.length) inPeriod.whereIn('employee_id', q.employeeIds);
    perPerson.join(inPeriod.as('lp'), function () {
      this.on('lp.employee_id', '=', 'r.employee_id').andOn('lp.class_spec_id', '=', 'r.class_spec_id').andOn('lp.at', '=', 'r.assessed_at');
    });
  }
  if (q.employeeIds !== null) {
    if (q.employeeIds.length === 0) return [];
    perPerson.whereIn('r.employee_id', q.employeeIds);
  }
  const rows = await db
    .from(perPerson.as('p'))
    .join('competency_keys as kk', 'kk.id', 'p.key_id')
    .groupBy('p.key_id', 'kk.key', 'kk.label', 'kk.category')
    .select(
      'p.key_id',
      'kk.key',
      'kk.label',
      'kk.category',
      db.raw('COUNT(*) as assessed'),
      db.raw('SUM(CASE WHEN p.gap > 0 THEN 1 ELSE 0 END) as with_gap'),
      db.raw('AVG(p.gap * 1.0) as mean_gap'),
      db.raw('SUM(p.entry_gap) as entry_gaps'),
    );
  return rows.map((r: Record<string, unknown>) => ({
    keyId: Number(r.key_id),
    key: String(r.key),
    label: String(r.label),
    category: String(r.category),
    assessed: Number(r.assessed),
    withGap: Number(r.with_gap),
    meanGap: Number(r.mean_gap),
    entryGaps: Number(r.entry_gaps),
  }));
}

/** Active programs linked to each key (merged keys resolved), in one query. */
export async function activeProgramsByKey(db: Q): Promise<Map<number, { id: number; title: string }[]>> {
  const rows = await db('program_competencies as pc')
    .join('training_programs as p', 'p.id', 'pc.program_id')
    .join('competency_keys as k', 'k.id', 'pc.competency_key_id')
    .where('p.active', true)
    .orderBy('p.title')
    .select(db.raw('COALESCE(k.merged_into_id, k.id) as key_id'), 'p.id', 'p.title');
  const map = new Map<number, { id: number; title: string }[]>();
  for (const r of rows) {
    const list = map.get(Number(r.key_id)) ?? [];
    if (!list.some((p) => p.id === Number(r.id))) list.push({ id: Number(r.id), title: String(r.title) });
    map.set(Number(r.key_id), list);
  }
  return map;
}

export async function classOptions(db: Q): Promise<{ id: number; title: string }[]> {
  const rows = await db('class_specs').orderBy('title').select('id', 'title');
  return rows.map((r: Record<string, unknown>) => ({ id: Number(r.id), title: String(r.title) }));
}

export async function departmentOptions(db: Q, employeeIds: number[] | null): Promise<string[]> {
  const query = db('users').whereNotNull('department').distinct('department').orderBy('department');
  if (employeeIds !== null) query.whereIn('id', employeeIds.length ? employeeIds : [-1]);
  return (await query).map((r: { department: string }) => r.department);
}
