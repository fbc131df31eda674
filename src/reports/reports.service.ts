import { closedAssessmentsOfClass, type Assessment } from '../assessments/assessment-read.service';
import type { SpecItem } from '../class-specs/catalogue.service';
import { computeGap, type GapReport } from '../competency/gap';
import type { Queryable } from '../db/types';
import type { HistoryPoint } from './gap-chart';
import {
  activePrograms,
  loadRatedItems,
  loadRatedItemsMany,
  planActions,
  programsForKeys,
  type PlanAction,
  type Program,
  type RatedItem,
} from './reports.repository';
import { dayOf } from '../core/dates';

export type { RatedItem } from './reports.repository';

export interface HistoryRow {
  id: number;
  date: string;
  status: string;
  readiness: number;
  coverage: number;
  current: boolean;
}

export interface ReportData {
  assessment: Assessment;
  items: RatedItem[];
  byItem: Map<number, RatedItem>;
  gap: GapReport;
  recommended: Map<number, Program[]>; // by item id
  plan: PlanAction[];
  programs: Program[];
  history: HistoryRow[];
}

/** Every item of the assessment's class version with its ratings (unrated items included), in form order. */
export function ratedItemsOf(db: Queryable, a: Pick<Assessment, 'id' | 'classVersionId'>): Promise<RatedItem[]> {
  return loadRatedItems(db, a.id, a.classVersionId);
}

/**
 * ratedItemsOf for many assessments in a few queries (the team view). `texts: false` leaves out
 * evidence and comments; `knownItems` are one version's items the caller already has.
 */
export function ratedItemsOfMany(
  db: Queryable,
  list: { assessmentId: number; versionId: number }[],
  opts: { texts?: boolean; knownItems?: SpecItem[] } = {},
): Promise<Map<number, RatedItem[]>> {
  return loadRatedItemsMany(db, list, opts);
}

/** The gap figures of one assessment: supervisor levels count once it is reviewed. */
export async function gapOf(db: Queryable, a: Assessment): Promise<{ items: RatedItem[]; gap: GapReport }> {
  const items = await ratedItemsOf(db, a);
  return { items, gap: computeGap(items, { reviewed: a.status === 'reviewed' }) };
}

/** The day of a stored timestamp, as every report shows it. */
export const dateOf = dayOf;

/** Everything the report page, CSV and PDF show; all figures come from one computeGap result. */
export async function buildReport(db: Queryable, a: Assessment): Promise<ReportData> {
  const { items, gap } = await gapOf(db, a);
  const byItem = new Map(items.map((i) => [i.itemId, i]));
  // The rest depends only on the gap: read together (the read pool runs them in parallel).
  const [byKey, plan, programs, history] = await Promise.all([
    programsForKeys(db, [...new Set(gap.priorities.map((p) => byItem.get(p.itemId)!.keyId))]),
    planActions(db, a.id),
    activePrograms(db),
    historyOf(db, a, gap),
  ]);
  const recommended = new Map<number, Program[]>();
  for (const p of gap.priorities) recommended.set(p.itemId, byKey.get(byItem.get(p.itemId)!.keyId) ?? []);
  return { assessment: a, items, byItem, gap, recommended, plan, programs, history };
}

/** Earlier submitted/reviewed assessments of the same class by the same person, up to this one. */
export async function historyOf(db: Queryable, a: Assessment, currentGap?: GapReport): Promise<HistoryRow[]> {
  const all = await closedAssessmentsOfClass(db, a.employeeId, a.classSpecId);
  const upTo = all.slice(0, all.findIndex((x) => x.id === a.id) + 1 || all.length);
  // The earlier assessments' ratings in two queries; this one's gap is already known to buildReport.
  const others = upTo.filter((h) => !(currentGap && h.id === a.id));
  const rated =
    others.length > 1
      ? await loadRatedItemsMany(
          db,
          others.map((h) => ({ assessmentId: h.id, versionId: h.classVersionId })),
        )
      : null;
  const rows: HistoryRow[] = [];
  for (const h of upTo) {
    const gap =
      currentGap && h.id === a.id
        ? currentGap
        : rated
          ? computeGap(rated.get(h.id) ?? [], { reviewed: h.status === 'reviewed' })
          : (await gapOf(db, h)).gap;
    rows.push({
      id: h.id,
      date: dateOf(h.reviewedAt ?? h.submittedAt),
      status: h.status,
      readiness: gap.readiness,
      coverage: gap.coverage,
      current: h.id === a.id,
    });
  }
  return rows;
}

export function historyPoints(rows: HistoryRow[]): HistoryPoint[] {
  return rows.map((r) => ({ label: `Assessment ${r.id}${r.current ? ' (this one)' : ''}`, date: r.date, readiness: r.readiness }));
}

export const CALIBRATION_LABELS = {
  'blind-spot': 'Blind spot (self above supervisor)',
  'hidden-strength': 'Hidden strength (self below supervisor)',
} as const;
export const PLAN_STATUS_LABELS = { planned: 'Planned', in_progress: 'In progress', done: 'Done' } as const;

export function itemTitle(i: { name: string | null; text: string }): string {
  return i.name ? `${i.name}: ${i.text}` : i.text;
}

/** One row per item with every figure, in catalogue order; summary rows follow a blank line. */
export function reportCsvRows(d: ReportData): unknown[][] {
  const rank = new Map(d.gap.priorities.map((p, index) => [p.itemId, index + 1]));
  const plan = (itemId: number) =>
    d.plan
      .filter((p) => p.itemId === itemId)
      .map((p) => p.description)
      .join('; ');
  const rows: unknown[][] = [
    [
      'Category',
      'Name',
      'Text',
      'Required level',
      'Required at entry',
      'Self level',
      'Supervisor level',
      'Level',
      'Gap',
      'Weight',
      'Priority',
      'Priority rank',
      'Calibration',
      'Evidence',
      'Supervisor comment',
      'Plan actions',
    ],
  ];
  for (const i of d.gap.items) {
    const extra = d.byItem.get(i.itemId);
    rows.push([
      i.category,
      i.name ?? '',
      i.text,
      i.requiredLevel,
      i.requiredAtEntry ? 'yes' : 'no',
      i.selfLevel,
      i.supervisorLevel,
      i.level,
      i.gap,
      i.weight,
      i.priority,
      rank.get(i.itemId) ?? null,
      i.calibration ?? '',
      extra?.evidence ?? '',
      extra?.supervisorComment ?? '',
      plan(i.itemId),
    ]);
  }
  rows.push([]);
  rows.push(['Readiness (%)', d.gap.readiness]);
  rows.push(['Coverage (%)', d.gap.coverage]);
  rows.push(['Items meeting the required level', d.gap.metItems]);
  rows.push(['Items', d.gap.totalItems]);
  rows.push(['Status', d.assessment.status]);
  return rows;
}

export function reportFileName(d: ReportData, ext: string): string {
  const slug = `${d.assessment.employeeName}-${d.assessment.classTitle}`
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
  return `gap-report-${d.assessment.id}-${slug || 'assessment'}.${ext}`;
}
