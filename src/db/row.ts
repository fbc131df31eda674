// Rows come back from knex untyped. Repositories name them `Row` and convert each column with
// these helpers, so a column read as the wrong type shows up in one place.

export type Row = Record<string, unknown>;

/** A text column; '' for NULL. */
export function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  return '';
}

/** A JSON column stored as text (SQLite) or already decoded (PostgreSQL json); `fallback` for NULL or ''. */
export function jsonOf<T>(value: unknown, fallback: T): T {
  if (value == null || value === '') return fallback;
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}
