import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import knex, { type Knex } from 'knex';
import { createDb, createReadDb } from '../../src/db/db';

// The suite runs on SQLite by default. With DATABASE_URL=postgres://… it runs on PostgreSQL:
// the global setup migrates a template database once and every test file gets its own copy.
export const PG_URL = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? '') ? process.env.DATABASE_URL! : null;
export const SQLITE_TEMPLATE = path.resolve(__dirname, '../../.tmp/template.db');
export const PG_TEMPLATE = 'cg_test_template';

export function pgUrlFor(database: string): string {
  const u = new URL(PG_URL!);
  u.pathname = `/${database}`;
  return u.toString();
}

export function adminPg(): Knex {
  return knex({ client: 'pg', connection: pgUrlFor('postgres'), pool: { min: 0, max: 1 } });
}

export interface TestDb {
  db: Knex;
  /** The app's read pool (src/db/db.ts createReadDb): separate read connections on SQLite, `db` on PostgreSQL. */
  readDb: Knex;
  /** Creates the database (PostgreSQL) — call in beforeAll. */
  create(): Promise<void>;
  drop(): Promise<void>;
  label: string;
}

export function newTestDb(): TestDb {
  const id = `${process.pid}_${crypto.randomUUID().replace(/-/g, '').slice(0, 12)}`;
  if (PG_URL) {
    const name = `cg_test_${id}`;
    const db = createDb(pgUrlFor(name));
    return {
      db,
      readDb: db,
      label: name,
      async create() {
        const admin = adminPg();
        try {
          await admin.raw(`CREATE DATABASE ${name} TEMPLATE ${PG_TEMPLATE}`);
        } finally {
          await admin.destroy();
        }
      },
      async drop() {
        await db.destroy();
        const admin = adminPg();
        try {
          await admin.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        } finally {
          await admin.destroy();
        }
      },
    };
  }
  const file = path.resolve(__dirname, `../../.tmp/test-${id}.db`);
  fs.copyFileSync(SQLITE_TEMPLATE, file);
  const db = createDb(`sqlite:${file}`);
  const readDb = createReadDb(`sqlite:${file}`, db);
  return {
    db,
    readDb,
    label: file,
    async create() {},
    async drop() {
      await readDb.destroy();
      await db.destroy();
      for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
    },
  };
}
