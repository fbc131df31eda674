import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import knex, { type Knex } from 'knex';
import { createDb, createReadDb } from '../../src/db/db';
import { STATEMENT_CACHE_SIZE, usePreparedStatementCache } from '../../src/db/statement-cache';
import { PG_URL } from '../helpers/test-db';

// The SQLite knex instances keep prepared statements per connection (src/db/statement-cache.ts).
// These tests pin down that queries behave exactly as through knex's own driver calls.
describe.skipIf(PG_URL)('prepared statement cache (SQLite)', () => {
  let dir: string;
  let db: Knex;
  let readDb: Knex;
  let prepares = 0;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-stmt-'));
    const url = `sqlite:${path.join(dir, 'cache.db')}`;
    db = createDb(url);
    readDb = createReadDb(url, db);
    await db.schema.createTable('things', (t) => {
      t.increments('id');
      t.string('name').notNullable().unique();
      t.integer('n');
    });
    // Count prepares on the writer connection.
    const conn = await db.client.acquireConnection();
    const prepare = conn.prepare.bind(conn);
    conn.prepare = (...args: unknown[]) => {
      prepares += 1;
      return prepare(...args);
    };
    await db.client.releaseConnection(conn);
  });

  afterAll(async () => {
    await readDb.destroy();
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('prepares a query shape once and reuses it with other bindings', async () => {
    await db('things').insert({ name: 'first', n: 1 });
    const before = prepares;
    for (let i = 0; i < 5; i++) expect(await db('things').where({ name: 'first' }).first('n')).toEqual({ n: 1 });
    expect(await db('things').where({ name: 'nobody' }).first('n')).toBeUndefined();
    expect(prepares - before).toBe(1);
  });

  it('returns insert ids and affected-row counts as knex does', async () => {
    const [id] = await db('things').insert({ name: 'second', n: 2 });
    expect(await db('things').where({ id }).first('name')).toEqual({ name: 'second' });
    expect(await db('things').whereIn('name', ['first', 'second']).update({ n: 9 })).toBe(2);
    expect(await db('things').where({ name: 'second' }).del()).toBe(1);
    const returned = await db('things').insert({ name: 'third', n: 3 }).returning(['id', 'name']);
    expect(returned).toEqual([{ id: expect.any(Number), name: 'third' }]);
  });

  it("reports SQL errors with the driver's own messages, and the statement still works afterwards", async () => {
    await expect(db.raw('select * from no_such_table')).rejects.toThrow(/no such table: no_such_table/);
    await expect(db.raw('select * from no_such_table')).rejects.toThrow(/no such table/);
    await expect(db('things').insert({ name: 'third', n: 0 })).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT' });
    const [id] = await db('things').insert({ name: 'fourth', n: 4 });
    expect(id).toBeGreaterThan(0);
  });

  it('runs transactions on cached BEGIN/COMMIT/ROLLBACK statements', async () => {
    await db.transaction(async (trx) => {
      await trx('things').insert({ name: 'in-trx', n: 5 });
    });
    await expect(
      db.transaction(async (trx) => {
        await trx('things').insert({ name: 'rolled-back', n: 6 });
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    expect(await db('things').whereIn('name', ['in-trx', 'rolled-back']).pluck('name')).toEqual(['in-trx']);
  });

  it('a cached read statement holds no snapshot: the read pool sees each new commit', async () => {
    const count = async () => Number((await readDb('things').count({ c: '*' }).first())!.c);
    const start = await count();
    for (let i = 0; i < 3; i++) {
      await db('things').insert({ name: `seen-${i}`, n: i });
      expect(await count()).toBe(start + i + 1);
    }
  });

  it('evicts beyond its size and keeps answering correctly', async () => {
    // Distinct SQL texts (IN lists of different lengths) fill the cache past its limit.
    for (let k = 1; k <= STATEMENT_CACHE_SIZE + 20; k++) {
      const names = Array.from({ length: k }, (_, i) => (i === 0 ? 'fourth' : `absent-${i}`));
      expect(await db('things').whereIn('name', names).pluck('n')).toEqual([4]);
    }
    expect(await db('things').where({ name: 'fourth' }).first('n')).toEqual({ n: 4 });
  });

  it('keeps answering when statements are evicted while queries of a transaction are in flight', async () => {
    // Queries sent together inside one transaction share its connection: hundreds of new
    // statements can push out one that a query has been handed but not yet run.
    const results = await db.transaction((trx) =>
      Promise.all([
        trx('things').where({ name: 'fourth' }).first('n'),
        ...Array.from({ length: STATEMENT_CACHE_SIZE + 50 }, (_, k) =>
          trx('things')
            .whereIn(
              'name',
              Array.from({ length: k + 2 }, (_v, i) => `nobody-${i}`),
            )
            .pluck('n'),
        ),
        trx('things').where({ name: 'fourth' }).first('n'),
      ]),
    );
    expect(results[0]).toEqual({ n: 4 });
    expect(results[results.length - 1]).toEqual({ n: 4 });
    expect(results.slice(1, -1).every((r) => Array.isArray(r) && r.length === 0)).toBe(true);
  });

  it('finalises an evicted statement only once the query using it is done', async () => {
    // A stand-in connection whose first statement answers only when the test says so.
    const finalized: string[] = [];
    let answerSlow: (() => void) | undefined;
    const connection = {
      prepare(sql: string, cb: (err: Error | null) => void) {
        const stmt = {
          all(_params: unknown[], done: (this: unknown, err: Error | null, rows: unknown[]) => void) {
            if (sql === 'slow') answerSlow = () => done.call(stmt, null, [{ ok: 1 }]);
            else setImmediate(() => done.call(stmt, null, []));
          },
          run() {},
          finalize(done?: (err: Error | null) => void) {
            finalized.push(sql);
            done?.(null);
          },
        };
        setImmediate(() => cb(null));
        return stmt;
      },
      close(cb: (err: Error | null) => void) {
        cb(null);
      },
    };
    const other = usePreparedStatementCache(
      knex({ client: 'sqlite3', connection: { filename: ':memory:' }, useNullAsDefault: true, pool: { min: 0, max: 1 } }),
    );
    const client = other.client as unknown as {
      _query(c: unknown, o: { sql: string; bindings: unknown[]; method: string }): Promise<{ response: unknown }>;
    };
    const slow = client._query(connection, { sql: 'slow', bindings: [], method: 'select' });
    while (!answerSlow) await new Promise((r) => setImmediate(r));
    for (let i = 0; i < STATEMENT_CACHE_SIZE + 5; i++) await client._query(connection, { sql: `q${i}`, bindings: [], method: 'select' });
    expect(finalized).toContain('q0'); // evicted and idle: finalised at once
    expect(finalized).not.toContain('slow'); // evicted but still in use
    answerSlow();
    expect((await slow).response).toEqual([{ ok: 1 }]);
    await new Promise((r) => setImmediate(r));
    expect(finalized).toContain('slow');
    await other.destroy();
  });

  it('closes connections with cached statements cleanly', async () => {
    // SQLite refuses to close a connection with unfinalised statements; a clean close of the last
    // connection checkpoints the WAL and removes the -wal file.
    const file = path.join(dir, 'close.db');
    const other = createDb(`sqlite:${file}`);
    await other.raw('create table t (x integer)');
    await other('t').insert({ x: 1 });
    expect(await other('t').pluck('x')).toEqual([1]);
    expect(fs.existsSync(`${file}-wal`)).toBe(true);
    await other.destroy();
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
  });
});
