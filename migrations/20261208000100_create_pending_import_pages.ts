import type { Knex } from 'knex';

// An org import preview keeps its rows here, one row of this table per page of the preview, so
// that showing a page reads that page only and the preview itself (pending_imports.payload) stays
// small: the summary, the first rows with errors and the number of pages.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('pending_import_pages', (t) => {
    t.integer('pending_id').notNullable().references('id').inTable('pending_imports').onDelete('CASCADE');
    t.integer('page').notNullable(); // 1, 2, …
    t.text('rows').notNullable(); // JSON: an array of rows, each an array
    t.primary(['pending_id', 'page']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('pending_import_pages');
}
