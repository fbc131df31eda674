import type { Knex } from 'knex';

// Sessions live in the database so app instances are interchangeable and a user's sessions can be
// ended at once (deactivation, password reset). user_id is set when someone signs in.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('sessions', (t) => {
    t.string('sid', 128).primary();
    t.text('sess').notNullable();
    t.bigInteger('expires_at').notNullable();
    t.integer('user_id').nullable().references('id').inTable('users').onDelete('CASCADE');
    t.index(['expires_at']);
    t.index(['user_id']);
  });
  await knex.schema.createTable('login_failures', (t) => {
    t.increments('id').primary();
    t.string('email', 254).notNullable();
    t.string('ip', 64).notNullable();
    t.bigInteger('at').notNullable();
    t.index(['email', 'ip', 'at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('login_failures');
  await knex.schema.dropTable('sessions');
}
