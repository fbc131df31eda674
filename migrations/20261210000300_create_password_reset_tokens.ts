import type { Knex } from 'knex';

// Password reset and "set your password" links. Only the sha256 of a token is stored, so a copy of
// the database cannot be used to reset anyone's password. password_reset_requests counts requests
// per typed address and per client address for throttling, whether or not the address exists.
// Times are epoch milliseconds.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('password_reset_tokens', (t) => {
    t.increments('id').primary();
    t.integer('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.string('token_hash', 64).notNullable().unique();
    t.string('purpose', 12).notNullable();
    t.bigInteger('expires_at').notNullable();
    t.bigInteger('used_at').nullable();
    t.bigInteger('created_at').notNullable();
    t.index(['user_id']);
  });
  await knex.schema.createTable('password_reset_requests', (t) => {
    t.increments('id').primary();
    t.string('email', 254).notNullable();
    t.string('ip', 64).notNullable();
    t.bigInteger('at').notNullable();
    t.index(['email', 'at']);
    t.index(['ip', 'at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('password_reset_requests');
  await knex.schema.dropTable('password_reset_tokens');
}
