import { describe, expect, it } from 'vitest';
import type { Category } from '../competency/category';
import { describeOverlap, groupSameName, type OverlapKey } from './key-overlaps';

const key = (id: number, label: string, category: Category, classCount = 1, itemCount = classCount): OverlapKey => ({
  id,
  label,
  category,
  classCount,
  itemCount,
});

describe('groupSameName', () => {
  it('groups keys whose names agree once they span two categories, and ignores one category alone', () => {
    const groups = groupSameName([
      key(1, 'ANALYTICAL THINKING', 'competency', 2),
      key(2, 'Analytical thinking', 'skill'),
      key(3, 'ACTIVE LEARNING', 'skill'),
      key(4, 'ACTIVE LEARNING', 'skill'), // same name, same category: not a cross-category case
      key(5, 'WRITE', 'ability'),
    ]);
    expect(groups.map((g) => g.map((k) => k.id))).toEqual([[1, 2]]);
  });

  it('lists the most used names first, each most used key first', () => {
    const groups = groupSameName([
      key(1, 'SPEAK', 'skill'),
      key(2, 'SPEAK', 'ability'),
      key(3, 'WRITE', 'skill'),
      key(4, 'WRITE', 'ability', 3),
    ]);
    expect(groups.map((g) => g.map((k) => k.id))).toEqual([
      [4, 3],
      [1, 2],
    ]);
  });
});

describe('describeOverlap', () => {
  it('keeps the key used by more classes, then more items, then the oldest', () => {
    expect(describeOverlap([key(1, 'X', 'skill'), key(2, 'X', 'ability', 2)], new Map()).keep.id).toBe(2);
    expect(describeOverlap([key(1, 'X', 'skill', 1, 1), key(2, 'X', 'ability', 1, 2)], new Map()).keep.id).toBe(2);
    expect(describeOverlap([key(2, 'X', 'skill'), key(1, 'X', 'ability')], new Map()).keep.id).toBe(1);
  });

  it('says the definitions agree only when every other key shares a definition with the kept one', () => {
    const group = [key(1, 'X', 'skill'), key(2, 'X', 'competency'), key(3, 'X', 'ability')];
    const agree = new Map([
      [1, ['Analyse data.', 'Other wording']],
      [2, ['analyze data']],
      [3, ['Other  wording']],
    ]);
    expect(describeOverlap(group, agree)).toMatchObject({ name: 'X', definitionsAgree: true });
    expect(describeOverlap(group, new Map([...agree, [3, ['Something else']]])).definitionsAgree).toBe(false);
    expect(describeOverlap(group, new Map([...agree, [3, []]])).definitionsAgree).toBe(false);
  });
});
