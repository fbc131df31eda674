import type { Knex } from 'knex';
import { rebuildNeedTotals } from '../src/assessments/need-totals';

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
  await rebuildNeedTotals(knex);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('training_need_totals');
}
