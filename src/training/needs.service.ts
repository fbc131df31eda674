import type { Db } from '../db/types';
import { ValidationError, type FieldErrors } from '../errors';
import { subtreeOf } from '../users/people.service';
import { hasRole } from '../auth/require-role';
import {
  FEWER_THAN_5,
  NO_OVERLAP,
  SUPPRESSED,
  differencingVerdict,
  offeredDepartments,
  protectNeeds,
  type DifferencingHidden,
  type NeedsCells,
} from './suppression';
import { cycleIdOfPeriod, cyclePeriod, isQuarter, quarterRange, quartersBetween } from './periods';
import { listCycles } from '../cycles/cycles.service';
import { MESSAGES, NEEDS_COLUMNS, type NeedsSortKey } from './training.text';
import * as repo from './needs.repository';
import { aggregateNeeds, assessedRange, needsOverlap, needsPeopleByDepartment, type NeedsFilter } from '../results/results.service';
import { type SessionUser } from '../auth/session-user';

/** The filter and sort as typed (kept on the page and in download links). */
export interface NeedsParams {
  classSpecId: string;
  department: string;
  /** '' (every period: each person's latest assessment) or a quarter such as "2026-Q4" */
  period: string;
  /** Free dates are no longer accepted; kept only to say so. */
  from: string;
  to: string;
  sort: NeedsSortKey;
  dir: 'asc' | 'desc';
}

export interface NeedsRow {
  keyId: number;
  label: string;
  category: string;
  cells: NeedsCells;
  /** figures withheld because this answer differs from a wider one by 1–4 people (see suppression.ts) */
  differencing: DifferencingHidden;
  programs: { id: number; title: string }[];
}

/** What the filter may offer to this person for this class and period. */
export interface NeedsOptions {
  /** Quarters, then cycles ("cycle-12"). */
  periods: string[];
  /** What the period select shows for each cycle period (quarters use quarterLabel). */
  periodLabels: Record<string, string>;
  departments: string[];
}

export function readNeedsParams(query: Record<string, unknown>): NeedsParams {
  const s = (v: unknown) => (Array.isArray(v) ? String(v[0] ?? '') : typeof v === 'string' ? v : '').trim();
  const sort = s(query.sort);
  const dir = s(query.dir);
  const period = s(query.period);
  return {
    classSpecId: s(query.class),
    department: s(query.department),
    period: period === 'all' ? '' : period,
    from: s(query.from),
    to: s(query.to),
    sort: (NEEDS_COLUMNS.some((c) => c.id === sort) ? sort : 'withGap') as NeedsSortKey,
    dir: dir === 'asc' || dir === 'desc' ? dir : sort && sort !== 'withGap' ? 'asc' : 'desc',
  };
}

function classIdOf(p: NeedsParams): number | null {
  return /^\d{1,12}$/.test(p.classSpecId) ? Number(p.classSpecId) : null;
}

/** The filter as the results reader takes it; `department` and `period` only once validated. */
function filterOf(
  p: NeedsParams,
  scope: number[] | null,
  use: { department: boolean; period: boolean; cls: boolean } = { department: true, period: true, cls: true },
): NeedsFilter {
  const cycleId = use.period && p.period ? cycleIdOfPeriod(p.period) : null;
  const range = use.period && p.period && cycleId === null ? quarterRange(p.period) : null;
  return {
    cycleId,
    classSpecId: use.cls ? classIdOf(p) : null,
    department: use.department && p.department ? p.department : null,
    from: range ? range.from : null,
    toExclusive: range ? range.toExclusive : null,
    employeeIds: scope,
  };
}

/**
 * The periods and departments the filter offers: the last quarters with assessments, and the
 * departments that the differencing rule lets stand on their own (for the chosen class and period).
 */
export async function needsOptions(db: Db, p: NeedsParams, scope: number[] | null): Promise<NeedsOptions> {
  const range = await assessedRange(db, scope);
  const cycles = (await listCycles(db)).filter((c) => c.status !== 'opening');
  const periods = [...quartersBetween(range.first, range.last), ...cycles.map((c) => cyclePeriod(c.id))];
  const periodLabels = Object.fromEntries(cycles.map((c) => [cyclePeriod(c.id), `Cycle: ${c.name}`]));
  const usablePeriod = p.period === '' || periods.includes(p.period);
  const f = filterOf(p, scope, { department: false, period: usablePeriod, cls: true });
  return { periods, periodLabels, departments: offeredDepartments(await needsPeopleByDepartment(db, f)) };
}

/** Field messages for a filter the page cannot answer: free dates, a period or department not offered. */
export function validateNeedsParams(p: NeedsParams, options: NeedsOptions): FieldErrors {
  const errors: FieldErrors = {};
  if (p.from || p.to) errors.period = MESSAGES.freeDates;
  else if (p.period && !options.periods.includes(p.period))
    errors.period = isQuarter(p.period) ? MESSAGES.periodNotOffered : MESSAGES.periodInvalid;
  if (p.department && !options.departments.includes(p.department)) errors.department = MESSAGES.departmentNotOffered;
  return errors;
}

/** For the downloads, which have no page to show messages on: a refused filter throws ValidationError (the generic 422 page). */
export function assertValidNeedsParams(p: NeedsParams, options: NeedsOptions): void {
  const errors = validateNeedsParams(p, options);
  if (Object.keys(errors).length) throw new ValidationError(errors, Object.values(errors).join(' '));
}

