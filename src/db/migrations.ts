import type { Knex } from 'knex';
import * as m0100 from '../../migrations/20261123000100_create_users';
import * as m0200 from '../../migrations/20261123000200_create_sessions';
import * as m0300 from '../../migrations/20261123000300_create_class_specs';
import * as m0400 from '../../migrations/20261123000400_create_assessments';
import * as m0500 from '../../migrations/20261123000500_create_training';
import * as m0600 from '../../migrations/20261123000600_create_audit_log';
import * as m0700 from '../../migrations/20261123000700_create_pending_imports';
import * as m0800 from '../../migrations/20261123000800_create_assessment_results';
import * as m1000 from '../../migrations/20261123001000_create_training_need_totals';
import * as m20261202_0100 from '../../migrations/20261202000100_refuse_audit_log_overwrite';
import * as m20261207_0100 from '../../migrations/20261207000100_index_login_failures';
import * as m20261208_0100 from '../../migrations/20261208000100_create_pending_import_pages';
import * as m20261207_2200 from '../../migrations/20261207002200_create_sso_sign_ins';
import * as m20261207_2300 from '../../migrations/20261207002300_create_settings';
import * as m20261209_120000 from '../../migrations/20261209120000_add_corrected_to_class_spec_versions';
import * as m20261210_0100 from '../../migrations/20261210000100_create_mail_outbox';
import * as m20261210_0200 from '../../migrations/20261210000200_create_mail_preferences';
import * as m20261210_0300 from '../../migrations/20261210000300_create_password_reset_tokens';
import * as m20261210_0400 from '../../migrations/20261210000400_create_scheduled_runs';
import * as m20261211_0100 from '../../migrations/20261211000100_create_cycles';
import * as m20261212_0100 from '../../migrations/20261212000100_add_reminder_days_to_cycles';
import * as m20261213_0100 from '../../migrations/20261213000100_add_stage_to_cycle_members';

type Migration = { up(knex: Knex): Promise<void>; down(knex: Knex): Promise<void> };

// Migrations are listed here rather than discovered on disk so the same list works under tsx,
// vitest and the compiled build. Add new ones at the end; never edit one that has landed.
const MIGRATIONS: Record<string, Migration> = {
  '20261123000100_create_users': m0100,
  '20261123000200_create_sessions': m0200,
  '20261123000300_create_class_specs': m0300,
  '20261123000400_create_assessments': m0400,
  '20261123000500_create_training': m0500,
  '20261123000600_create_audit_log': m0600,
  '20261123000700_create_pending_imports': m0700,
  '20261123000800_create_assessment_results': m0800,
  '20261123001000_create_training_need_totals': m1000,
  '20261202000100_refuse_audit_log_overwrite': m20261202_0100,
  '20261207000100_index_login_failures': m20261207_0100,
  '20261207002200_create_sso_sign_ins': m20261207_2200,
  '20261207002300_create_settings': m20261207_2300,
  '20261208000100_create_pending_import_pages': m20261208_0100,
  '20261209120000_add_corrected_to_class_spec_versions': m20261209_120000,
  '20261210000100_create_mail_outbox': m20261210_0100,
  '20261210000200_create_mail_preferences': m20261210_0200,
  '20261210000300_create_password_reset_tokens': m20261210_0300,
  '20261210000400_create_scheduled_runs': m20261210_0400,
  '20261211000100_create_cycles': m20261211_0100,
  '20261212000100_add_reminder_days_to_cycles': m20261212_0100,
  '20261213000100_add_stage_to_cycle_members': m20261213_0100,
};

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations() {
    return Promise.resolve(Object.keys(MIGRATIONS));
  },
  getMigrationName(name) {
    return name;
  },
  getMigration(name) {
    return Promise.resolve(MIGRATIONS[name]);
  },
};

export async function migrateLatest(db: Knex): Promise<void> {
  await db.migrate.latest({ migrationSource });
}

export async function rollbackAll(db: Knex): Promise<void> {
  await db.migrate.rollback({ migrationSource }, true);
}
