// The fewer-than-5 rule (PRODUCT.md "Aggregates never show a group of fewer than 5 people").
// Pure, so the page, the CSV and the XLSX all apply exactly the same rule. A suppressed figure is
// `null`; callers print FEWER_THAN_5 in its place and sort it as unknown.

export const MIN_GROUP = 5;
export const FEWER_THAN_5 = 'fewer than 5';

/** A count of people is shown only when it is 0 or at least MIN_GROUP. */
export function isSmallGroup(count: number): boolean {
  return count > 0 && count < MIN_GROUP;
}

export interface NeedsRaw {
  assessed: number;
  withGap: number;
  /** mean gap among those assessed (already rounded or not) */
  meanGap: number;
  entryGaps: number;
}

export interface NeedsCells {
  assessed: number | null;
  withGap: number | null;
  /** percent with one decimal */
  share: number | null;
  meanGap: number | null;
  entryGaps: number | null;
}

function roundOne(n: number): number {
  const r = Math.round(Number((n * 10).toPrecision(12))) / 10;
  return r === 0 ? 0 : r;
}

/**
 * One training-needs row after suppression:
 * - fewer than 5 people assessed: every figure of the row is suppressed;
 * - 1–4 people with a gap: that count, the share (count ÷ assessed gives it back) and the mean gap
 *   (mean × assessed is the sum of those few people's gaps) are suppressed;
 * - 1–4 people with a gap on an entry-required item: that count is suppressed.
 */
export function suppressNeeds(raw: NeedsRaw): NeedsCells {
  if (raw.assessed < MIN_GROUP) return { assessed: null, withGap: null, share: null, meanGap: null, entryGaps: null };
  const gapHidden = isSmallGroup(raw.withGap);
  return {
    assessed: raw.assessed,
    withGap: gapHidden ? null : raw.withGap,
    share: gapHidden ? null : roundOne((raw.withGap / raw.assessed) * 100),
    meanGap: gapHidden ? null : roundOne(raw.meanGap),
    entryGaps: isSmallGroup(raw.entryGaps) ? null : raw.entryGaps,
  };
}

export interface EffectivenessRaw {
  people: number;
  meanBefore: number;
  meanAfter: number;
  /** people with a gap before on the program's keys */
  gapBefore: number;
  /** of those, people with no gap after */
  closed: number;
}

export interface EffectivenessCells {
  people: number | null;
  meanBefore: number | null;
  meanAfter: number | null;
  change: number | null;
  gapBefore: number | null;
  closed: number | null;
}

/**
 * One program-effectiveness row after suppression: nobody → only the 0; fewer than 5 people → nothing; 1–4 people with a
 * gap before → that count and the closed count (a subset of them) are suppressed; 1–4 people who
 * closed their gap → that count is suppressed.
 */
export function suppressEffectiveness(raw: EffectivenessRaw): EffectivenessCells {
  if (raw.people === 0) return { people: 0, meanBefore: null, meanAfter: null, change: null, gapBefore: null, closed: null };
  if (raw.people < MIN_GROUP) return { people: null, meanBefore: null, meanAfter: null, change: null, gapBefore: null, closed: null };
  const before = roundOne(raw.meanBefore);
  const after = roundOne(raw.meanAfter);
  const gapBefore = isSmallGroup(raw.gapBefore) ? null : raw.gapBefore;
  const closed = gapBefore === null || isSmallGroup(raw.closed) ? null : raw.closed;
  return { people: raw.people, meanBefore: before, meanAfter: after, change: roundOne(after - before), gapBefore, closed };
}

/** Text for a cell: the number, or "fewer than 5". */
export function cellText(value: number | null, suffix = ''): string {
  return value === null ? FEWER_THAN_5 : `${value}${suffix}`;
}
