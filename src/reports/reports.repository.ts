import type { Knex } from 'knex';
import { ITEM_ROW_COLUMNS, itemRowFields } from '../db/spec-item-row';
import { jsonRows } from '../db/json-rows';
import type { SpecItem } from '../class-specs/catalogue.service';
import { insertedId } from '../db/inserted-id';
import { type Row } from '../db/row';
import { toIso } from '../db/time';
import type { GapItemInput } from '../competency/gap';

type Q = Knex | Knex.Transaction;

/** A gap input plus what the report shows beside the figures. */
export interface RatedItem extends GapItemInput {
  keyId: number;
  evidence: string | null;
  supervisorComment: string | null;
}

export interface Program {
  id: number;
  title: string;
  provider: string | null;
  url: string | null;
}

export interface PlanAction {
  id: number;
  itemId: number | null;
  description: string;
  programId: number | null;
  programTitle: string | null;
  targetDate: string | null;
  status: 'planned' | 'in_progress' | 'done';
  completedAt: string | null;
  createdBy: number | null;
  createdByName: string | null;
}

/** Every item of the assessment's class version with its ratings (unrated items included). */
export async function loadRatedItems(db: Q, assessmentId: number, versionId: number): Promise<RatedItem[]> {
  const query = db('spec_items as i')
    .join('competency_keys as k', 'k.id', 'i.competency_key_id')
    .leftJoin('ratings as r', function () {
      this.on('r.item_id', '=', 'i.id').andOn('r.assessment_id', '=', db.raw('?', [assessmentId]));
    })
    .where('i.version_id', versionId)
    .select(...ITEM_SELECT, 'r.self_level', 'r.supervisor_level', 'r.evidence', 'r.supervisor_comment');
  // The report's biggest read (every item with its ratings): one JSON value instead of ~600 (db/json-rows.ts).
  const rows = await jsonRows(db, query, RATED_ITEM_COLUMNS, ['position', 'id']);
  return rows.map(toRatedItem);
}

/** The item columns of a rated item, as selected from spec_items i joined to competency_keys k. */
const ITEM_SELECT = [...ITEM_ROW_COLUMNS, 'i.competency_key_id', 'k.key as key_slug'];
const ITEM_COLUMNS = ['id', 'category', 'name', 'text', 'required_level', 'required_at_entry', 'position', 'competency_key_id', 'key_slug'];
const RATED_ITEM_COLUMNS = [...ITEM_COLUMNS, 'self_level', 'supervisor_level', 'evidence', 'supervisor_comment'];

type ItemBase = Omit<RatedItem, 'selfLevel' | 'supervisorLevel' | 'evidence' | 'supervisorComment'>;

function itemBaseOf(r: Record<string, unknown>): ItemBase {
  return itemRowFields(r, { key: 'key_slug', keyId: 'competency_key_id' });
}

/** The same fields of an item the caller already has from the catalogue. */
function itemBaseOfSpec({ id, category, name, text, key, keyId, requiredLevel, requiredAtEntry, position }: SpecItem): ItemBase {
  return { itemId: id, category, name, text, key, keyId, requiredLevel, requiredAtEntry, order: position };
}

/** One item with one assessment's rating, every field written out (a spread is several times slower here). */
function withRating(i: ItemBase, r: Record<string, unknown> | undefined): RatedItem {
  return {
    itemId: i.itemId,
    category: i.category,
    name: i.name,
    text: i.text,
    key: i.key,
    keyId: i.keyId,
    requiredLevel: i.requiredLevel,
    requiredAtEntry: i.requiredAtEntry,
    order: i.order,
    selfLevel: r?.self_level == null ? null : Number(r.self_level),
    supervisorLevel: r?.supervisor_level == null ? null : Number(r.supervisor_level),
    evidence: (r?.evidence as string | null | undefined) ?? null,
    supervisorComment: (r?.supervisor_comment as string | null | undefined) ?? null,
  };
}

