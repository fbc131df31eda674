import type { Knex } from 'knex';

// Append-only audit log. The application never updates or deletes rows; triggers enforce it on
// both dialects so a bug (or a hand-written query) cannot rewrite history.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('audit_log', (t) => {
    t.increments('id').primary();
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.integer('actor_id').nullable(); // no FK: the log outlives the people in it
    t.string('action', 60).notNullable();
    t.string('entity_type', 40).nullable();
    t.string('entity_id', 64).nullable();
    t.text('details').nullable(); // JSON
    t.string('ip', 64).nullable();
    t.index(['actor_id', 'at']);
    t.index(['action', 'at']);
    t.index(['at']);
  });
  if (knex.client.config.client === 'pg') {
    await knex.raw(`CREATE FUNCTION audit_log_append_only() RETURNS trigger AS $$
      BEGIN RAISE EXCEPTION 'audit_log is append-only'; END; $$ LANGUAGE plpgsql`);
    await knex.raw(`CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);
  } else {
    await knex.raw(`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`);
    await knex.raw(`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`);
  }
}

export async function down(knex: Knex): Promise<void> {
  if (knex.client.config.client === 'pg') {
    await knex.raw('DROP TRIGGER IF EXISTS audit_log_no_update ON audit_log');
    await knex.raw('DROP FUNCTION IF EXISTS audit_log_append_only()');
  }
  await knex.schema.dropTable('audit_log');
}
