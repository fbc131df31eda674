/**
 * The id from `insert(...).returning('id')`: PostgreSQL and current SQLite drivers answer with
 * `[{ id }]`, older SQLite drivers with `[id]`. Takes the whole answer so callers never touch
 * knex's untyped rows.
 */
export function insertedId(rows: unknown): number {
  const row: unknown = Array.isArray(rows) ? rows[0] : rows;
  return Number(typeof row === 'object' && row !== null ? (row as { id: unknown }).id : row);
}
