import type { Knex } from 'knex';
import { isPostgres } from './db';

/**
 * Runs `query` and returns its rows, fetched from the database as ONE JSON array value.
 *
 * Why: node-sqlite3 builds every row object in C++ through N-API, one property at a time, on the
 * main thread — about 1 µs per value. A report's 44 items × 13 columns cost ~0.6 ms of main-thread
 * time per request that way; as one JSON text the database does the assembling (on the thread
 * pool) and V8's JSON.parse turns it into objects in a few microseconds. Use it for hot queries
 * returning many rows; small lookups gain nothing.
 *
 * `columns` must be exactly the query's output column names (aliases), `orderBy` the output
 * columns that give the row order (SQLite `json_group_array(… ORDER BY …)`, PostgreSQL
 * `json_agg(… ORDER BY …)`). Values keep their JSON types: integers and reals as numbers, text as
 * strings, NULL as null; SQLite booleans stay 0/1 as in row mode. PostgreSQL timestamps would come
 * back as strings rather than Date objects, so callers convert with db/time.ts as they already do.
 */
export async function jsonRows<T = Record<string, unknown>>(
  db: Knex | Knex.Transaction,
  query: Knex.QueryBuilder,
  columns: string[],
  orderBy: string[] = [],
): Promise<T[]> {
  const q = (c: string) => `t."${c.replace(/"/g, '""')}"`;
  // Each row as a JSON array (not an object): a fifth of the text to build and parse.
  const values = columns.map(q).join(', ');
  const order = orderBy.length ? ` ORDER BY ${orderBy.map(q).join(', ')}` : '';
  const pg = isPostgres(db as Knex);
  const agg = pg
    ? `COALESCE(json_agg(json_build_array(${values})${order}), '[]'::json)`
    : `json_group_array(json_array(${values})${order})`;
  const row: unknown = await (db as Knex)
    .select(db.raw(`${agg} AS j`))
    .from(query.clearOrder().as('t'))
    .first();
  const j = (row as { j?: unknown } | undefined)?.j;
  if (j == null) return [];
  const arrays = (typeof j === 'string' ? JSON.parse(j) : j) as unknown[][];
  return arrays.map((values) => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < columns.length; i++) out[columns[i]] = values[i];
    return out as T;
  });
}
