import type { Knex } from 'knex';
import { isPostgres } from '../db/db';

type Q = Knex | Knex.Transaction;

// Organisation-wide training-need totals (table training_need_totals), maintained incrementally.
// The unit is a person × competency key (merged keys resolved): their largest gap on the key over
// their latest results, and whether an entry-required item of the key has a gap. This is the same
// reduction as the training-needs aggregation, so the totals equal its unfiltered result.

export interface PersonNeed { gap: number; entryGap: boolean }
export interface NeedTotal { keyId: number; assessed: number; withGap: number; gapSum: number; entryGaps: number }

function perPersonKey(db: Q) {
  return db('assessment_results as r')
    .join('competency_keys as k', 'k.id', 'r.competency_key_id')
    .where('r.is_latest', true)
    .groupByRaw('COALESCE(k.merged_into_id, k.id), r.employee_id')
    .select(
      db.raw('COALESCE(k.merged_into_id, k.id) as key_id'),
      'r.employee_id',
      db.raw('MAX(r.gap) as gap'),
      db.raw('MAX(CASE WHEN r.required_at_entry AND r.gap > 0 THEN 1 ELSE 0 END) as entry_gap'),
    );
}

/** One person's contribution per key, from their latest results. */
export async function personNeeds(db: Q, employeeId: number): Promise<Map<number, PersonNeed>> {
  const rows = await perPersonKey(db).where('r.employee_id', employeeId);
  return new Map(rows.map((r: Record<string, unknown>) => [Number(r.key_id), { gap: Number(r.gap), entryGap: Number(r.entry_gap) > 0 }]));
}

function contribution(n: PersonNeed | undefined) {
  return n ? { assessed: 1, withGap: n.gap > 0 ? 1 : 0, gapSum: n.gap, entryGaps: n.entryGap ? 1 : 0 } : { assessed: 0, withGap: 0, gapSum: 0, entryGaps: 0 };
}

/** Moves the totals from a person's `before` contribution to their `after` one. */
export async function applyNeedDelta(db: Q, before: Map<number, PersonNeed>, after: Map<number, PersonNeed>): Promise<void> {
  for (const keyId of new Set([...before.keys(), ...after.keys()])) {
    const b = contribution(before.get(keyId));
    const a = contribution(after.get(keyId));
    const d = { assessed: a.assessed - b.assessed, withGap: a.withGap - b.withGap, gapSum: a.gapSum - b.gapSum, entryGaps: a.entryGaps - b.entryGaps };
    if (!d.assessed && !d.withGap && !d.gapSum && !d.entryGaps) continue;
    const updated = await db('training_need_totals')
      .where({ key_id: keyId })
      .update({
        assessed: db.raw('assessed + ?', [d.assessed]),
        with_gap: db.raw('with_gap + ?', [d.withGap]),
        gap_sum: db.raw('gap_sum + ?', [d.gapSum]),
        entry_gaps: db.raw('entry_gaps + ?', [d.entryGaps]),
      });
    if (!Number(updated)) {
      await db('training_need_totals')
        .insert({ key_id: keyId, assessed: d.assessed, with_gap: d.withGap, gap_sum: d.gapSum, entry_gaps: d.entryGaps })
        .onConflict('key_id')
        .merge({
          assessed: db.raw('training_need_totals.assessed + ?', [d.assessed]),
          with_gap: db.raw('training_need_totals.with_gap + ?', [d.withGap]),
          gap_sum: db.raw('training_need_totals.gap_sum + ?', [d.gapSum]),
          entry_gaps: db.raw('training_need_totals.entry_gaps + ?', [d.entryGaps]),
        });
    }
  }
  await db('training_need_totals').where('assessed', '<=', 0).del();
}

/**
 * Runs `change` (which rewrites one person's assessment_results) and moves the totals by the
 * difference it made. Call inside the transaction of the change. On PostgreSQL the person's row is
 * locked first so two simultaneous changes for one person cannot both apply a stale difference.
 */
export async function withNeedTotals<T>(db: Q, employeeId: number, change: () => Promise<T>): Promise<T> {
  if (isPostgres(db as Knex)) await db('users').where({ id: employeeId }).forUpdate().first('id');
  const before = await personNeeds(db, employeeId);
  const result = await change();
  await applyNeedDelta(db, before, await personNeeds(db, employeeId));
  return result;
}

/** Recomputes the totals from assessment_results: all keys, or only `keyIds` (after a key merge). */
export async function rebuildNeedTotals(db: Q, keyIds?: number[]): Promise<void> {
  const inner = perPersonKey(db);
  const del = db('training_need_totals');
  if (keyIds) {
    if (!keyIds.length) return;
    inner.whereRaw(`COALESCE(k.merged_into_id, k.id) in (${keyIds.map(() => '?').join(',')})`, keyIds);
    del.whereIn('key_id', keyIds);
  }
  await del.del();
  const rows = await db
    .from(inner.as('p'))
    .groupBy('p.key_id')
    .select(
      'p.key_id',
      db.raw('COUNT(*) as assessed'),
      db.raw('SUM(CASE WHEN p.gap > 0 THEN 1 ELSE 0 END) as with_gap'),
      db.raw('SUM(p.gap) as gap_sum'),
      db.raw('SUM(p.entry_gap) as entry_gaps'),
    );
  const data = rows.map((r: Record<string, unknown>) => ({
    key_id: Number(r.key_id), assessed: Number(r.assessed), with_gap: Number(r.with_gap), gap_sum: Number(r.gap_sum), entry_gaps: Number(r.entry_gaps),
  }));
  for (let i = 0; i < data.length; i += 100) await db('training_need_totals').insert(data.slice(i, i + 100));
}

/** The totals with their keys, for the unfiltered (whole organisation) training-needs view. */
export async function readNeedTotals(db: Q): Promise<(NeedTotal & { key: string; label: string; category: string; meanGap: number })[]> {
  const rows = await db('training_need_totals as t')
    .join('competency_keys as k', 'k.id', 't.key_id')
    .select('t.*', 'k.key', 'k.label', 'k.category');
  return rows.map((r: Record<string, unknown>) => ({
    keyId: Number(r.key_id),
    key: String(r.key),
    label: String(r.label),
    category: String(r.category),
    assessed: Number(r.assessed),
    withGap: Number(r.with_gap),
    gapSum: Number(r.gap_sum),
    meanGap: Number(r.assessed) ? Number(r.gap_sum) / Number(r.assessed) : 0,
    entryGaps: Number(r.entry_gaps),
  }));
}
