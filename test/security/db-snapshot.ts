import type { Knex } from 'knex';

/** Everything in the database except sessions (which roll on every request). */
export async function snapshot(db: Knex): Promise<string> {
  const pg = db.client.config.client === 'pg';
  const raw = await db.raw(
    pg
      ? "select table_name as name from information_schema.tables where table_schema = 'public' and table_name not like 'knex_%' and table_name <> 'sessions' order by 1"
      : "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'knex_%' and name <> 'sessions' order by name",
  );
  const tables = (pg ? raw.rows : raw) as { name: string }[];
  const parts: string[] = [];
  for (const { name } of tables) parts.push(name, JSON.stringify(await db(name).select('*').orderByRaw('1')));
  return parts.join('\n');
}
