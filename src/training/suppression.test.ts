import { describe, expect, it } from 'vitest';
import {
  cellText,
  differencingVerdict,
  differingPeople,
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

  it('suppresses every figure of a row with fewer than 5 people assessed', () => {
    expect(suppressNeeds({ assessed: 4, withGap: 0, meanGap: 0, entryGaps: 0 })).toEqual(cells(null, null, null, null, null));
  });

  it('shows every figure when all groups are 0 or at least 5', () => {
    expect(suppressNeeds({ assessed: 8, withGap: 6, meanGap: 1.25, entryGaps: 0 })).toEqual(cells(8, 6, 75, 1.3, 0));
  });

  it('hides a gap count of 1–4 and the share and mean that would give it back', () => {
    expect(suppressNeeds({ assessed: 10, withGap: 4, meanGap: 0.6, entryGaps: 0 })).toEqual(cells(10, null, null, null, 0));
  });

  it('hides an entry-gap count of 1–4 on its own', () => {
    expect(suppressNeeds({ assessed: 10, withGap: 7, meanGap: 1, entryGaps: 3 })).toEqual(cells(10, 7, 70, 1, null));
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

  it('hides small gap-before and closed counts in effectiveness, and the closed count with them', () => {
    expect(suppressEffectiveness({ people: 6, meanBefore: 2.04, meanAfter: 3.26, gapBefore: 6, closed: 5 })).toEqual({
      people: 6,
      meanBefore: 2,
      meanAfter: 3.3,
      change: 1.3,
      gapBefore: 6,
      closed: 5,
    });
    expect(suppressEffectiveness({ people: 6, meanBefore: 2, meanAfter: 3, gapBefore: 6, closed: 2 }).closed).toBeNull();
    expect(suppressEffectiveness({ people: 6, meanBefore: 2, meanAfter: 3, gapBefore: 3, closed: 0 })).toMatchObject({
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
    const five = { counts: row(13, 11, 6), overlap: { same: 8, sameGap: 6, sameEntry: 1, bothGapDiff: 0, bothEntryDiff: 0 } };
    expect(differencingVerdict(row(8, 6, 1), [identical, five])).toEqual({ row: false, gap: false, entry: false });
    expect(protectNeeds({ assessed: 8, withGap: 6, meanGap: 1.25, entryGaps: 0 }, { row: false, gap: false, entry: false })).toMatchObject({
      cells: { assessed: 8, withGap: 6 },
      hidden: { row: false, gap: false, entry: false },
    });
  });

  it('hides only the gap figures when 5+ people differ but 1–4 of them have a gap', () => {
    const wider = { counts: row(20, 8, 0), overlap: { same: 10, sameGap: 6, sameEntry: 0, bothGapDiff: 0, bothEntryDiff: 0 } };
    const v = differencingVerdict(row(10, 6, 0), [wider]);
    expect(v).toEqual({ row: false, gap: true, entry: false });
    expect(protectNeeds({ assessed: 10, withGap: 6, meanGap: 1, entryGaps: 0 }, v)).toEqual({
      cells: { assessed: 10, withGap: null, share: null, meanGap: null, entryGaps: 0 },
      hidden: { row: false, gap: true, entry: false },
    });
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
