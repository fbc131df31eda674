import type { Knex } from 'knex';

// Settings administrators change at run time (the first: whether password sign-in is allowed
// for everyone), kept in the database so every app instance reads the same value. A missing
// row means the default.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('settings', (t) => {
    t.string('key', 60).primary();
    t.text('value').notNullable();
    t.integer('updated_by').nullable().references('id').inTable('users').onDelete('SET NULL');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('settings');
}
