import type { Knex } from 'knex';

// The append-only audit log had a gap on SQLite: `INSERT OR REPLACE INTO audit_log(id, …)` with an
// existing id deletes that row without firing delete triggers (recursive_triggers is off) and
// writes a new one. An insert whose id already exists is now refused on both dialects (on
// PostgreSQL the primary key already refuses it; the trigger gives the same message), and on
// PostgreSQL TRUNCATE, which skips row triggers, is refused too.
export async function up(knex: Knex): Promise<void> {
  if (knex.client.config.client === 'pg') {
    await knex.raw(`CREATE FUNCTION audit_log_no_overwrite() RETURNS trigger AS $$
      BEGIN
        IF NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id) THEN
          RAISE EXCEPTION 'audit_log is append-only';
        END IF;
        RETURN NEW;
      END; $$ LANGUAGE plpgsql`);
    await knex.raw(`CREATE TRIGGER audit_log_no_overwrite BEFORE INSERT ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_no_overwrite()`);
    await knex.raw(`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`);
  } else {
    await knex.raw(`CREATE TRIGGER audit_log_no_overwrite BEFORE INSERT ON audit_log
      WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id)
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`);
  }
}

export async function down(knex: Knex): Promise<void> {
  if (knex.client.config.client === 'pg') {
    await knex.raw('DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log');
    await knex.raw('DROP TRIGGER IF EXISTS audit_log_no_overwrite ON audit_log');
    await knex.raw('DROP FUNCTION IF EXISTS audit_log_no_overwrite()');
  } else {
    await knex.raw('DROP TRIGGER IF EXISTS audit_log_no_overwrite');
  }
}
