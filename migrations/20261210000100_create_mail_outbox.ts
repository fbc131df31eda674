import type { Knex } from 'knex';

// The mail outbox (src/mail): a message is written here in the same transaction as the change that
// causes it, then sent by the background worker. Times are epoch milliseconds so that claiming
// ("due now", "claim expired") is a plain integer comparison on SQLite and PostgreSQL alike.
// status: held (waiting for the recipient's daily digest) → queued → sending → sent | failed;
// held messages become `digested` once folded into a digest message.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('mail_outbox', (t) => {
    t.increments('id').primary();
    t.integer('to_user_id').notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.string('kind', 40).notNullable();
    t.string('subject', 300).notNullable();
    t.text('text_body').nullable();
    t.text('html_body').nullable();
    t.string('link', 2000).nullable();
    t.boolean('sensitive').notNullable().defaultTo(false);
    t.string('dedupe_key', 200).nullable().unique();
    t.string('status', 12).notNullable();
    t.integer('attempts').notNullable().defaultTo(0);
    t.bigInteger('next_attempt_at').notNullable();
    t.string('claim_token', 64).nullable();
    t.bigInteger('claimed_at').nullable();
    t.bigInteger('sent_at').nullable();
    t.string('last_error', 300).nullable();
    t.integer('digest_id').nullable().references('id').inTable('mail_outbox').onDelete('SET NULL');
    t.bigInteger('created_at').notNullable();
    t.index(['status', 'next_attempt_at'], 'mail_outbox_due_index');
    t.index(['to_user_id', 'status'], 'mail_outbox_recipient_index');
    t.index(['created_at'], 'mail_outbox_created_index');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('mail_outbox');
}