function toRatedItem(r: Record<string, unknown>): RatedItem {
  return withRating(itemBaseOf(r), r);
}

/**
 * loadRatedItems for many assessments in two queries per 500 (items of their versions, then their
 * ratings) instead of one query per person: the team view of a large subtree stays fast.
 * `texts: false` leaves out evidence and supervisor comments (the team heat map shows levels
 * only); `knownItems` are one version's items the caller already has (not read again).
 */
export async function loadRatedItemsMany(
  db: Q,
  list: { assessmentId: number; versionId: number }[],
  opts: { texts?: boolean; knownItems?: SpecItem[] } = {},
): Promise<Map<number, RatedItem[]>> {
  const texts = opts.texts ?? true;
  const known = opts.knownItems ?? [];
  const knownVersion = known.length ? known[0].versionId : null;
  // Each version's items once, as the fields every rated item of that version shares.
  const itemsByVersion = new Map<number, ItemBase[]>();
  if (knownVersion !== null) {
    itemsByVersion.set(knownVersion, [...known].sort((x, y) => x.position - y.position || x.id - y.id).map(itemBaseOfSpec));
  }
  const out = new Map<number, RatedItem[]>();
  for (let start = 0; start < list.length; start += 500) {
    const chunk = list.slice(start, start + 500);
    const toRead = [...new Set(chunk.map((l) => l.versionId))].filter((v) => !itemsByVersion.has(v));
    if (toRead.length) {
      const rows = await jsonRows(
        db,
        db('spec_items as i')
          .join('competency_keys as k', 'k.id', 'i.competency_key_id')
          .whereIn('i.version_id', toRead)
          .select('i.version_id', ...ITEM_SELECT),
        ['version_id', ...ITEM_COLUMNS],
        ['position', 'id'],
      );
      for (const v of toRead) itemsByVersion.set(v, []);
      for (const r of rows) itemsByVersion.get(Number(r.version_id))!.push(itemBaseOf(r));
    }
    const ratingColumns = [
      'assessment_id',
      'item_id',
      'self_level',
      'supervisor_level',
      ...(texts ? ['evidence', 'supervisor_comment'] : []),
    ];
    const ratings: Record<string, unknown>[] = await jsonRows(
      db,
      db('ratings')
        .whereIn(
          'assessment_id',
          chunk.map((l) => l.assessmentId),
        )
        .select(ratingColumns),
      ratingColumns,
    );
    const byAssessment = new Map<number, Map<number, Record<string, unknown>>>();
    for (const r of ratings) {
      const a = Number(r.assessment_id);
      let m = byAssessment.get(a);
      if (!m) byAssessment.set(a, (m = new Map<number, Row>()));
      m.set(Number(r.item_id), r);
    }
    for (const l of chunk) {
      const rated = byAssessment.get(l.assessmentId);
      out.set(
        l.assessmentId,
        (itemsByVersion.get(l.versionId) ?? []).map((i) => withRating(i, rated?.get(i.itemId))),
      );
    }
  }
  return out;
}

/** Active programs linked to each competency key (or to the key it was merged into). */
export async function programsForKeys(db: Q, keyIds: number[]): Promise<Map<number, Program[]>> {
  const out = new Map<number, Program[]>();
  if (keyIds.length === 0) return out;
  const keys = await db('competency_keys').whereIn('id', keyIds).select('id', 'merged_into_id');
  const lookup = new Map<number, number[]>(); // linked key id -> item key ids
  for (const k of keys as Row[]) {
    for (const linked of [Number(k.id), k.merged_into_id == null ? null : Number(k.merged_into_id)]) {
      if (linked == null) continue;
      lookup.set(linked, [...(lookup.get(linked) ?? []), Number(k.id)]);
    }
  }
  const rows = await db('program_competencies as pc')
    .join('training_programs as p', 'p.id', 'pc.program_id')
    .whereIn('pc.competency_key_id', [...lookup.keys()])
    .where('p.active', true)
    .orderBy('p.title')
    .select('pc.competency_key_id', 'p.id', 'p.title', 'p.provider', 'p.url');
  for (const r of rows as Row[]) {
    for (const keyId of lookup.get(Number(r.competency_key_id)) ?? []) {
      const list = out.get(keyId) ?? [];
      if (!list.some((p) => p.id === Number(r.id)))
        list.push({
          id: Number(r.id),
          title: r.title as string,
          provider: (r.provider as string | null) ?? null,
          url: (r.url as string | null) ?? null,
        });
      out.set(keyId, list);
    }
  }
  return out;
}

