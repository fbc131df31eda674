import type { Knex } from 'knex';

// One assessment = one employee x one class version x one point in time. Ratings are stored per
// item so two tabs saving different items never overwrite each other. `lock_version` gives
// optimistic locking for review finalisation. readiness/coverage are cached when an assessment is
// submitted or finalised so lists do not recompute every report.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('assessments', (t) => {
    t.increments('id').primary();
    t.integer('employee_id').notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.integer('class_spec_id').notNullable().references('id').inTable('class_specs');
    t.integer('class_version_id').notNullable().references('id').inTable('class_spec_versions');
    t.string('status', 20).notNullable().defaultTo('draft'); // draft | submitted | reviewed
    t.timestamp('started_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('submitted_at', { useTz: true }).nullable();
    t.timestamp('reviewed_at', { useTz: true }).nullable();
    t.integer('reviewer_id').nullable().references('id').inTable('users').onDelete('SET NULL');
    t.timestamp('returned_at', { useTz: true }).nullable();
    t.text('return_comment').nullable();
    t.integer('previous_assessment_id').nullable().references('id').inTable('assessments').onDelete('SET NULL');
    t.float('readiness').nullable();
    t.float('coverage').nullable();
    t.integer('lock_version').notNullable().defaultTo(0);
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['employee_id', 'class_spec_id']);
    t.index(['status', 'submitted_at']);
    t.index(['class_spec_id', 'status']);
  });
  // At most one open (draft or submitted) assessment per employee and class.
  await knex.raw(
    "CREATE UNIQUE INDEX assessments_one_open ON assessments (employee_id, class_spec_id) WHERE status IN ('draft', 'submitted')",
  );
  await knex.schema.createTable('ratings', (t) => {
    t.increments('id').primary();
    t.integer('assessment_id').notNullable().references('id').inTable('assessments').onDelete('CASCADE');
    t.integer('item_id').notNullable().references('id').inTable('spec_items');
    t.integer('self_level').nullable().checkBetween([0, 5]);
    t.text('evidence').nullable();
    t.integer('supervisor_level').nullable().checkBetween([0, 5]);
    t.text('supervisor_comment').nullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['assessment_id', 'item_id']);
    t.index(['item_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('ratings');
  await knex.raw('DROP INDEX IF EXISTS assessments_one_open');
  await knex.schema.dropTable('assessments');
}
