import fs from 'node:fs';
import path from 'node:path';
import knex, { type Knex } from 'knex';
import { usePreparedStatementCache } from './statement-cache';

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
  // One connection: SQLite has one writer anyway, and a single connection means no
  // SQLITE_BUSY between our own connections. Every query in a transaction must use `trx`.
  return sqlite(
    filename,
    1,
    1,
    'PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;',
  );
}

/** knex on one SQLite file, with `pragmas` run on every new connection and prepared statements kept. */
function sqlite(filename: string, min: number, max: number, pragmas: string): Knex {
  return usePreparedStatementCache(
    knex({
      client: 'sqlite3',
      connection: { filename },
      useNullAsDefault: true,
      pool: {
        min,
        max,
        afterCreate(conn: { exec(sql: string, cb: (err: Error | null) => void): void }, done: (err: Error | null, conn: unknown) => void) {
          conn.exec(pragmas, (err) => done(err, conn));
        },
      },
    }),
  );
}

/** Read connections of the SQLite read pool: reads run in parallel in WAL mode, writes stay on the one writer. */
export const SQLITE_READ_CONNECTIONS = 3;

/**
 * A second knex for read-only queries of hot GET pages (session, person, home, report, team view).
 * SQLite: its own pool of read-only connections (`PRAGMA query_only`) on the same file. In WAL
 * mode readers never block the writer nor each other, and each statement outside a transaction
 * reads the latest committed data, so a read here always sees every write committed before it
 * started (no stale sessions or deactivated people). PostgreSQL (already pooled) and in-memory
 * SQLite: the same knex.
 */
export function createReadDb(databaseUrl: string, db: Knex): Knex {
  if (databaseUrl.startsWith('postgres')) return db;
  const filename = databaseUrl.replace(/^sqlite:/, '');
  if (filename === ':memory:') return db;
  return sqlite(filename, 0, SQLITE_READ_CONNECTIONS, 'PRAGMA busy_timeout = 5000; PRAGMA query_only = ON;');
}

/** The client name knex was configured with ('pg' or 'sqlite3'); knex types its config as any. */
export function clientName(db: Knex): string {
  return String((db.client as { config: { client?: unknown } }).config.client);
}

export function isPostgres(db: Knex): boolean {
  return clientName(db) === 'pg';
}

/** knex's own configuration of a database built by createDb (for the knex CLI). */
export function knexConfig(db: Knex): Knex.Config {
  return (db.client as { config: Knex.Config }).config;
}
