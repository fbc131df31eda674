import type { Knex } from 'knex';

// The catalogue: a class has versions (each import of a matching title/code adds one); items
// belong to a version so assessments stay on the version they were started on. Competency keys
// link the same competency across classes; an optional O*NET element gives level examples.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('onet_elements', (t) => {
    t.string('element_id', 40).primary();
    t.string('name', 200).notNullable();
    t.text('description').notNullable();
  });
  await knex.schema.createTable('onet_anchors', (t) => {
    t.increments('id').primary();
    t.string('element_id', 40).notNullable().references('element_id').inTable('onet_elements').onDelete('CASCADE');
    t.string('scale_id', 8).notNullable();
    t.integer('anchor_value').notNullable();
    t.text('description').notNullable();
    t.index(['element_id']);
  });
  await knex.schema.createTable('competency_keys', (t) => {
    t.increments('id').primary();
    t.string('key', 200).notNullable().unique();
    t.string('label', 500).notNullable();
    t.string('category', 20).notNullable();
    t.integer('merged_into_id').nullable().references('id').inTable('competency_keys');
    t.string('onet_element_id', 40).nullable().references('element_id').inTable('onet_elements').onDelete('SET NULL');
    t.string('onet_link_status', 20).nullable(); // auto | confirmed | review
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.createTable('class_specs', (t) => {
    t.increments('id').primary();
    t.string('title', 300).notNullable();
    t.string('title_normalized', 300).notNullable();
    t.string('code', 40).nullable();
    t.string('family', 200).nullable();
    t.string('service', 200).nullable();
    t.string('group_name', 200).nullable();
    t.string('series', 200).nullable();
    t.integer('current_version_id').nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['title_normalized']);
    t.index(['code']);
  });
  await knex.schema.createTable('class_spec_versions', (t) => {
    t.increments('id').primary();
    t.integer('class_spec_id').notNullable().references('id').inTable('class_specs').onDelete('CASCADE');
    t.integer('version').notNullable();
    t.text('characteristics').nullable();
    t.text('duties').notNullable(); // JSON array of strings
    t.text('qualifications').notNullable(); // JSON { education: [], certifications: [] }
    t.text('details').notNullable(); // JSON { workingConditions, equipment, physicalRequirements }
    t.text('warnings').notNullable(); // JSON array
    t.string('source_name', 300).nullable();
    t.integer('imported_by').nullable().references('id').inTable('users').onDelete('SET NULL');
    t.timestamp('imported_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['class_spec_id', 'version']);
  });
  await knex.schema.createTable('spec_items', (t) => {
    t.increments('id').primary();
    t.integer('version_id').notNullable().references('id').inTable('class_spec_versions').onDelete('CASCADE');
    t.string('category', 20).notNullable(); // knowledge | skill | ability | competency
    t.string('name', 300).nullable();
    t.text('text').notNullable();
    t.string('qualifier', 20).nullable(); // comprehensive | considerable | moderate
    t.integer('required_level').notNullable();
    t.integer('default_required_level').notNullable();
    t.boolean('required_at_entry').notNullable().defaultTo(false);
    t.integer('position').notNullable();
    t.integer('competency_key_id').notNullable().references('id').inTable('competency_keys');
    t.index(['version_id', 'position']);
    t.index(['competency_key_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('spec_items');
  await knex.schema.dropTable('class_spec_versions');
  await knex.schema.dropTable('class_specs');
  await knex.schema.dropTable('competency_keys');
  await knex.schema.dropTable('onet_anchors');
  await knex.schema.dropTable('onet_elements');
}
