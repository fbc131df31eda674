// `npm run backup -- <file>`: a consistent copy of the database while the app keeps running.
// SQLite: VACUUM INTO (a snapshot of one read transaction; writers are not blocked). PostgreSQL:
// prints the pg_dump command for the configured database, without the password.
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig, ConfigError } from '../config';
import { createDb } from '../db/db';
import { backupSqlite, BackupError } from '../db/backup';

/** The pg_dump command for a postgres:// URL; the password is left to PGPASSWORD or ~/.pgpass. */
export function pgDumpCommand(databaseUrl: string, file: string): string {
  const u = new URL(databaseUrl);
  const quote = (s: string) => (/^[\w./:@%+=-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  const parts = ['pg_dump', '--format=custom', '--no-owner', `--file=${quote(file)}`];
  if (u.hostname) parts.push(`--host=${quote(decodeURIComponent(u.hostname))}`);
  if (u.port) parts.push(`--port=${u.port}`);
  if (u.username) parts.push(`--username=${quote(decodeURIComponent(u.username))}`);
  parts.push(quote(decodeURIComponent(u.pathname.replace(/^\//, '')) || 'postgres'));
  return parts.join(' ');
}

async function main(argv: string[]): Promise<number> {
  const file = argv[0];
  if (!file || argv.length > 1) {
    console.error('Usage: npm run backup -- <file>');
    return 2;
  }
  const config = loadConfig();
  if (config.databaseUrl.startsWith('postgres')) {
    console.log('The database is PostgreSQL: back it up with pg_dump (give the password through PGPASSWORD or ~/.pgpass):');
    console.log(`  ${pgDumpCommand(config.databaseUrl, file)}`);
    console.log(`Restore into an empty database with: pg_restore --no-owner --dbname=<database> ${file}`);
    return 0;
  }
  const source = config.databaseUrl.replace(/^sqlite:/, '');
  if (!fs.existsSync(source)) {
    console.error(`No database at ${source}: nothing to back up.`);
    return 1;
  }
  const db = createDb(config.databaseUrl);
  try {
    await backupSqlite(db, file);
  } finally {
    await db.destroy();
  }
  const size = fs.statSync(file).size;
  console.log(`Backed up ${source} to ${path.resolve(file)} (${(size / 1_048_576).toFixed(1)} MB).`);
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      console.error(err instanceof BackupError || err instanceof ConfigError ? err.message : err);
      process.exit(1);
    },
  );
}
