import type { Knex } from 'knex';

// Single sign-on attempts, for the admin page that shows the last 100 (issue 22): who the
// provider said the person was (subject, employee ID and email claims), which account that
// matched, and why an attempt was refused. Not the audit log: attempts that match nobody are
// kept here with the claim values, and old rows may be pruned.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('sso_sign_ins', (t) => {
    t.increments('id').primary();
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.string('result', 20).notNullable(); // signed_in | created | refused
    t.string('reason', 40).nullable();
    t.string('detail', 300).nullable(); // what the library said about an invalid response
    t.integer('user_id').nullable().references('id').inTable('users').onDelete('SET NULL');
    t.string('subject', 255).nullable();
    t.string('employee_id', 64).nullable();
    t.string('email', 254).nullable();
    t.string('ip', 64).nullable();
    t.index(['at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('sso_sign_ins');
}
