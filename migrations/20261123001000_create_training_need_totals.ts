import type { Knex } from 'knex';

// Organisation-wide training-need totals per competency key, kept up to date whenever an
// assessment's results change (submit, return, finalise) and when keys are merged. Aggregating
// assessment_results for 30,000 people takes seconds; this table answers the unfiltered
// training-needs page in one small read. Filtered views still aggregate assessment_results.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('training_need_totals', (t) => {
    t.integer('key_id').primary().references('id').inTable('competency_keys').onDelete('CASCADE');
    t.integer('assessed').notNullable(); // people with a latest result on the key
    t.integer('with_gap').notNullable(); // … whose largest gap on it is > 0
    t.integer('gap_sum').notNullable(); // Σ of each person's largest gap (mean = gap_sum / assessed)
    t.integer('entry_gaps').notNullable(); // … with a gap on an entry-required item of the key
  });
  await fillFromResults(knex);
}

// The totals as of this migration, for a database that already has results. Written out here
// rather than imported: migrations are history and must not change when the app's code does.
async function fillFromResults(knex: Knex): Promise<void> {
  const perPerson = knex('assessment_results as r')
    .join('competency_keys as k', 'k.id', 'r.competency_key_id')
    .where('r.is_latest', true)
    .groupByRaw('COALESCE(k.merged_into_id, k.id), r.employee_id')
    .select(
      knex.raw('COALESCE(k.merged_into_id, k.id) as key_id'),
      'r.employee_id',
      knex.raw('MAX(r.gap) as gap'),
      knex.raw('MAX(CASE WHEN r.required_at_entry AND r.gap > 0 THEN 1 ELSE 0 END) as entry_gap'),
    );
  const rows = await knex
    .from(perPerson.as('p'))
    .groupBy('p.key_id')
    .select(
      'p.key_id',
      knex.raw('COUNT(*) as assessed'),
      knex.raw('SUM(CASE WHEN p.gap > 0 THEN 1 ELSE 0 END) as with_gap'),
      knex.raw('SUM(p.gap) as gap_sum'),
      knex.raw('SUM(p.entry_gap) as entry_gaps'),
    );
  const data = rows.map((r: Record<string, unknown>) => ({
    key_id: Number(r.key_id),
    assessed: Number(r.assessed),
    with_gap: Number(r.with_gap),
    gap_sum: Number(r.gap_sum),
    entry_gaps: Number(r.entry_gaps),
  }));
  for (let i = 0; i < data.length; i += 100) await knex('training_need_totals').insert(data.slice(i, i + 100));
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('training_need_totals');
}
