import type { Knex } from 'knex';

/**
 * A case-insensitive "contains" pattern with LIKE's wildcards escaped, so a search for "50%" or
 * "a_b" means the characters typed. Use it with `LIKE ? ESCAPE '\'` (see whereContains).
 */
export function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Restricts `query` to rows where any of `expressions` (trusted SQL such as `u.email` or
 * `COALESCE(c.code, '')`, never user input) contains `text`, case-insensitively, on SQLite and
 * PostgreSQL alike.
 */
export function whereContains<Q extends Knex.QueryBuilder>(query: Q, expressions: readonly string[], text: string): Q {
  const pattern = containsPattern(text);
  return query.where((w) => {
    for (const e of expressions) w.orWhereRaw(`LOWER(${e}) LIKE ? ESCAPE '\\'`, [pattern]);
  }) as Q;
}
