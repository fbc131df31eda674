import { describe, expect, it } from 'vitest';
import { isQuarter, quarterLabel, quarterOf, quarterRange, quartersBetween } from './periods';

describe('reporting periods', () => {
  it('accepts only quarters, never dates', () => {
    expect(['2026-Q4', '2026-Q1'].map(isQuarter)).toEqual([true, true]);
    expect(['2026-10-27', '2026-Q5', '2026-Q0', 'all', ''].map(isQuarter)).toEqual([false, false, false, false, false]);
  });

  it('gives a quarter its UTC bounds, the last one ending at the next year', () => {
    expect(quarterRange('2026-Q4')).toEqual({ from: '2026-10-01T00:00:00.000Z', toExclusive: '2027-01-01T00:00:00.000Z' });
    expect(quarterRange('2026-Q1')).toEqual({ from: '2026-01-01T00:00:00.000Z', toExclusive: '2026-04-01T00:00:00.000Z' });
  });

  it('places a timestamp in its quarter', () => {
    expect(quarterOf('2026-10-27T09:00:00.000Z')).toBe('2026-Q4');
    expect(quarterOf('2026-03-31T23:59:59.999Z')).toBe('2026-Q1');
  });

  it('lists the quarters between the first and last assessment, newest first, at most the limit', () => {
    expect(quartersBetween('2025-11-02T00:00:00.000Z', '2026-05-01T00:00:00.000Z')).toEqual(['2026-Q2', '2026-Q1', '2025-Q4']);
    expect(quartersBetween('2020-01-01T00:00:00.000Z', '2026-05-01T00:00:00.000Z', 3)).toEqual(['2026-Q2', '2026-Q1', '2025-Q4']);
    expect(quartersBetween(null, null)).toEqual([]);
  });

  it('labels a quarter with its months', () => {
    expect(quarterLabel('2026-Q4')).toBe('2026 Q4 (October–December 2026)');
  });
});
