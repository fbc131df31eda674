// npm run migrate            → apply pending migrations (the app also does this at start-up)
// npm run migrate -- down    → roll back every migration (empties the database: asks for --yes)
import { loadConfig } from '../config';
import { createDb } from '../db/db';
import { migrateLatest, migrationSource, rollbackAll } from '../db/migrations';

async function main(): Promise<void> {
  const config = loadConfig();
  const db = createDb(config.databaseUrl);
  try {
    if (process.argv[2] === 'down') {
      if (!process.argv.includes('--yes')) {
        console.error('Rolling back removes every table and all data. Run again with --yes to confirm.');
        process.exitCode = 1;
        return;
      }
      await rollbackAll(db);
      console.log('Rolled back all migrations.');
    } else {
      await migrateLatest(db);
      const [done] = (await db.migrate.list({ migrationSource })) as [unknown[], unknown[]];
      console.log(`Database is up to date (${done.length} migrations applied).`);
    }
  } finally {
    await db.destroy();
  }
}

main().catch((err) => {
  console.error(`Migration failed: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
