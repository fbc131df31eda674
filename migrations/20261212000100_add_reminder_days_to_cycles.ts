import type { Knex } from 'knex';

// Deadline reminders of assessment cycles (issue 21): how many days before each due date people
// who are not done yet get a reminder, as a comma-separated list of whole days ("7,1" by default).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('cycles', (t) => {
    t.string('reminder_days', 40).notNullable().defaultTo('7,1');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('cycles', (t) => {
    t.dropColumn('reminder_days');
  });
}
