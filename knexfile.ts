// For the knex CLI (e.g. `npx knex migrate:status`); the app itself migrates on start-up
// through src/db/migrations.ts, which lists the same files.
import { loadConfig } from './src/config';
import { createDb, knexConfig } from './src/db/db';
import { migrationSource } from './src/db/migrations';

const db = createDb(loadConfig().databaseUrl);
module.exports = { ...knexConfig(db), migrations: { migrationSource } };
