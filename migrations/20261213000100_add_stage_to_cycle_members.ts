import type { Knex } from 'knex';

// The completion dashboard of a cycle (issue 21) at 30,000 members: each member's stage is kept on
// cycle_members (not_started | draft | submitted | returned | reviewed), written by the assessment
// lifecycle in the transaction that changes it, so the dashboard groups one table joined to users
// instead of working the stage out from assessments and ratings for every member on every read.
// Existing members are backfilled with the rules the dashboard used until now.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('cycle_members', (t) => {
    t.string('stage', 20).notNullable().defaultTo('not_started');
    // No covering index for the dashboard: it took the read from 69 to 59 ms at 30,000 members but
    // the opening's first transaction (all members recorded at once) from 92–159 to 182–189 ms,
    // next to the 200 ms writer-hold limit (interleaved runs, docs/performance.md).
  });
  await knex.raw(`update cycle_members set stage = coalesce((
    select case
      when a.status = 'reviewed' then 'reviewed'
      when a.status = 'submitted' then 'submitted'
      when a.returned_at is not null then 'returned'
      when exists (select 1 from ratings r where r.assessment_id = a.id) then 'draft'
      else 'not_started' end
    from assessments a where a.id = cycle_members.assessment_id), 'not_started')
  where assessment_id is not null`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('cycle_members', (t) => {
    t.dropColumn('stage');
  });
}
