// Dates and times, one way everywhere. Timestamps are written as ISO-8601 UTC strings so that
// SQLite (text) and PostgreSQL (timestamptz) store comparable, sortable values; reads come back as
// strings on SQLite and Date objects on PostgreSQL, and toDate() accepts both. Calendar days are
// shown and typed as YYYY-MM-DD.

export function nowIso(): string {
  return new Date().toISOString();
}

export function toDate(value: unknown): Date | null {
  if (value == null || value === '') return null;
  if (value instanceof Date) return value;
  if (typeof value === 'number') return new Date(value);
  if (typeof value !== 'string') return null;
  // SQLite's CURRENT_TIMESTAMP default: "YYYY-MM-DD HH:MM:SS" in UTC.
  return new Date(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(value) ? value.replace(' ', 'T') + 'Z' : value);
}

export function toIso(value: unknown): string | null {
  const d = toDate(value);
  return d && !Number.isNaN(d.getTime()) ? d.toISOString() : null;
}

/** The calendar day (UTC) of a timestamp as YYYY-MM-DD, or '' when there is none. */
export function dayOf(value: unknown): string {
  return toIso(value)?.slice(0, 10) ?? '';
}

/** True for a real calendar day typed as YYYY-MM-DD (2026-02-30 is not one). */
export function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d\d-\d\d$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00.000Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}
