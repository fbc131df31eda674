import fs from 'node:fs';
import path from 'node:path';
import { createDb } from '../../src/db/db';
import { migrateLatest } from '../../src/db/migrations';
import { PG_URL, PG_TEMPLATE, SQLITE_TEMPLATE, adminPg, pgUrlFor } from './test-db';

// Migrate one template database once; every test file copies it (fast, and isolated).
export default async function setup(): Promise<void> {
  fs.mkdirSync(path.dirname(SQLITE_TEMPLATE), { recursive: true });
  if (PG_URL) {
    const admin = adminPg();
    try {
      const stale = await admin('pg_database').where('datname', 'like', 'cg_test_%').pluck('datname');
      for (const name of stale) await admin.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.raw(`CREATE DATABASE ${PG_TEMPLATE}`);
    } finally {
      await admin.destroy();
    }
    const db = createDb(pgUrlFor(PG_TEMPLATE));
    await migrateLatest(db);
    await db.destroy();
    return;
  }
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(SQLITE_TEMPLATE + suffix, { force: true });
  const db = createDb(`sqlite:${SQLITE_TEMPLATE}`);
  await migrateLatest(db);
  await db.raw('PRAGMA wal_checkpoint(TRUNCATE)');
  await db.raw('PRAGMA journal_mode = DELETE');
  await db.destroy();
}
