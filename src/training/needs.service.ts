import type { Knex } from 'knex';
import { ValidationError, type FieldErrors } from '../errors';
import { subtreeOf } from '../users/users.repository';
import { hasRole } from '../auth/require-role';
import { FEWER_THAN_5, suppressNeeds, type NeedsCells } from './suppression';
import { MESSAGES, NEEDS_COLUMNS, type NeedsSortKey } from './training.text';
import * as repo from './needs.repository';
import { aggregateNeeds } from '../results/results.service';
import { type SessionUser } from '../auth/session-user';

/** The filter and sort as typed (kept on the page and in download links). */
export interface NeedsParams {
  classSpecId: string;
  department: string;
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
  programs: { id: number; title: string }[];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function readNeedsParams(query: Record<string, unknown>): NeedsParams {
  const s = (v: unknown) => (Array.isArray(v) ? String(v[0] ?? '') : typeof v === 'string' ? v : '').trim();
  const sort = s(query.sort);
  const dir = s(query.dir);
  return {
    classSpecId: s(query.class),
    department: s(query.department),
    from: s(query.from),
    to: s(query.to),
    sort: (NEEDS_COLUMNS.some((c) => c.id === sort) ? sort : 'withGap') as NeedsSortKey,
    dir: dir === 'asc' || dir === 'desc' ? dir : sort && sort !== 'withGap' ? 'asc' : 'desc',
  };
}

function validDate(s: string): boolean {
  if (!DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00.000Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

export function validateNeedsParams(p: NeedsParams): FieldErrors {
  const errors: FieldErrors = {};
  if (p.from && !validDate(p.from)) errors.from = MESSAGES.dateInvalid;
  if (p.to && !validDate(p.to)) errors.to = MESSAGES.dateInvalid;
  if (!errors.from && !errors.to && p.from && p.to && p.to < p.from) errors.to = MESSAGES.periodOrder;
  return errors;
}

/** For the downloads, which have no page to show messages on: bad dates throw ValidationError (the generic 422 page). */
export function assertValidNeedsParams(p: NeedsParams): void {
  const errors = validateNeedsParams(p);
  if (Object.keys(errors).length) throw new ValidationError(errors, Object.values(errors).join(' '));
}

/** Whose results the person may aggregate: null = everyone (training staff, admins), else their subtree. */
export async function scopeFor(db: Knex, user: SessionUser): Promise<number[] | null> {
  if (hasRole(user, 'training', 'admin')) return null;
  return (await subtreeOf(db, user.id)).map((r) => r.id);
}

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString();
}

/** The rows exactly as the page, the CSV and the XLSX show them: suppressed, then sorted. */
export async function loadNeeds(db: Knex, params: NeedsParams, scope: number[] | null): Promise<NeedsRow[]> {
  const classId = /^\d{1,12}$/.test(params.classSpecId) ? Number(params.classSpecId) : null;
  const [aggregates, programs] = await Promise.all([
    aggregateNeeds(db, {
      classSpecId: classId,
      department: params.department || null,
      from: params.from ? `${params.from}T00:00:00.000Z` : null,
      toExclusive: params.to ? nextDay(params.to) : null,
      employeeIds: scope,
    }),
    repo.activeProgramsByKey(db),
  ]);
  const rows = aggregates.map((a) => ({
    keyId: a.keyId,
    label: a.label,
    category: a.category,
    cells: suppressNeeds(a),
    programs: programs.get(a.keyId) ?? [],
  }));
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

export const EXPORT_HEADER = ['Competency', 'Category', 'People assessed', 'People with a gap', 'Share with a gap (%)', 'Mean gap', 'Gaps on entry-required items', 'Linked programs'];

/** One export row per page row: numbers stay numbers, suppressed cells say "fewer than 5". */
export function exportRows(rows: NeedsRow[]): (string | number)[][] {
  const v = (n: number | null) => (n === null ? FEWER_THAN_5 : n);
  return rows.map((r) => [
    r.label,
    r.category,
    v(r.cells.assessed),
    v(r.cells.withGap),
    v(r.cells.share),
    v(r.cells.meanGap),
    v(r.cells.entryGaps),
    r.programs.length ? r.programs.map((p) => p.title).join('; ') : MESSAGES.noProgram,
  ]);
}

/** The query string that reproduces the filters (and sort) for links and downloads. */
export function needsQueryString(p: NeedsParams, overrides: Partial<NeedsParams> = {}): string {
  const all = { ...p, ...overrides };
  const q = new URLSearchParams();
  if (all.classSpecId) q.set('class', all.classSpecId);
  if (all.department) q.set('department', all.department);
  if (all.from) q.set('from', all.from);
  if (all.to) q.set('to', all.to);
  q.set('sort', all.sort);
  q.set('dir', all.dir);
  return q.toString();
}
