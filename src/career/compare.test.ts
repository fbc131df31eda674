import { describe, expect, it } from 'vitest';
import { compareClasses, type CompareItem } from './compare';

const it_ = (keyId: number, requiredLevel = 3, requiredAtEntry = false, category: CompareItem['category'] = 'skill'): CompareItem => ({
  keyId,
  category,
  name: `K${keyId}`,
  text: 't',
  requiredLevel,
  requiredAtEntry,
  position: keyId,
});

describe('compareClasses', () => {
  const source = [it_(1, 3), it_(2, 4), it_(3, 3, true), it_(4, 3), it_(9, 3, false, 'knowledge')];
  const target = [it_(1, 5), it_(2, 2), it_(3, 3, false), it_(4, 3), it_(5, 4)];
  const c = compareClasses(source, target);

  it('lists items only in the target and only in the source', () => {
    expect(c.onlyInTarget.map((i) => i.keyId)).toEqual([5]);
    expect(c.onlyInSource.map((i) => i.keyId)).toEqual([9]);
  });

  it('lists rises and falls of the required level with the change', () => {
    expect(c.rises.map((p) => [p.keyId, p.change])).toEqual([[1, 2]]);
    expect(c.falls.map((p) => [p.keyId, p.change])).toEqual([[2, -2]]);
  });

  it('lists entry-requirement differences and keeps unchanged shared items apart', () => {
    expect(c.entryChanges.map((p) => p.keyId)).toEqual([3]);
    expect(c.unchanged.map((p) => p.keyId)).toEqual([4]);
  });

  it('pairs a key used twice in one class once and lists the extra as only in that class', () => {
    const r = compareClasses([it_(1), it_(1)], [it_(1)]);
    expect(r.unchanged).toHaveLength(1);
    expect(r.onlyInSource).toHaveLength(1);
  });

  it('comparing a class with itself shows everything unchanged', () => {
    const r = compareClasses(target, target);
    expect(r.unchanged).toHaveLength(target.length);
    expect(r.onlyInTarget.length + r.onlyInSource.length + r.rises.length + r.falls.length + r.entryChanges.length).toBe(0);
  });
});
