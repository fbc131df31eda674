// For the knex CLI (e.g. `npx knex migrate:status`); the app itself migrates on start-up
// through src/db/migrations.ts, which lists the same files.
import { loadConfig } from './src/config';
import { createDb } from './src/db/db';
import { migrationSource } from './src/db/migrations';

const db = createDb(loadConfig().databaseUrl);
module.exports = { ...db.client.config, migrations: { migrationSource } };
