import type { Knex } from 'knex';
import { getCurrentVersion, getItems, type ClassVersion, type SpecItem } from '../class-specs/catalogue.repository';
import { toIso } from '../db/time';
import { computeGap, type GapItemResult } from '../competency/gap';
import { loadRatedItemsMany } from '../reports/reports.repository';
import { subtreePeopleOf, type SubtreeMember } from '../users/users.repository';
import { CATEGORY_ORDER } from '../competency/category';

export interface HeatCell { text: string; cls: string }
export interface TeamRow { employeeId: number; name: string; assessmentId: number; status: string; date: string; readiness: number; cells: HeatCell[] }
export interface TeamView {
  classes: { id: number; title: string }[];
  selected: ClassVersion | null;
  columns: SpecItem[];
  rows: TeamRow[];
  notAssessed: string[];
}

/** The text and colour class of one heat-map cell: the text alone carries the meaning. */
export function heatCell(r: GapItemResult | undefined): HeatCell {
  if (!r) return { text: 'Not in their version', cls: 'heat-none' };
  if (r.level === null || r.gap === null) return { text: 'Not rated', cls: 'heat-none' };
  if (r.gap === 0) return { text: `${r.level} (met)`, cls: 'heat-met' };
  return { text: `${r.level} (gap ${r.gap})`, cls: `heat-gap-${Math.min(r.gap, 3)}` };
}

/**
 * People below the supervisor × competencies of one class, from each person's latest submitted or
 * reviewed assessment of that class. Columns are the current version's items in category order;
 * people assessed on an older version are matched by competency key.
 */
export async function teamView(
  db: Knex, supervisorId: number, classSpecId: number | null,
  subtreeKnown?: SubtreeMember[],
): Promise<TeamView> {
  // Independent reads go out together (the read pool runs them in parallel).
  const [classRows, selected] = await Promise.all([
    db('class_specs').orderBy('title').select('id', 'title'),
    classSpecId ? getCurrentVersion(db, classSpecId) : Promise.resolve(undefined),
  ]);
  const classes = classRows.map((c: { id: number; title: string }) => ({ id: Number(c.id), title: String(c.title) }));
  if (!selected || !classes.some((c) => c.id === classSpecId)) return { classes, selected: null, columns: [], rows: [], notAssessed: [] };

  const rank = (i: SpecItem) => CATEGORY_ORDER.indexOf(i.category);
  const subtree = subtreeKnown ?? (await subtreePeopleOf(db, supervisorId));
  const ids = subtree.map((s) => s.id);
  // Active people below the supervisor, by name (the subtree read carries names and status).
  const people = subtree.filter((p) => p.active);
  const [items, assessments] = await Promise.all([
    getItems(db, selected.id),
    ids.length
      ? db('assessments')
        .whereIn('employee_id', ids)
        .where({ class_spec_id: classSpecId })
        .whereIn('status', ['submitted', 'reviewed'])
        .orderByRaw('COALESCE(reviewed_at, submitted_at) DESC')
        .orderBy('id', 'desc')
        .select('id', 'employee_id', 'class_version_id', 'status', 'submitted_at', 'reviewed_at')
      : Promise.resolve([]),
  ]);
  const columns = items.sort((x, y) => rank(x) - rank(y) || x.position - y.position);
  const latest = new Map<number, Record<string, unknown>>();
  for (const a of assessments) if (!latest.has(Number(a.employee_id))) latest.set(Number(a.employee_id), a);

  // Everyone's ratings in two queries, not one query per person.
  const shown = new Set(people.map((p) => p.id));
  const ratedByAssessment = await loadRatedItemsMany(db, [...latest.values()]
    .filter((a) => shown.has(Number(a.employee_id)))
    .map((a) => ({ assessmentId: Number(a.id), versionId: Number(a.class_version_id) })), { texts: false, knownItems: columns });
  const rows: TeamRow[] = [];
  const notAssessed: string[] = [];
  for (const p of people) {
    const a = latest.get(p.id);
    if (!a) {
      notAssessed.push(p.displayName);
      continue;
    }
    const items = ratedByAssessment.get(Number(a.id)) ?? [];
    const gap = computeGap(items, { reviewed: a.status === 'reviewed' });
    const byKey = new Map(gap.items.map((i) => [i.key, i]));
    rows.push({
      employeeId: p.id,
      name: p.displayName,
      assessmentId: Number(a.id),
      status: String(a.status),
      date: (toIso(a.reviewed_at ?? a.submitted_at) ?? '').slice(0, 10),
      readiness: gap.readiness,
      cells: columns.map((c) => heatCell(byKey.get(c.key))),
    });
  }
  return { classes, selected, columns, rows, notAssessed };
}