export async function activePrograms(db: Q): Promise<Program[]> {
  const rows = await db('training_programs').where({ active: true }).orderBy('title').select('id', 'title', 'provider', 'url');
  return rows.map((r: Record<string, unknown>) => ({
    id: Number(r.id),
    title: String(r.title),
    provider: (r.provider as string) ?? null,
    url: (r.url as string) ?? null,
  }));
}

export async function planActions(db: Q, assessmentId: number): Promise<PlanAction[]> {
  const rows = await db('plan_actions as pa')
    .leftJoin('training_programs as p', 'p.id', 'pa.program_id')
    .leftJoin('users as u', 'u.id', 'pa.created_by')
    .where('pa.assessment_id', assessmentId)
    .orderBy('pa.id')
    .select('pa.*', 'p.title as program_title', 'u.display_name as created_by_name');
  return rows.map((r: Record<string, unknown>) => ({
    id: Number(r.id),
    itemId: r.item_id == null ? null : Number(r.item_id),
    description: String(r.description),
    programId: r.program_id == null ? null : Number(r.program_id),
    programTitle: (r.program_title as string | null) ?? null,
    targetDate: r.target_date == null ? null : dateOnly(r.target_date),
    status: r.status as PlanAction['status'],
    completedAt: toIso(r.completed_at),
    createdBy: r.created_by == null ? null : Number(r.created_by),
    createdByName: (r.created_by_name as string | null) ?? null,
  }));
}

// PostgreSQL returns `date` columns as Date objects at local midnight; SQLite returns the text.
function dateOnly(v: unknown): string {
  if (v instanceof Date) {
    const y = v.getFullYear();
    return `${y}-${String(v.getMonth() + 1).padStart(2, '0')}-${String(v.getDate()).padStart(2, '0')}`;
  }
  return String(v).slice(0, 10);
}

export interface NewPlanAction {
  assessmentId: number;
  itemId: number;
  description: string;
  programId: number | null;
  targetDate: string | null;
  status: PlanAction['status'];
  completedAt: string | null;
  createdBy: number;
  now: string;
}

export async function insertPlanAction(db: Q, a: NewPlanAction): Promise<number> {
  const rows: unknown = await db('plan_actions')
    .insert({
      assessment_id: a.assessmentId,
      item_id: a.itemId,
      description: a.description,
      program_id: a.programId,
      target_date: a.targetDate,
      status: a.status,
      completed_at: a.completedAt,
      created_by: a.createdBy,
      created_at: a.now,
      updated_at: a.now,
    })
    .returning('id');
  return insertedId(rows);
}

export async function updatePlanActionStatus(
  db: Q,
  assessmentId: number,
  actionId: number,
  status: PlanAction['status'],
  now: string,
): Promise<void> {
  await db('plan_actions')
    .where({ id: actionId, assessment_id: assessmentId })
    .update({
      status,
      completed_at: status === 'done' ? now : null,
      updated_at: now,
    });
}

export async function deletePlanAction(db: Q, assessmentId: number, actionId: number): Promise<void> {
  await db('plan_actions').where({ id: actionId, assessment_id: assessmentId }).del();
}

export async function findPlanAction(db: Q, assessmentId: number, actionId: number): Promise<PlanAction | undefined> {
  return (await planActions(db, assessmentId)).find((p) => p.id === actionId);
}
