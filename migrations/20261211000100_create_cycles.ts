import type { Knex } from 'knex';

// Assessment cycles (issue 21): HR opens a round of self-assessments for a population at once.
// - users.job_class_id: the class a person is assessed against by default (their own job class).
// - cycles: the round itself; `status` is opening (members still pending) → open → closed.
// - cycle_members: one row per person the cycle covers, with their state (pending, created,
//   skipped + reason) so opening 30,000 drafts runs in resumable chunks: after a crash the pending
//   rows are exactly the people still to do.
// - assessments.cycle_id and the employee's acknowledgement of the finalised result.
// Columns added to existing tables carry no foreign key on SQLite: adding one there makes knex
// rebuild the table (assessments has a partial unique index and 2 million ratings hang off it);
// the cycles feature is the only writer of these columns and checks the ids it stores.
export async function up(knex: Knex): Promise<void> {
  const pg = knex.client.config.client === 'pg';
  await knex.schema.alterTable('users', (t) => {
    const c = t.integer('job_class_id').nullable();
    if (pg) c.references('id').inTable('class_specs').onDelete('SET NULL');
    t.index(['job_class_id']);
  });
  await knex.schema.createTable('cycles', (t) => {
    t.increments('id').primary();
    t.string('name', 200).notNullable();
    t.string('population_kind', 20).notNullable(); // department | subtree | everyone | list
    t.text('population_value').nullable(); // the department, the supervisor's e-mail, or the list as typed
    t.integer('target_class_spec_id').nullable().references('id').inTable('class_specs'); // null = each person's job class
    t.string('self_due', 10).notNullable(); // YYYY-MM-DD
    t.string('review_due', 10).notNullable();
    t.string('status', 20).notNullable().defaultTo('opening'); // opening | open | closed
    t.integer('created_by').nullable().references('id').inTable('users').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('opened_at', { useTz: true }).nullable();
    t.timestamp('closed_at', { useTz: true }).nullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['status']);
  });
  await knex.schema.createTable('cycle_members', (t) => {
    t.increments('id').primary();
    t.integer('cycle_id').notNullable().references('id').inTable('cycles').onDelete('CASCADE');
    t.integer('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.string('state', 20).notNullable().defaultTo('pending'); // pending | created | skipped
    t.string('skip_reason', 40).nullable(); // open-assessment | no-job-class | deactivated | no-version
    t.integer('class_spec_id').nullable().references('id').inTable('class_specs');
    t.integer('assessment_id').nullable().references('id').inTable('assessments').onDelete('SET NULL');
    t.timestamp('added_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['cycle_id', 'user_id']);
    t.index(['cycle_id', 'state']);
    t.index(['user_id']);
    t.index(['assessment_id']);
  });
  await knex.schema.alterTable('assessments', (t) => {
    const c = t.integer('cycle_id').nullable();
    if (pg) c.references('id').inTable('cycles').onDelete('SET NULL');
    t.timestamp('acknowledged_at', { useTz: true }).nullable();
    t.text('acknowledgement_comment').nullable();
    t.index(['cycle_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('assessments', (t) => {
    t.dropIndex(['cycle_id']);
    t.dropColumn('cycle_id');
    t.dropColumn('acknowledged_at');
    t.dropColumn('acknowledgement_comment');
  });
  await knex.schema.dropTable('cycle_members');
  await knex.schema.dropTable('cycles');
  await knex.schema.alterTable('users', (t) => {
    t.dropIndex(['job_class_id']);
    t.dropColumn('job_class_id');
  });
}
