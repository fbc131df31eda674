import type { Knex } from 'knex';

// Training programs, the competencies they develop, and development-plan actions (which may
// link a program; a completed linked action is what program effectiveness measures).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('training_programs', (t) => {
    t.increments('id').primary();
    t.string('title', 300).notNullable();
    t.string('provider', 300).nullable();
    t.string('format', 30).notNullable(); // course | e-learning | mentoring | on-the-job | certification
    t.float('hours').nullable();
    t.decimal('cost', 12, 2).nullable();
    t.string('url', 2000).nullable();
    t.text('description').nullable();
    t.boolean('active').notNullable().defaultTo(true);
    t.integer('created_by').nullable().references('id').inTable('users').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.createTable('program_competencies', (t) => {
    t.integer('program_id').notNullable().references('id').inTable('training_programs').onDelete('CASCADE');
    t.integer('competency_key_id').notNullable().references('id').inTable('competency_keys').onDelete('CASCADE');
    t.primary(['program_id', 'competency_key_id']);
    t.index(['competency_key_id']);
  });
  await knex.schema.createTable('plan_actions', (t) => {
    t.increments('id').primary();
    t.integer('assessment_id').notNullable().references('id').inTable('assessments').onDelete('CASCADE');
    t.integer('item_id').nullable().references('id').inTable('spec_items');
    t.text('description').notNullable();
    t.integer('program_id').nullable().references('id').inTable('training_programs').onDelete('SET NULL');
    t.date('target_date').nullable();
    t.string('status', 20).notNullable().defaultTo('planned'); // planned | in_progress | done
    t.timestamp('completed_at', { useTz: true }).nullable();
    t.integer('created_by').nullable().references('id').inTable('users').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['assessment_id']);
    t.index(['program_id', 'status']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('plan_actions');
  await knex.schema.dropTable('program_competencies');
  await knex.schema.dropTable('training_programs');
}
