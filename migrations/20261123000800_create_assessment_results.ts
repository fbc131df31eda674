import type { Knex } from 'knex';

// Per-item results of submitted and reviewed assessments, kept up to date on submit, return and
// finalise. Organisation-wide aggregates (training needs, effectiveness) read this table instead
// of recomputing every report; `is_latest` marks each person's latest assessment per class.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('assessment_results', (t) => {
    t.integer('assessment_id').notNullable().references('id').inTable('assessments').onDelete('CASCADE');
    t.integer('item_id').notNullable().references('id').inTable('spec_items');
    t.integer('employee_id').notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.integer('class_spec_id').notNullable().references('id').inTable('class_specs');
    t.integer('competency_key_id').notNullable().references('id').inTable('competency_keys');
    t.integer('level').notNullable();
    t.integer('required_level').notNullable();
    t.integer('gap').notNullable();
    t.boolean('required_at_entry').notNullable();
    t.boolean('is_latest').notNullable().defaultTo(true);
    t.timestamp('assessed_at', { useTz: true }).notNullable();
    t.primary(['assessment_id', 'item_id']);
    t.index(['is_latest', 'competency_key_id']);
    t.index(['employee_id', 'class_spec_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('assessment_results');
}
