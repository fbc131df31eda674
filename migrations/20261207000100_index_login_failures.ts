import type { Knex } from 'knex';

// Sign-in throttling now counts failures per address (any email) and across all addresses, not
// only per email and address: each count needs its own index so a flood is refused by an index
// range scan rather than a table scan.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('login_failures', (t) => {
    t.index(['ip', 'at'], 'login_failures_ip_at_index');
    t.index(['at'], 'login_failures_at_index');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('login_failures', (t) => {
    t.dropIndex(['at'], 'login_failures_at_index');
    t.dropIndex(['ip', 'at'], 'login_failures_ip_at_index');
  });
}
