import type { Knex } from 'knex';
import type { Logger } from '../src/logger';
import { assignDemoJobClasses, seedDemoUsers, DEMO_PASSWORD, DEMO_PEOPLE } from './demo-users';
import { seedDemoSpecs } from './demo-specs';
import { seedDemoTraining } from './demo-training';

export { DEMO_PASSWORD, DEMO_PEOPLE };

/** True when the database has nobody in it yet: demo data goes only into an empty database. */
export async function isEmptyDatabase(db: Knex): Promise<boolean> {
  const row: unknown = await db('users').first('id');
  return !row;
}

/** Seeds the demo organisation. Each step builds on the previous one. */
export async function seedDemo(db: Knex, logger?: Logger): Promise<void> {
  const ids = await seedDemoUsers(db);
  logger?.info({ users: ids.size }, 'demo users created');
  const specs = await seedDemoSpecs(db);
  logger?.info({ classes: specs.map((s) => s.title) }, 'demo class specifications imported');
  await assignDemoJobClasses(db, ids, specs);
  await seedDemoTraining(db);
}
