import type { Knex } from 'knex';

// People, their roles and the reporting line. Emails are stored lower-cased so the unique index
// is case-insensitive on both SQLite and PostgreSQL.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('users', (t) => {
    t.increments('id').primary();
    t.string('email', 254).notNullable().unique();
    t.string('employee_id', 64).nullable().unique();
    t.string('display_name', 200).notNullable();
    t.string('password_hash', 300).nullable();
    t.integer('supervisor_id').nullable().references('id').inTable('users').onDelete('SET NULL');
    t.string('department', 200).nullable();
    t.string('job_title', 200).nullable();
    t.boolean('active').notNullable().defaultTo(true);
    t.boolean('must_change_password').notNullable().defaultTo(false);
    t.timestamp('password_changed_at', { useTz: true }).nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['supervisor_id']);
    t.index(['department']);
    t.index(['display_name']);
  });
  await knex.schema.createTable('user_roles', (t) => {
    t.integer('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.string('role', 20).notNullable();
    t.primary(['user_id', 'role']);
    t.index(['role']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('user_roles');
  await knex.schema.dropTable('users');
}