/** Whose results the person may aggregate: null = everyone (training staff, admins), else their subtree. */
export async function scopeFor(db: Db, user: SessionUser): Promise<number[] | null> {
  if (hasRole(user, 'training', 'admin')) return null;
  return (await subtreeOf(db, user.id)).map((r) => r.id);
}

/**
 * The wider answers a filtered answer is compared with: the same question with each non-empty
 * set of its filters (class, department, period) taken away. The scope is not a filter: it is
 * who is asking, and stays.
 */
function widerFilters(p: NeedsParams, scope: number[] | null): NeedsFilter[] {
  const active = { cls: classIdOf(p) !== null, department: Boolean(p.department), period: Boolean(p.period) };
  const out: NeedsFilter[] = [];
  for (let mask = 0; mask < 8; mask++) {
    const use = { cls: active.cls && !(mask & 1), department: active.department && !(mask & 2), period: active.period && !(mask & 4) };
    const dropsSomething = (active.cls && !use.cls) || (active.department && !use.department) || (active.period && !use.period);
    const duplicate = (mask & 1 && !active.cls) || (mask & 2 && !active.department) || (mask & 4 && !active.period);
    if (dropsSomething && !duplicate) out.push(filterOf(p, scope, use));
  }
  return out;
}

/**
 * The rows exactly as the page, the CSV and the XLSX show them: each row compared with every
 * wider answer (differencing), suppressed, then sorted. Call only with validated params.
 */
export async function loadNeeds(db: Db, params: NeedsParams, scope: number[] | null): Promise<NeedsRow[]> {
  const filter = filterOf(params, scope);
  const wider = widerFilters(params, scope);
  const [aggregates, programs, widerAnswers] = await Promise.all([
    aggregateNeeds(db, filter),
    repo.activeProgramsByKey(db),
    Promise.all(
      wider.map(async (w) => {
        const [rows, overlap] = await Promise.all([aggregateNeeds(db, w), needsOverlap(db, filter, w)]);
        return { rows: new Map(rows.map((r) => [r.keyId, r])), overlap: new Map(overlap.map((o) => [o.keyId, o])) };
      }),
    ),
  ]);
  const none = { assessed: 0, withGap: 0, entryGaps: 0 };
  const rows = aggregates.map((a) => {
    const verdict = differencingVerdict(
      a,
      widerAnswers.map((w) => ({ counts: w.rows.get(a.keyId) ?? none, overlap: w.overlap.get(a.keyId) ?? NO_OVERLAP })),
    );
    const { cells, hidden } = protectNeeds(a, verdict);
    return { keyId: a.keyId, label: a.label, category: a.category, cells, differencing: hidden, programs: programs.get(a.keyId) ?? [] };
  });
  return sortNeeds(rows, params.sort, params.dir);
}

/**
 * Sorts on the shown values only: a suppressed cell is unknown and goes last in either direction,
 * ordered among the other unknowns by competency name — never by the hidden number.
 */
export function sortNeeds(rows: NeedsRow[], sort: NeedsSortKey, dir: 'asc' | 'desc'): NeedsRow[] {
  const sign = dir === 'asc' ? 1 : -1;
  const byLabel = (a: NeedsRow, b: NeedsRow) => a.label.localeCompare(b.label) || a.keyId - b.keyId;
  return [...rows].sort((a, b) => {
    if (sort === 'competency') return sign * byLabel(a, b);
    if (sort === 'programs') {
      const d = a.programs.length - b.programs.length;
      return sign * d || byLabel(a, b);
    }
    const va = a.cells[sort];
    const vb = b.cells[sort];
    if (va === null && vb === null) return byLabel(a, b);
    if (va === null) return 1;
    if (vb === null) return -1;
    return sign * (va - vb) || byLabel(a, b);
  });
}

export const EXPORT_HEADER = [
  'Competency',
  'Category',
  'People assessed',
  'People with a gap',
  'Share with a gap (%)',
  'Mean gap',
  'Gaps on entry-required items',
  'Linked programs',
  'Note',
];

/**
 * One export row per page row: numbers stay numbers, suppressed cells say "fewer than 5", and a row
 * withheld by the differencing rule says "suppressed" with the reason in the last column.
 */
export function exportRows(rows: NeedsRow[]): (string | number)[][] {
  return rows.map((r) => {
    const d = r.differencing;
    const v = (n: number | null, byDifferencing: boolean) => (n === null ? (d.row || byDifferencing ? SUPPRESSED : FEWER_THAN_5) : n);
    return [
      r.label,
      r.category,
      v(r.cells.assessed, false),
      v(r.cells.withGap, d.gap),
      v(r.cells.share, d.gap),
      v(r.cells.meanGap, d.gap),
      v(r.cells.entryGaps, d.entry),
      r.programs.length ? r.programs.map((p) => p.title).join('; ') : MESSAGES.noProgram,
      differencingNote(d),
    ];
  });
}

/** The reason shown next to figures the differencing rule withheld ('' when none were). */
export function differencingNote(d: DifferencingHidden): string {
  return d.row ? MESSAGES.differencingRow : d.gap || d.entry ? MESSAGES.differencingCells : '';
}

/** The query string that reproduces the filters (and sort) for links and downloads. */
export function needsQueryString(p: NeedsParams, overrides: Partial<NeedsParams> = {}): string {
  const all = { ...p, ...overrides };
  const q = new URLSearchParams();
  if (all.classSpecId) q.set('class', all.classSpecId);
  if (all.department) q.set('department', all.department);
  if (all.period) q.set('period', all.period);
  q.set('sort', all.sort);
  q.set('dir', all.dir);
  return q.toString();
}
