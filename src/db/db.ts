import fs from 'node:fs';
import path from 'node:path';
import knex, { type Knex } from 'knex';

export type Db = Knex;

/** Builds knex for `sqlite:<path>` (default, embedded) or `postgres://…`. Opens no connection yet. */
export function createDb(databaseUrl: string): Knex {
  if (databaseUrl.startsWith('postgres')) {
    return knex({
      client: 'pg',
      connection: databaseUrl,
      pool: { min: 0, max: 10 },
    });
  }
  const filename = databaseUrl.replace(/^sqlite:/, '');
  if (filename !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(filename)), { recursive: true });
  return knex({
    client: 'sqlite3',
    connection: { filename },
    useNullAsDefault: true,
    // One connection: SQLite has one writer anyway, and a single connection means no
    // SQLITE_BUSY between our own connections. Every query in a transaction must use `trx`.
    pool: {
      min: 1,
      max: 1,
      afterCreate(conn: { exec(sql: string, cb: (err: Error | null) => void): void }, done: (err: Error | null, conn: unknown) => void) {
        conn.exec(
          'PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;',
          (err) => done(err, conn),
        );
      },
    },
  });
}

export function isPostgres(db: Knex): boolean {
  return db.client.config.client === 'pg';
}
