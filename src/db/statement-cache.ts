import type { Knex } from 'knex';

/**
 * Prepared statements kept per SQLite connection, keyed by SQL text.
 *
 * node-sqlite3 runs `Database#all(sql, …)` as prepare → step → finalize, each a trip through
 * libuv's thread pool, and building the Statement object is itself a noticeable cost on the main
 * thread (about 9 % of the server's CPU on the gap report before this cache). knex builds the same
 * SQL text for the same query shape with `?` bindings, so a hot page reuses a handful of
 * statements: this keeps them prepared and runs them with one trip.
 *
 * Semantics are node-sqlite3's own: `all` and `run` reset the statement before binding and step it
 * to completion, so a cached statement never holds a read snapshot open between queries; several
 * queries on one statement queue on it in order. Statements are finalised when evicted and before
 * the connection closes (SQLite refuses to close a connection with unfinalised statements).
 */
export const STATEMENT_CACHE_SIZE = 256;

interface Statement {
  all(params: unknown[], cb: (this: Statement, err: Error | null, rows: unknown[]) => void): void;
  run(params: unknown[], cb: (this: Statement & { lastID: number; changes: number }, err: Error | null) => void): void;
  finalize(cb?: (err: Error | null) => void): void;
}

interface Connection {
  prepare(sql: string, cb: (err: Error | null) => void): Statement;
  close(cb: (err: Error | null) => void): void;
}

/** A cached statement, how many queries are using it right now, and whether it has been evicted. */
interface Entry {
  statement: Promise<Statement>;
  users: number;
  evicted: boolean;
}
type Cache = Map<string, Entry>;
const caches = new WeakMap<Connection, Cache>();

function cacheOf(connection: Connection): Cache {
  let cache = caches.get(connection);
  if (!cache) {
    cache = new Map();
    caches.set(connection, cache);
  }
  return cache;
}

function finalizeEntry(entry: Entry): Promise<void> {
  return entry.statement.then(
    (s) => new Promise<void>((resolve) => s.finalize(() => resolve())),
    () => undefined,
  );
}

/** The statement for `sql` on this connection, counted as in use until `release` is called. */
function acquire(connection: Connection, sql: string): Entry {
  const cache = cacheOf(connection);
  let entry = cache.get(sql);
  if (entry) {
    // Most recently used last: eviction takes the oldest.
    cache.delete(sql);
    cache.set(sql, entry);
  } else {
    const statement = new Promise<Statement>((resolve, reject) => {
      const stmt = connection.prepare(sql, (err) => {
        if (err) {
          // Not kept: the next attempt prepares again and reports its own error.
          if (cache.get(sql) === entry) cache.delete(sql);
          return reject(err);
        }
        resolve(stmt);
      });
    });
    statement.catch(() => {});
    entry = { statement, users: 0, evicted: false };
    cache.set(sql, entry);
    if (cache.size > STATEMENT_CACHE_SIZE) {
      const [oldestSql, oldest] = cache.entries().next().value as [string, Entry];
      cache.delete(oldestSql);
      // A statement a query is still about to use is finalised when that query is done.
      oldest.evicted = true;
      if (oldest.users === 0) void finalizeEntry(oldest);
    }
  }
  entry.users += 1;
  return entry;
}

function release(entry: Entry): void {
  entry.users -= 1;
  if (entry.evicted && entry.users === 0) void finalizeEntry(entry);
}

async function finalizeAll(connection: Connection): Promise<void> {
  const cache = caches.get(connection);
  if (!cache) return;
  caches.delete(connection);
  await Promise.all([...cache.values()].map(finalizeEntry));
}

interface QueryObject {
  sql?: string;
  bindings?: unknown[];
  method?: string;
  returning?: unknown;
  response?: unknown;
  context?: unknown;
}

/** Makes a knex instance on sqlite3 run its queries through per-connection prepared statements. */
export function usePreparedStatementCache(instance: Knex): Knex {
  const client = instance.client as {
    _query(connection: Connection, obj: QueryObject): Promise<QueryObject>;
    destroyRawConnection(connection: Connection): Promise<void>;
  };
  const destroy = client.destroyRawConnection.bind(client);
  client.destroyRawConnection = async (connection: Connection) => {
    await finalizeAll(connection);
    return destroy(connection);
  };
  // The same decisions as knex's own sqlite3 `_query`: `run` for writes without RETURNING (its
  // context carries lastID and changes), `all` for everything else.
  client._query = async (connection: Connection, obj: QueryObject) => {
    if (!obj.sql) throw new Error('The query is empty');
    const write = obj.method === 'insert' || obj.method === 'update' ? !obj.returning : obj.method === 'counter' || obj.method === 'del';
    const entry = acquire(connection, obj.sql);
    try {
      const stmt = await entry.statement;
      const bindings = obj.bindings ?? [];
      return await new Promise<QueryObject>((resolve, reject) => {
        if (write) {
          stmt.run(bindings, function (err) {
            if (err) return reject(err);
            obj.response = undefined;
            obj.context = { lastID: this.lastID, changes: this.changes };
            resolve(obj);
          });
        } else {
          stmt.all(bindings, function (err, rows) {
            if (err) return reject(err);
            obj.response = rows;
            obj.context = this;
            resolve(obj);
          });
        }
      });
    } finally {
      release(entry);
    }
  };
  return instance;
}
