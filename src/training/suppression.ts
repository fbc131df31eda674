// The fewer-than-5 rule (PRODUCT.md "Aggregates never show a group of fewer than 5 people").
// Pure, so the page, the CSV and the XLSX all apply exactly the same rule. A suppressed figure is
// `null`; callers print FEWER_THAN_5 in its place and sort it as unknown.

export const MIN_GROUP = 5;
export const FEWER_THAN_5 = 'fewer than 5';

/** A count of people is shown only when it is 0 or at least MIN_GROUP. */
export function isSmallGroup(count: number): boolean {
  return count > 0 && count < MIN_GROUP;
}

/**
 * Whether a count of some of a shown group's people (those with a gap, among those assessed) may be
 * shown. Both sides of the split must be at least MIN_GROUP: a 0 says something about every one of
 * the group ("none of these 7 has a gap"), and the group's size minus the part gives the rest
 * ("7 assessed, 5 with a gap": 2 without), so a rest of 0–4 is as small as a part of 0–4.
 */
export function isShowablePart(group: number, part: number): boolean {
  return part >= MIN_GROUP && group - part >= MIN_GROUP;
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
 * - 0–4 people with a gap, or 0–4 without one (assessed minus with a gap): that count, the share
 *   (count ÷ assessed gives it back) and the mean gap (mean × assessed is the sum of those few
 *   people's gaps) are suppressed;
 * - 0–4 people with a gap on an entry-required item, 0–4 without one, or (when the gap count is
 *   shown) 0–4 with a gap but none on an entry-required item: that count is suppressed.
 */
export function suppressNeeds(raw: NeedsRaw): NeedsCells {
  if (raw.assessed < MIN_GROUP) return { assessed: null, withGap: null, share: null, meanGap: null, entryGaps: null };
  const gapHidden = !isShowablePart(raw.assessed, raw.withGap);
  const entryHidden = !isShowablePart(raw.assessed, raw.entryGaps) || (!gapHidden && !isShowablePart(raw.withGap, raw.entryGaps));
  return {
    assessed: raw.assessed,
    withGap: gapHidden ? null : raw.withGap,
    share: gapHidden ? null : roundOne((raw.withGap / raw.assessed) * 100),
    meanGap: gapHidden ? null : roundOne(raw.meanGap),
    entryGaps: entryHidden ? null : raw.entryGaps,
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
 * One program-effectiveness row after suppression: nobody measured yet → only that 0 (the row's
 * own group is empty, so nothing is said about anyone); fewer than 5 people → nothing; 0–4 people
 * with a gap before, or 0–4 without → that count and the closed count (a subset of them) are
 * suppressed; 0–4 people who closed their gap, or 0–4 who did not → that count is suppressed.
 */
export function suppressEffectiveness(raw: EffectivenessRaw): EffectivenessCells {
  if (raw.people === 0) return { people: 0, meanBefore: null, meanAfter: null, change: null, gapBefore: null, closed: null };
  if (raw.people < MIN_GROUP) return { people: null, meanBefore: null, meanAfter: null, change: null, gapBefore: null, closed: null };
  const before = roundOne(raw.meanBefore);
  const after = roundOne(raw.meanAfter);
  const gapBefore = isShowablePart(raw.people, raw.gapBefore) ? raw.gapBefore : null;
  const closed = gapBefore === null || !isShowablePart(raw.gapBefore, raw.closed) ? null : raw.closed;
  return { people: raw.people, meanBefore: before, meanAfter: after, change: roundOne(after - before), gapBefore, closed };
}

/** Text for a cell: the number, or "fewer than 5". */
export function cellText(value: number | null, suffix = ''): string {
  return value === null ? FEWER_THAN_5 : `${value}${suffix}`;
}

// ---------------------------------------------------------------------------------------------
// Differencing (complementary suppression). Each answer above honours the rule on its own, but
// two answers that differ by a few people give those few people away: their count, their gap sum
// and so each one's gap (a date moved by a day, "all departments" minus one department). As
// statistical agencies do for published tables, an answer is not given when it differs from a
// wider answer — the same question with one or more filters taken away — by 1 to 4 people. The
// narrower answer is the one suppressed, so the rule always picks the same one of the pair.

/** The figures of one answer's row that differencing could isolate. */
export interface AnswerCounts {
  assessed: number;
  withGap: number;
  entryGaps: number;
}

/** How the people of the narrower answer appear in the wider one (see results' KeyOverlap). */
export interface AnswerOverlap {
  same: number;
  sameGap: number;
  sameEntry: number;
  bothGapDiff: number;
  bothEntryDiff: number;
}

export const NO_OVERLAP: AnswerOverlap = { same: 0, sameGap: 0, sameEntry: 0, bothGapDiff: 0, bothEntryDiff: 0 };

/**
 * The people whose figures differ between two answers: the difference of the two rows is made of
 * exactly these people (someone counted in both with the same gap cancels out). `withGap` and
 * `entryGaps` count those of them with a gap (an entry gap) in either answer.
 */
export function differingPeople(a: AnswerCounts, b: AnswerCounts, o: AnswerOverlap): AnswerCounts {
  return {
    assessed: a.assessed + b.assessed - 2 * o.same,
    withGap: a.withGap + b.withGap - 2 * o.sameGap - o.bothGapDiff,
    entryGaps: a.entryGaps + b.entryGaps - 2 * o.sameEntry - o.bothEntryDiff,
  };
}

export interface DifferencingVerdict {
  /** the whole row: it differs from a wider answer by 1–4 people */
  row: boolean;
  /** people with a gap, the share and the mean gap: 1–4 of the differing people have a gap */
  gap: boolean;
  /** gaps on entry-required items: 1–4 of the differing people have one */
  entry: boolean;
}

/**
 * The fewer-than-5 rule applied to the difference between this answer and each wider one, the
 * same way `suppressNeeds` applies it to a row: a difference of 1–4 people hides the row; 0–4
 * people with a gap among them, or 0–4 without, hide the gap figures ("all departments" shows 20
 * with a gap, this one 20 too: none of the others has one); the same for entry gaps. Answers
 * about exactly the same people (no difference) give nothing away.
 */
export function differencingVerdict(a: AnswerCounts, wider: { counts: AnswerCounts; overlap: AnswerOverlap }[]): DifferencingVerdict {
  const v: DifferencingVerdict = { row: false, gap: false, entry: false };
  for (const w of wider) {
    const d = differingPeople(a, w.counts, w.overlap);
    if (d.assessed === 0) continue;
    if (d.assessed < MIN_GROUP) v.row = true;
    if (!isShowablePart(d.assessed, d.withGap)) v.gap = true;
    if (!isShowablePart(d.assessed, d.entryGaps) || !isShowablePart(d.withGap, d.entryGaps)) v.entry = true;
  }
  return v;
}

export const SUPPRESSED = 'suppressed';

/** Which shown figures the differencing rule withheld (the rest of the nulls are "fewer than 5"). */
export interface DifferencingHidden {
  row: boolean;
  gap: boolean;
  entry: boolean;
}

/** A needs row after both rules; `hidden` says which figures the second one withheld. */
export function protectNeeds(raw: NeedsRaw, v: DifferencingVerdict): { cells: NeedsCells; hidden: DifferencingHidden } {
  const cells = suppressNeeds(raw);
  if (cells.assessed === null) return { cells, hidden: { row: false, gap: false, entry: false } };
  if (v.row) {
    return {
      cells: { assessed: null, withGap: null, share: null, meanGap: null, entryGaps: null },
      hidden: { row: true, gap: false, entry: false },
    };
  }
  const gap = v.gap && cells.withGap !== null;
  const entry = v.entry && cells.entryGaps !== null;
  return {
    cells: {
      ...cells,
      withGap: gap ? null : cells.withGap,
      share: gap ? null : cells.share,
      meanGap: gap ? null : cells.meanGap,
      entryGaps: entry ? null : cells.entryGaps,
    },
    hidden: { row: false, gap, entry },
  };
}

/**
 * The departments the filter may offer, from the people each one has in the answer without a
 * department filter. A department is offered when it has at least 5 people and everyone else is
 * 0 or at least 5 (else "all departments" minus it gives the rest away); and the people of the
 * departments not offered (with those who have no department) must together be 0 or at least 5,
 * or "all" minus every offered department would give them away — then the smallest offered
 * department is withheld too, until they are.
 */
export function offeredDepartments(groups: { department: string | null; people: number }[]): string[] {
  const total = groups.reduce((s, g) => s + g.people, 0);
  const offered = groups
    .filter(
      (g): g is { department: string; people: number } => g.department !== null && g.people >= MIN_GROUP && !isSmallGroup(total - g.people),
    )
    .sort((x, y) => x.people - y.people || x.department.localeCompare(y.department));
  let hidden = total - offered.reduce((s, g) => s + g.people, 0);
  while (offered.length && isSmallGroup(hidden)) hidden += offered.shift()!.people;
  return offered.map((g) => g.department).sort((x, y) => x.localeCompare(y));
}
