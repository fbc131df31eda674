// Pure: what one assessment's stored figures should be, from its items and ratings. The level and
// gap of every row and the readiness and coverage come from computeGap, the one gap computation,
// so the stored figures equal what the reports compute.

import { computeGap, type GapItemInput } from '../competency/gap';

/** An item as measured: the gap input plus the competency key it counts under (merges resolved). */
export type MeasureItem = Omit<GapItemInput, 'selfLevel' | 'supervisorLevel'> & { keyId: number };

export interface MeasureAssessment {
  id: number;
  employeeId: number;
  classSpecId: number;
  status: string;
  /** When it was assessed: reviewed, else submitted, else last updated (ISO). */
  assessedAt: string;
}

export interface ResultRow {
  assessmentId: number;
  itemId: number;
  employeeId: number;
  classSpecId: number;
  keyId: number;
  level: number;
  requiredLevel: number;
  gap: number;
  requiredAtEntry: boolean;
  isLatest: boolean;
  assessedAt: string;
}

export interface Figures {
  readiness: number;
  coverage: number;
}

/** Only submitted and reviewed assessments have stored figures; a draft has none. */
export function isMeasured(status: string): boolean {
  return status === 'submitted' || status === 'reviewed';
}

/**
 * The rows and figures of one assessment: a row per rated item, none for a draft (whose stored
 * readiness and coverage are left as they were: `figures` is null).
 */
export function measureAssessment(
  a: MeasureAssessment,
  items: MeasureItem[],
  ratings: Map<number, { self: number | null; sup: number | null }> | undefined,
  isLatest: boolean,
): { rows: ResultRow[]; figures: Figures | null } {
  if (!isMeasured(a.status)) return { rows: [], figures: null };
  const keyOf = new Map(items.map((i) => [i.itemId, i.keyId]));
  const gap = computeGap(
    items.map((i) => {
      const r = ratings?.get(i.itemId);
      return Object.assign({}, i, { selfLevel: r?.self ?? null, supervisorLevel: r?.sup ?? null });
    }),
    { reviewed: a.status === 'reviewed' },
  );
  const rows: ResultRow[] = [];
  for (const i of gap.items) {
    if (i.level === null || i.gap === null) continue;
    rows.push({
      assessmentId: a.id,
      itemId: i.itemId,
      employeeId: a.employeeId,
      classSpecId: a.classSpecId,
      keyId: keyOf.get(i.itemId)!,
      level: i.level,
      requiredLevel: i.requiredLevel,
      gap: i.gap,
      requiredAtEntry: i.requiredAtEntry,
      isLatest,
      assessedAt: a.assessedAt,
    });
  }
  return { rows, figures: { readiness: gap.readiness, coverage: gap.coverage } };
}

/** Whether a stored row already says what the measured one says (so it need not be written). */
export function sameRow(stored: ResultRow, measured: ResultRow): boolean {
  return (
    stored.employeeId === measured.employeeId &&
    stored.classSpecId === measured.classSpecId &&
    stored.keyId === measured.keyId &&
    stored.level === measured.level &&
    stored.requiredLevel === measured.requiredLevel &&
    stored.gap === measured.gap &&
    stored.requiredAtEntry === measured.requiredAtEntry &&
    stored.isLatest === measured.isLatest &&
    stored.assessedAt === measured.assessedAt
  );
}

/** The writes that turn `stored` into `measured` for a set of assessments: rows to delete and rows to upsert. */
export function diffRows(stored: ResultRow[], measured: ResultRow[]): { remove: [number, number][]; upsert: ResultRow[] } {
  const id = (r: ResultRow) => `${r.assessmentId}:${r.itemId}`;
  const before = new Map(stored.map((r) => [id(r), r]));
  const upsert: ResultRow[] = [];
  for (const r of measured) {
    const old = before.get(id(r));
    before.delete(id(r));
    if (!old || !sameRow(old, r)) upsert.push(r);
  }
  return { remove: [...before.values()].map((r) => [r.assessmentId, r.itemId]), upsert };
}
