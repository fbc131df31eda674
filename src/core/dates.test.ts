import { describe, expect, it } from 'vitest';
import { dayOf, isIsoDate, toDate, toIso } from './dates';

describe('dates', () => {
  it('reads SQLite text, ISO strings and PostgreSQL Date objects as the same instant', () => {
    expect(toIso('2026-03-31 14:05:00')).toBe('2026-03-31T14:05:00.000Z');
    expect(toIso('2026-03-31T14:05:00.000Z')).toBe('2026-03-31T14:05:00.000Z');
    expect(toIso(new Date('2026-03-31T14:05:00Z'))).toBe('2026-03-31T14:05:00.000Z');
    expect(toDate(null)).toBeNull();
    expect(toIso('not a date')).toBeNull();
  });

  it('gives the UTC calendar day of a timestamp, or an empty string', () => {
    expect(dayOf('2026-12-31T23:59:59.000Z')).toBe('2026-12-31');
    expect(dayOf(new Date('2027-01-01T00:00:00Z'))).toBe('2027-01-01');
    expect(dayOf(null)).toBe('');
    expect(dayOf('garbage')).toBe('');
  });

  it('accepts only real calendar days typed as YYYY-MM-DD', () => {
    expect(isIsoDate('2026-02-28')).toBe(true);
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2026-02-30')).toBe(false);
    expect(isIsoDate('2026-2-3')).toBe(false);
    expect(isIsoDate('2026-02-03T00:00')).toBe(false);
    expect(isIsoDate('')).toBe(false);
  });
});
