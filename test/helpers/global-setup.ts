import fs from 'node:fs';
import path from 'node:path';
import { createDb } from '../../src/db/db';
import { migrateLatest } from '../../src/db/migrations';

// Migrate one template database once; every test file copies it (fast, and isolated).
export const TEMPLATE = path.resolve(__dirname, '../../.tmp/template.db');

export default async function setup(): Promise<void> {
  fs.mkdirSync(path.dirname(TEMPLATE), { recursive: true });
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(TEMPLATE + suffix, { force: true });
  const db = createDb(`sqlite:${TEMPLATE}`);
  await migrateLatest(db);
  await db.raw('PRAGMA wal_checkpoint(TRUNCATE)');
  await db.raw('PRAGMA journal_mode = DELETE');
  await db.destroy();
}
