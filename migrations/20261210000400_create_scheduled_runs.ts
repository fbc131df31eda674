import type { Knex } from 'knex';

// One row per run of a scheduled job (e.g. the daily digest of 2026-12-10). The unique key makes
// the run happen once per deployment: every app instance tries to insert it, one succeeds.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('scheduled_runs', (t) => {
    t.increments('id').primary();
    t.string('job', 60).notNullable();
    t.string('run_key', 60).notNullable();
    t.bigInteger('started_at').notNullable();
    t.bigInteger('finished_at').nullable();
    t.string('outcome', 300).nullable();
    t.unique(['job', 'run_key'], { indexName: 'scheduled_runs_job_key_unique' });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('scheduled_runs');
}
