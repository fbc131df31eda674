import type { Knex } from 'knex';
import { type Category } from '../competency/category';
import { whereContains } from '../db/like';

// Competency keys for the admin merge page, and the merge itself (knex only).
type Q = Knex | Knex.Transaction;

export interface KeyRow {
  id: number;
  key: string;
  label: string;
  category: Category;
  mergedIntoId: number | null;
  itemCount: number;
  classCount: number;
}

function toKey(r: Record<string, unknown>): KeyRow {
  return {
    id: Number(r.id),
    key: String(r.key),
    label: String(r.label),
    category: r.category as Category,
    mergedIntoId: r.merged_into_id == null ? null : Number(r.merged_into_id),
    itemCount: Number(r.items ?? 0),
    classCount: Number(r.classes ?? 0),
  };
}

function withUsage(db: Q) {
  return db('competency_keys as k')
    .leftJoin('spec_items as i', 'i.competency_key_id', 'k.id')
    .leftJoin('class_spec_versions as v', 'v.id', 'i.version_id')
    .groupBy('k.id', 'k.key', 'k.label', 'k.category', 'k.merged_into_id')
    .select('k.id', 'k.key', 'k.label', 'k.category', 'k.merged_into_id')
    .select(db.raw('COUNT(i.id) as items'), db.raw('COUNT(DISTINCT v.class_spec_id) as classes'));
}

/** Keys still in use (not merged away), optionally filtered by label or slug, in category then label order. */
export async function listActiveKeys(db: Q, filter = ''): Promise<KeyRow[]> {
  const q = withUsage(db).whereNull('k.merged_into_id').orderBy('k.category').orderBy('k.label');
  const f = filter.trim().toLowerCase();
  if (f) whereContains(q, ['k.label', 'k.key'], f);
  return (await q).map(toKey);
}

export async function findKey(db: Q, id: number): Promise<KeyRow | undefined> {
  const row = await withUsage(db).where('k.id', id).first<Record<string, unknown> | undefined>();
  return row ? toKey(row) : undefined;
}

/** The versions with items of this key (whose assessments a merge of it re-measures). */
export async function versionsUsingKey(db: Q, keyId: number): Promise<number[]> {
  return (await db('spec_items').where({ competency_key_id: keyId }).distinct('version_id').pluck('version_id')).map(Number);
}

/**
 * Moves the items and program links of key `fromId` onto `intoId` and marks `fromId` as merged.
 * Counts what moved; `results` is how many stored results the results writer will move (it
 * re-measures the assessments afterwards, see mergeKeys).
 */
export async function moveKey(db: Q, fromId: number, intoId: number): Promise<{ items: number; programs: number; results: number }> {
  const items = await db('spec_items').where({ competency_key_id: fromId }).update({ competency_key_id: intoId });
  const results = (await db('assessment_results').where({ competency_key_id: fromId }).count({ n: '*' }).first())?.n;
  const programIds: number[] = (await db('program_competencies').where({ competency_key_id: fromId }).pluck('program_id')).map(Number);
  const already = new Set((await db('program_competencies').where({ competency_key_id: intoId }).pluck('program_id')).map(Number));
  const toAdd = programIds.filter((p) => !already.has(p));
  if (toAdd.length) await db('program_competencies').insert(toAdd.map((p) => ({ program_id: p, competency_key_id: intoId })));
  await db('program_competencies').where({ competency_key_id: fromId }).del();
  await db('competency_keys').where({ merged_into_id: fromId }).update({ merged_into_id: intoId });
  await db('competency_keys').where({ id: fromId }).update({ merged_into_id: intoId });
  return { items: Number(items), programs: toAdd.length, results: Number(results ?? 0) };
}

export interface KeyUse {
  keyId: number;
  text: string;
  classTitle: string;
}

/** Each definition of these keys with the class it appears in (any version), for the same-name page. */
export async function usesOfKeys(db: Q, keyIds: number[]): Promise<KeyUse[]> {
  if (!keyIds.length) return [];
  const rows = await db('spec_items as i')
    .join('class_spec_versions as v', 'v.id', 'i.version_id')
    .join('class_specs as c', 'c.id', 'v.class_spec_id')
    .whereIn('i.competency_key_id', keyIds)
    .distinct('i.competency_key_id', 'i.text', 'c.title')
    .orderBy(['i.competency_key_id', 'c.title', 'i.text']);
  return rows.map((r: Record<string, unknown>) => ({
    keyId: Number(r.competency_key_id),
    text: String(r.text),
    classTitle: String(r.title),
  }));
}
