/**
 * Timestamps are written by the application as ISO-8601 UTC strings so that SQLite (text) and
 * PostgreSQL (timestamptz) store comparable, sortable values. Reads come back as strings on
 * SQLite and Date objects on PostgreSQL; toDate() accepts both.
 */
export function nowIso(): string {
  return new Date().toISOString();
}

export function toDate(value: unknown): Date | null {
  if (value == null || value === '') return null;
  if (value instanceof Date) return value;
  if (typeof value === 'number') return new Date(value);
  if (typeof value !== 'string') return null;
  const s = value;
  // SQLite's CURRENT_TIMESTAMP default: "YYYY-MM-DD HH:MM:SS" in UTC.
  return new Date(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(s) ? s.replace(' ', 'T') + 'Z' : s);
}

export function toIso(value: unknown): string | null {
  const d = toDate(value);
  return d ? d.toISOString() : null;
}
