import { describe, expect, it } from 'vitest';
import { cellText, isSmallGroup, suppressEffectiveness, suppressNeeds } from './suppression';

describe('fewer-than-5 rule', () => {
  it('treats 1 to 4 people as a small group, and 0 or 5+ as showable', () => {
    expect([0, 1, 4, 5, 12].map(isSmallGroup)).toEqual([false, true, true, false, false]);
  });

  it('suppresses every figure of a row with fewer than 5 people assessed', () => {
    expect(suppressNeeds({ assessed: 4, withGap: 0, meanGap: 0, entryGaps: 0 })).toEqual({ assessed: null, withGap: null, share: null, meanGap: null, entryGaps: null });
  });

  it('shows every figure when all groups are 0 or at least 5', () => {
    expect(suppressNeeds({ assessed: 8, withGap: 6, meanGap: 1.25, entryGaps: 0 })).toEqual({ assessed: 8, withGap: 6, share: 75, meanGap: 1.3, entryGaps: 0 });
  });

  it('hides a gap count of 1–4 and the share and mean that would give it back', () => {
    expect(suppressNeeds({ assessed: 10, withGap: 4, meanGap: 0.6, entryGaps: 0 })).toEqual({ assessed: 10, withGap: null, share: null, meanGap: null, entryGaps: 0 });
  });

  it('hides an entry-gap count of 1–4 on its own', () => {
    expect(suppressNeeds({ assessed: 10, withGap: 7, meanGap: 1, entryGaps: 3 })).toEqual({ assessed: 10, withGap: 7, share: 70, meanGap: 1, entryGaps: null });
  });

  it('suppresses a whole effectiveness row under 5 people', () => {
    expect(suppressEffectiveness({ people: 3, meanBefore: 2, meanAfter: 3, gapBefore: 3, closed: 2 })).toEqual({ people: null, meanBefore: null, meanAfter: null, change: null, gapBefore: null, closed: null });
  });

  it('hides small gap-before and closed counts in effectiveness, and the closed count with them', () => {
    expect(suppressEffectiveness({ people: 6, meanBefore: 2.04, meanAfter: 3.26, gapBefore: 6, closed: 5 })).toEqual({ people: 6, meanBefore: 2, meanAfter: 3.3, change: 1.3, gapBefore: 6, closed: 5 });
    expect(suppressEffectiveness({ people: 6, meanBefore: 2, meanAfter: 3, gapBefore: 6, closed: 2 }).closed).toBeNull();
    expect(suppressEffectiveness({ people: 6, meanBefore: 2, meanAfter: 3, gapBefore: 3, closed: 0 })).toMatchObject({ gapBefore: null, closed: null });
  });

  it('prints "fewer than 5" for a suppressed cell', () => {
    expect(cellText(null)).toBe('fewer than 5');
    expect(cellText(12.5, '%')).toBe('12.5%');
  });
});
