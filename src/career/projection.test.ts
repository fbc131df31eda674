import { describe, expect, it } from 'vitest';
import { computeGap } from '../competency/gap';
import { latestLevels, projectClass, type ProjectableItem, type RatingRecord } from './projection';

const rec = (o: Partial<RatingRecord>): RatingRecord => ({
  keyId: 1,
  assessmentId: 1,
  classSpecId: 1,
  classTitle: 'A',
  reviewed: false,
  selfLevel: null,
  supervisorLevel: null,
  assessedAt: '2026-01-01T00:00:00.000Z',
  ...o,
});
const item = (id: number, keyId: number, requiredLevel = 3, requiredAtEntry = false): ProjectableItem => ({
  id,
  keyId,
  key: `k${keyId}`,
  category: 'skill',
  name: `ITEM ${id}`,
  text: 't',
  requiredLevel,
  requiredAtEntry,
  position: id,
});

describe('latestLevels', () => {
  it('takes the supervisor level of a reviewed assessment and the self level of a submitted one', () => {
    const m = latestLevels([
      rec({ keyId: 1, reviewed: true, selfLevel: 4, supervisorLevel: 2 }),
      rec({ keyId: 2, reviewed: false, selfLevel: 4, supervisorLevel: 1 }),
    ]);
    expect(m.get(1)).toMatchObject({ level: 2, source: 'supervisor' });
    expect(m.get(2)).toMatchObject({ level: 4, source: 'self' });
  });

  it('keeps the rating of the latest assessment per key, whatever the input order', () => {
    const older = rec({
      keyId: 7,
      assessmentId: 10,
      reviewed: true,
      selfLevel: 1,
      supervisorLevel: 1,
      assessedAt: '2026-01-01T00:00:00.000Z',
    });
    const newer = rec({ keyId: 7, assessmentId: 5, selfLevel: 4, assessedAt: '2026-03-01T00:00:00.000Z' });
    expect(latestLevels([older, newer]).get(7)?.level).toBe(4);
    expect(latestLevels([newer, older]).get(7)?.level).toBe(4);
  });

  it('breaks a tie in time by the later assessment id', () => {
    const m = latestLevels([rec({ keyId: 3, assessmentId: 9, selfLevel: 5 }), rec({ keyId: 3, assessmentId: 2, selfLevel: 1 })]);
    expect(m.get(3)?.level).toBe(5);
  });

  it('falls back to the self level when a reviewed item has no supervisor level, and skips ratings with no level', () => {
    const m = latestLevels([
      rec({ keyId: 1, reviewed: true, selfLevel: 3, supervisorLevel: null }),
      rec({ keyId: 2, assessmentId: 2, selfLevel: null, assessedAt: '2027-01-01T00:00:00.000Z' }),
      rec({ keyId: 2, assessmentId: 1, selfLevel: 2 }),
    ]);
    expect(m.get(1)).toMatchObject({ level: 3, source: 'self' });
    expect(m.get(2)?.level).toBe(2);
  });
});

describe('projectClass', () => {
  it('gives items of a known key that level and leaves unknown keys unrated (null, not 0)', () => {
    const known = latestLevels([rec({ keyId: 1, selfLevel: 2 })]);
    const input = projectClass([item(11, 1), item(12, 2)], known);
    expect(input.map((i) => i.selfLevel)).toEqual([2, null]);
    expect(input.every((i) => i.supervisorLevel === null)).toBe(true);
  });

  it('feeds computeGap so unknown items are unrated, not met and not gaps', () => {
    const known = latestLevels([rec({ keyId: 1, selfLevel: 3 }), rec({ keyId: 2, selfLevel: 1 })]);
    const report = computeGap(projectClass([item(1, 1), item(2, 2, 3, true), item(3, 3), item(4, 4)], known), { reviewed: false });
    expect(report.unratedItems).toBe(2);
    expect(report.readiness).toBe(25);
    expect(report.coverage).toBe(33.3); // (3 + 1) / 12
    expect(report.priorities.map((p) => [p.itemId, p.gap, p.priority])).toEqual([[2, 2, 4]]);
  });
});
