import { describe, expect, it } from 'vitest';
import { levelAndGap } from './gap';

// The one level-and-gap rule (PRODUCT.md "Gap computation"): every stored and reported gap comes from it.
describe('levelAndGap', () => {
  it.each([
    { case: 'submitted: the self level', reviewed: false, self: 2, sup: 4, level: 2, gap: 1 },
    { case: 'reviewed: the supervisor level', reviewed: true, self: 2, sup: 4, level: 4, gap: 0 },
    { case: 'reviewed without a supervisor level: the self level', reviewed: true, self: 1, sup: null, level: 1, gap: 2 },
    { case: 'above the requirement: no negative gap', reviewed: false, self: 5, sup: null, level: 5, gap: 0 },
    { case: 'level 0 is a rating, not a missing one', reviewed: false, self: 0, sup: null, level: 0, gap: 3 },
    { case: 'unrated: no level and no gap', reviewed: false, self: null, sup: 3, level: null, gap: null },
  ])('$case', ({ reviewed, self, sup, level, gap }) => {
    expect(levelAndGap({ requiredLevel: 3, selfLevel: self, supervisorLevel: sup }, reviewed)).toEqual({ level, gap });
  });
});
