import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';

export class BackupError extends Error {}

/**
 * Writes a compacted, consistent copy of a SQLite database to `file`, which must not exist yet.
 * VACUUM INTO copies one read transaction's snapshot, so writers are not blocked.
 */
export async function backupSqlite(db: Knex, file: string): Promise<void> {
  const target = path.resolve(file);
  if (fs.existsSync(target)) throw new BackupError(`${target} already exists; choose a new file name (a backup never overwrites)`);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  await db.raw('VACUUM INTO ?', [target]);
}
