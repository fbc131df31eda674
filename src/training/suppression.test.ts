import { describe, expect, it } from 'vitest';
import {
  cellText,
  differencingVerdict,
  differingPeople,
  isShowablePart,
  isSmallGroup,
  NO_OVERLAP,
  offeredDepartments,
  protectNeeds,
  suppressEffectiveness,
  suppressNeeds,
} from './suppression';

/** The five cells of a needs row, in column order. */
const cells = (
  assessed: number | null,
  withGap: number | null,
  share: number | null,
  meanGap: number | null,
  entryGaps: number | null,
) => ({
  assessed,
  withGap,
  share,
  meanGap,
  entryGaps,
});

describe('fewer-than-5 rule', () => {
  it('treats 1 to 4 people as a small group, and 0 or 5+ as showable', () => {
    expect([0, 1, 4, 5, 12].map(isSmallGroup)).toEqual([false, true, true, false, false]);
  });

  it('shows part of a group only when the part and the rest are both 5 or more (0 included in "fewer")', () => {
    expect(isShowablePart(10, 5)).toBe(true);
    expect(isShowablePart(10, 0)).toBe(false);
    expect(isShowablePart(10, 4)).toBe(false);
    expect(isShowablePart(10, 6)).toBe(false);
    expect(isShowablePart(10, 10)).toBe(false);
  });

  it('suppresses every figure of a row with fewer than 5 people assessed', () => {
    expect(suppressNeeds({ assessed: 4, withGap: 0, meanGap: 0, entryGaps: 0 })).toEqual(cells(null, null, null, null, null));
  });

  it('shows every figure when each side of every split is at least 5', () => {
    expect(suppressNeeds({ assessed: 20, withGap: 12, meanGap: 1.25, entryGaps: 6 })).toEqual(cells(20, 12, 60, 1.3, 6));
  });

  it('hides a gap count of 1–4 and the share and mean that would give it back', () => {
    expect(suppressNeeds({ assessed: 20, withGap: 4, meanGap: 0.6, entryGaps: 0 })).toEqual(cells(20, null, null, null, null));
  });

  it('hides a zero: "none of these 8 has a gap" is a figure about each of them', () => {
    expect(suppressNeeds({ assessed: 8, withGap: 0, meanGap: 0, entryGaps: 0 })).toEqual(cells(8, null, null, null, null));
    expect(suppressNeeds({ assessed: 20, withGap: 12, meanGap: 1, entryGaps: 0 })).toEqual(cells(20, 12, 60, 1, null));
  });

  it('hides a count whose rest is 0–4, since assessed minus it gives the rest', () => {
    // 9 assessed, 7 with a gap: 2 without. 8 of 8: all have one.
    expect(suppressNeeds({ assessed: 9, withGap: 7, meanGap: 1, entryGaps: 5 })).toEqual(cells(9, null, null, null, null));
    expect(suppressNeeds({ assessed: 8, withGap: 8, meanGap: 2, entryGaps: 0 })).toEqual(cells(8, null, null, null, null));
    // 20 with a gap, 18 of them on an entry-required item: 2 with a gap only elsewhere.
    expect(suppressNeeds({ assessed: 30, withGap: 20, meanGap: 1, entryGaps: 18 })).toEqual(cells(30, 20, 66.7, 1, null));
  });

  it('hides an entry-gap count of 1–4 on its own', () => {
    expect(suppressNeeds({ assessed: 20, withGap: 12, meanGap: 1, entryGaps: 3 })).toEqual(cells(20, 12, 60, 1, null));
  });

  it('suppresses a whole effectiveness row under 5 people', () => {
    expect(suppressEffectiveness({ people: 3, meanBefore: 2, meanAfter: 3, gapBefore: 3, closed: 2 })).toEqual({
      people: null,
      meanBefore: null,
      meanAfter: null,
      change: null,
      gapBefore: null,
      closed: null,
    });
  });

  it('hides small gap-before and closed counts in effectiveness (0 and the rest included), and the closed count with them', () => {
    expect(suppressEffectiveness({ people: 20, meanBefore: 2.04, meanAfter: 3.26, gapBefore: 12, closed: 6 })).toEqual({
      people: 20,
      meanBefore: 2,
      meanAfter: 3.3,
      change: 1.3,
      gapBefore: 12,
      closed: 6,
    });
    expect(suppressEffectiveness({ people: 20, meanBefore: 2, meanAfter: 3, gapBefore: 12, closed: 2 }).closed).toBeNull();
    expect(suppressEffectiveness({ people: 20, meanBefore: 2, meanAfter: 3, gapBefore: 12, closed: 0 }).closed).toBeNull();
    // 10 of 12 closed: the 2 who did not are given away by 12 − 10.
    expect(suppressEffectiveness({ people: 20, meanBefore: 2, meanAfter: 3, gapBefore: 12, closed: 10 }).closed).toBeNull();
    expect(suppressEffectiveness({ people: 6, meanBefore: 2, meanAfter: 3, gapBefore: 3, closed: 0 })).toMatchObject({
      gapBefore: null,
      closed: null,
    });
    // All 6 had a gap before; none of 8 had one.
    expect(suppressEffectiveness({ people: 6, meanBefore: 2, meanAfter: 3, gapBefore: 6, closed: 5 })).toMatchObject({
      gapBefore: null,
      closed: null,
    });
    expect(suppressEffectiveness({ people: 8, meanBefore: 2, meanAfter: 3, gapBefore: 0, closed: 0 })).toMatchObject({
      people: 8,
      gapBefore: null,
      closed: null,
    });
  });

  it('prints "fewer than 5" for a suppressed cell', () => {
    expect(cellText(null)).toBe('fewer than 5');
    expect(cellText(12.5, '%')).toBe('12.5%');
  });
});

