import { closedOfClassFor, type ClosedSummary } from '../assessments/assessment-read.service';
import { getCurrentVersion, getItems, listClassTitles, type ClassVersion, type SpecItem } from '../class-specs/catalogue.service';
import { computeGap, type GapItemResult } from '../competency/gap';
import type { Queryable } from '../db/types';
import { ratedItemsOfMany } from '../reports/reports.service';
import { subtreePeopleOf, type SubtreeMember } from '../users/people.service';
import { CATEGORY_ORDER } from '../competency/category';

export interface HeatCell {
  text: string;
  cls: string;
}
export interface TeamRow {
  employeeId: number;
  name: string;
  assessmentId: number;
  status: string;
  date: string;
  readiness: number;
  cells: HeatCell[];
}
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
  db: Queryable,
  supervisorId: number,
  classSpecId: number | null,
  subtreeKnown?: SubtreeMember[],
  /** Only the assessments this cycle started (each person's latest otherwise). */
  cycleId: number | null = null,
): Promise<TeamView> {
  // Independent reads go out together (the read pool runs them in parallel).
  const [classes, selected] = await Promise.all([
    listClassTitles(db),
    classSpecId ? getCurrentVersion(db, classSpecId) : Promise.resolve(undefined),
  ]);
  if (!selected || classSpecId === null || !classes.some((c) => c.id === classSpecId))
    return { classes, selected: null, columns: [], rows: [], notAssessed: [] };

  const rank = (i: SpecItem) => CATEGORY_ORDER.indexOf(i.category);
  const subtree = subtreeKnown ?? (await subtreePeopleOf(db, supervisorId));
  const ids = subtree.map((s) => s.id);
  // Active people below the supervisor, by name (the subtree read carries names and status).
  const people = subtree.filter((p) => p.active);
  const [items, assessments] = await Promise.all([getItems(db, selected.id), closedOfClassFor(db, ids, classSpecId, cycleId)]);
  const columns = items.sort((x, y) => rank(x) - rank(y) || x.position - y.position);
  const latest = new Map<number, ClosedSummary>();
  for (const a of assessments) if (!latest.has(a.employeeId)) latest.set(a.employeeId, a);

  // Everyone's ratings in two queries, not one query per person.
  const shown = new Set(people.map((p) => p.id));
  const ratedByAssessment = await ratedItemsOfMany(
    db,
    [...latest.values()].filter((a) => shown.has(a.employeeId)).map((a) => ({ assessmentId: a.id, versionId: a.classVersionId })),
    { texts: false, knownItems: columns },
  );
  const rows: TeamRow[] = [];
  const notAssessed: string[] = [];
  for (const p of people) {
    const a = latest.get(p.id);
    if (!a) {
      notAssessed.push(p.displayName);
      continue;
    }
    const items = ratedByAssessment.get(a.id) ?? [];
    const gap = computeGap(items, { reviewed: a.status === 'reviewed' });
    const byKey = new Map(gap.items.map((i) => [i.key, i]));
    rows.push({
      employeeId: p.id,
      name: p.displayName,
      assessmentId: a.id,
      status: a.status,
      date: (a.reviewedAt ?? a.submittedAt ?? '').slice(0, 10),
      readiness: gap.readiness,
      cells: columns.map((c) => heatCell(byKey.get(c.key))),
    });
  }
  return { classes, selected, columns, rows, notAssessed };
}
