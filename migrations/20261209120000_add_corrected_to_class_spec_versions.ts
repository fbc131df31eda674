import type { Knex } from 'knex';

// A version confirmed after HR corrected the import preview (title given, items edited, split,
// merged, moved, added or deleted) says so: the stored version is then not exactly what was read
// from the document, and the class page and the audit log can tell.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('class_spec_versions', (t) => {
    t.boolean('corrected').notNullable().defaultTo(false);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('class_spec_versions', (t) => {
    t.dropColumn('corrected');
  });
}
