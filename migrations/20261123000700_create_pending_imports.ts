import type { Knex } from 'knex';

// Import previews (class specs, org files) are held server-side between "preview" and
// "Confirm import", so the confirmation applies exactly what was shown and nothing is stored
// in the catalogue or user table before it.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('pending_imports', (t) => {
    t.increments('id').primary();
    t.integer('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.string('kind', 20).notNullable(); // class-spec | org
    t.string('source_name', 300).nullable();
    t.text('payload').notNullable(); // JSON
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['user_id', 'kind']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('pending_imports');
}