describe('differencing rule (complementary suppression)', () => {
  const row = (assessed: number, withGap: number, entryGaps: number) => ({ assessed, withGap, entryGaps });

  it('counts the people whose figures differ between a narrower and a wider answer', () => {
    // 5 people in the narrower answer, all in the wider one with the same figures; the wider has one more.
    const same = { same: 5, sameGap: 4, sameEntry: 2, bothGapDiff: 0, bothEntryDiff: 0 };
    expect(differingPeople(row(5, 4, 2), row(6, 5, 2), same)).toEqual({ assessed: 1, withGap: 1, entryGaps: 0 });
    // The same 6 people, one of whom has a different gap in the wider answer (a later assessment).
    const moved = { same: 5, sameGap: 3, sameEntry: 0, bothGapDiff: 1, bothEntryDiff: 0 };
    expect(differingPeople(row(6, 4, 0), row(6, 4, 0), moved)).toEqual({ assessed: 2, withGap: 1, entryGaps: 0 });
  });

  it('withholds the date-slide pair: 6 people against 5 differ by one person', () => {
    const narrower = row(5, 5, 0);
    const wider = { counts: row(6, 6, 0), overlap: { same: 5, sameGap: 5, sameEntry: 0, bothGapDiff: 0, bothEntryDiff: 0 } };
    const v = differencingVerdict(narrower, [wider]);
    expect(v.row).toBe(true);
    expect(protectNeeds({ assessed: 5, withGap: 5, meanGap: 11 / 5, entryGaps: 0 }, v)).toEqual({
      cells: { assessed: null, withGap: null, share: null, meanGap: null, entryGaps: null },
      hidden: { row: true, gap: false, entry: false },
    });
  });

  it('gives both answers when they differ by 0 or by 5 people or more', () => {
    const identical = { counts: row(8, 6, 1), overlap: { same: 8, sameGap: 6, sameEntry: 1, bothGapDiff: 0, bothEntryDiff: 0 } };
    // 15 more people, 10 of them with a gap, 5 of those on an entry-required item: every side is 5+.
    const fifteen = { counts: row(23, 16, 6), overlap: { same: 8, sameGap: 6, sameEntry: 1, bothGapDiff: 0, bothEntryDiff: 0 } };
    expect(differencingVerdict(row(8, 6, 1), [identical, fifteen])).toEqual({ row: false, gap: false, entry: false });
    expect(
      protectNeeds({ assessed: 20, withGap: 12, meanGap: 1.25, entryGaps: 6 }, { row: false, gap: false, entry: false }),
    ).toMatchObject({
      cells: { assessed: 20, withGap: 12, entryGaps: 6 },
      hidden: { row: false, gap: false, entry: false },
    });
  });

  it('hides only the gap figures when 5+ people differ but 1–4 of them have no gap', () => {
    // 20 more people, 17 of them with a gap (3 without), 6 of those on an entry-required item.
    const wider = { counts: row(40, 29, 12), overlap: { same: 20, sameGap: 12, sameEntry: 6, bothGapDiff: 0, bothEntryDiff: 0 } };
    const v = differencingVerdict(row(20, 12, 6), [wider]);
    expect(v).toEqual({ row: false, gap: true, entry: false });
    expect(protectNeeds({ assessed: 20, withGap: 12, meanGap: 1, entryGaps: 6 }, v)).toEqual({
      cells: { assessed: 20, withGap: null, share: null, meanGap: null, entryGaps: 6 },
      hidden: { row: false, gap: true, entry: false },
    });
  });

  it('hides the gap figures when none, or all but 1–4, of 5+ differing people have a gap (total minus shown)', () => {
    const overlap = { same: 20, sameGap: 12, sameEntry: 6, bothGapDiff: 0, bothEntryDiff: 0 };
    // "All departments" shows 12 with a gap, this department 12 too: none of the 10 others has one.
    expect(differencingVerdict(row(20, 12, 6), [{ counts: row(30, 12, 6), overlap }])).toEqual({ row: false, gap: true, entry: true });
    // 10 others, 8 with a gap: the 2 without are given away.
    expect(differencingVerdict(row(20, 12, 6), [{ counts: row(30, 20, 6), overlap }]).gap).toBe(true);
  });

  it('keeps "fewer than 5" (not the differencing note) on a row already too small', () => {
    expect(protectNeeds({ assessed: 3, withGap: 1, meanGap: 1, entryGaps: 0 }, { row: true, gap: true, entry: true }).hidden).toEqual({
      row: false,
      gap: false,
      entry: false,
    });
  });

  it('treats a row missing from the wider answer as all different', () => {
    expect(differingPeople(row(6, 0, 0), row(0, 0, 0), NO_OVERLAP).assessed).toBe(6);
  });
});

describe('department filter options', () => {
  const g = (department: string | null, people: number) => ({ department, people });

  it('offers departments of 5 or more whose complement is 0 or 5 or more', () => {
    expect(offeredDepartments([g('Ops', 10), g('Field', 6), g('Tiny', 5)])).toEqual(['Field', 'Ops', 'Tiny']);
    // Everyone minus Ops is 2 people: Ops is withheld, and then so is Field (the rest would be 2).
    expect(offeredDepartments([g('Ops', 10), g('Tiny', 2)])).toEqual([]);
    expect(offeredDepartments([g('Ops', 10)])).toEqual(['Ops']);
  });

  it('withholds the smallest offered department when all minus the offered ones would leave 1–4 people', () => {
    // Ops 10, Field 10, Tiny 2: each complement is 12, but all − Ops − Field = Tiny's 2.
    expect(offeredDepartments([g('Ops', 10), g('Field', 10), g('Tiny', 2)])).toEqual(['Ops']);
    expect(offeredDepartments([g('Ops', 12), g('Field', 10), g('Small', 3)])).toEqual(['Ops']);
    expect(offeredDepartments([g('Ops', 12), g('Field', 10), g(null, 1)])).toEqual(['Ops']);
  });
});
