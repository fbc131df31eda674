import type { Knex } from 'knex';

// How each person wants notifications that are not deadlines: at once (no row, the default) or in
// one daily digest. Owned by the mail feature, so it is its own table rather than a users column.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('mail_preferences', (t) => {
    t.integer('user_id').primary().references('id').inTable('users').onDelete('CASCADE');
    t.boolean('daily_digest').notNullable().defaultTo(false);
    t.bigInteger('updated_at').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('mail_preferences');
}
