import type { Knex } from 'knex';
import { jsonRows } from '../db/json-rows';
import { type Category } from '../competency/category';
import { whereContains } from '../db/like';
import { type Row, jsonOf, textOf } from '../db/row';
import { toIso } from '../db/time';

type Q = Knex | Knex.Transaction;

export interface SpecItem {
  id: number;
  versionId: number;
  category: Category;
  name: string | null;
  text: string;
  qualifier: 'comprehensive' | 'considerable' | 'moderate' | null;
  requiredLevel: number;
  defaultRequiredLevel: number;
  requiredAtEntry: boolean;
  position: number;
  keyId: number;
  key: string;
}

export interface ClassVersion {
  id: number;
  classSpecId: number;
  version: number;
  title: string;
  code: string | null;
  family: string | null;
  service: string | null;
  groupName: string | null;
  series: string | null;
  characteristics: string | null;
  duties: string[];
  qualifications: { education: string[]; certifications: string[] };
  importedAt: string;
  /** HR corrected what was read from the document in the import preview before confirming. */
  corrected: boolean;
}

// Read side of the catalogue shared by every feature (assessments, reports, training, career).
// The importer (class-specs.service) owns the write side.

export async function getVersion(db: Q, versionId: number): Promise<ClassVersion | undefined> {
  const row = await db('class_spec_versions as v')
    .join('class_specs as c', 'c.id', 'v.class_spec_id')
    .where('v.id', versionId)
    .first<Row | undefined>('v.*', 'c.title', 'c.code', 'c.family', 'c.service', 'c.group_name', 'c.series');
  return row ? toVersion(row) : undefined;
}

export async function getCurrentVersion(db: Q, classSpecId: number): Promise<ClassVersion | undefined> {
  const row = await db('class_spec_versions as v')
    .join('class_specs as c', 'c.id', 'v.class_spec_id')
    .where('v.class_spec_id', classSpecId)
    .orderBy('v.version', 'desc')
    .first<Row | undefined>('v.*', 'c.title', 'c.code', 'c.family', 'c.service', 'c.group_name', 'c.series');
  return row ? toVersion(row) : undefined;
}

/** Items of a version in form order: category order, then document order. */
export async function getItems(db: Q, versionId: number): Promise<SpecItem[]> {
  // Read on every form, report and team view: fetched as one JSON value (db/json-rows.ts).
  const rows = await jsonRows(
    db,
    db('spec_items as i')
      .join('competency_keys as k', 'k.id', 'i.competency_key_id')
      .where('i.version_id', versionId)
      .select([...SPEC_ITEM_COLUMNS.map((c) => `i.${c}`), 'k.key as key_slug']),
    [...SPEC_ITEM_COLUMNS, 'key_slug'],
    ['position', 'id'],
  );
  return rows.map(toItem);
}

const SPEC_ITEM_COLUMNS = [
  'id',
  'version_id',
  'category',
  'name',
  'text',
  'qualifier',
  'required_level',
  'default_required_level',
  'required_at_entry',
  'position',
  'competency_key_id',
];

export function toItem(r: Record<string, unknown>): SpecItem {
  return {
    id: Number(r.id),
    versionId: Number(r.version_id),
    category: r.category as Category,
    name: (r.name as string | null) ?? null,
    text: String(r.text),
    qualifier: (r.qualifier as SpecItem['qualifier']) ?? null,
    requiredLevel: Number(r.required_level),
    defaultRequiredLevel: Number(r.default_required_level),
    requiredAtEntry: Boolean(r.required_at_entry),
    position: Number(r.position),
    keyId: Number(r.competency_key_id),
    key: textOf(r.key_slug),
  };
}

/** A class that can be assessed: it has a current version. */
export interface CatalogueClass {
  classSpecId: number;
  versionId: number;
  title: string;
  code: string | null;
}

export interface CatalogueEntry extends CatalogueClass {
  family: string | null;
  version: number;
  itemCount: number;
}

/** Every class of the catalogue with its current version, by title. */
export async function listCatalogueClasses(db: Q): Promise<CatalogueClass[]> {
  const rows = await db('class_specs')
    .whereNotNull('current_version_id')
    .orderBy('title')
    .select('id', 'current_version_id', 'title', 'code');
  return rows.map((r: Record<string, unknown>) => ({
    classSpecId: Number(r.id),
    versionId: Number(r.current_version_id),
    title: String(r.title),
    code: (r.code as string | null) ?? null,
  }));
}

export async function findCatalogueClass(db: Q, classSpecId: number): Promise<CatalogueClass | undefined> {
  const r = await db('class_specs')
    .where({ id: classSpecId })
    .whereNotNull('current_version_id')
    .first<Row | undefined>('id', 'current_version_id', 'title', 'code');
  return r
    ? {
        classSpecId: Number(r.id),
        versionId: Number(r.current_version_id),
        title: textOf(r.title),
        code: (r.code as string | null) ?? null,
      }
    : undefined;
}

/** Every class (with or without a current version), id and title, by title. */
export async function listClassTitles(db: Q): Promise<{ id: number; title: string }[]> {
  const rows = await db('class_specs').orderBy('title').select('id', 'title');
  return rows.map((c: { id: number; title: string }) => ({ id: Number(c.id), title: String(c.title) }));
}

/** Items of several versions in one query, grouped by version, in form order. */
export async function itemsByVersion(db: Q, versionIds: number[]): Promise<Map<number, SpecItem[]>> {
  const out = new Map<number, SpecItem[]>(versionIds.map((id) => [id, []]));
  if (versionIds.length === 0) return out;
  const rows = await db('spec_items as i')
    .join('competency_keys as k', 'k.id', 'i.competency_key_id')
    .whereIn('i.version_id', versionIds)
    .orderBy('i.version_id')
    .orderBy('i.position')
    .select('i.*', 'k.key as key_slug');
  for (const r of rows as Row[]) {
    const item = toItem(r);
    out.get(item.versionId)?.push(item);
  }
  return out;
}

/** Classes that can be assessed (they have a current version), optionally filtered by title, code or family. */
export async function searchCatalogue(db: Q, q: string): Promise<CatalogueEntry[]> {
  const query = db('class_specs as c')
    .join('class_spec_versions as v', 'v.id', 'c.current_version_id')
    .select('c.id', 'c.title', 'c.code', 'c.family', 'v.id as version_id', 'v.version')
    .select(db.raw('(SELECT COUNT(*) FROM spec_items i WHERE i.version_id = v.id) AS item_count'))
    .orderBy('c.title');
  if (q) {
    whereContains(query, ['c.title', "COALESCE(c.code, '')", "COALESCE(c.family, '')"], q);
  }
  const rows = await query;
  return rows.map((r: Record<string, unknown>) => ({
    classSpecId: Number(r.id),
    title: String(r.title),
    code: (r.code as string | null) ?? null,
    family: (r.family as string | null) ?? null,
    versionId: Number(r.version_id),
    version: Number(r.version),
    itemCount: Number(r.item_count),
  }));
}

/** The version new assessments of a class use: the class's current version. */
export async function currentVersionId(db: Q, classSpecId: number): Promise<number | undefined> {
  const row = await db('class_specs').where({ id: classSpecId }).first<Row | undefined>('current_version_id');
  return row?.current_version_id == null ? undefined : Number(row.current_version_id);
}

export async function itemCountsByCategory(db: Q, versionId: number): Promise<Record<Category, number>> {
  const rows = await db('spec_items').where({ version_id: versionId }).groupBy('category').select('category').count({ n: '*' });
  const counts: Record<Category, number> = { knowledge: 0, skill: 0, ability: 0, competency: 0 };
  for (const r of rows as { category: Category; n: number | string }[]) counts[r.category] = Number(r.n);
  return counts;
}

function toVersion(r: Record<string, unknown>): ClassVersion {
  return {
    id: Number(r.id),
    classSpecId: Number(r.class_spec_id),
    version: Number(r.version),
    title: String(r.title),
    code: (r.code as string | null) ?? null,
    family: (r.family as string | null) ?? null,
    service: (r.service as string | null) ?? null,
    groupName: (r.group_name as string | null) ?? null,
    series: (r.series as string | null) ?? null,
    characteristics: (r.characteristics as string | null) ?? null,
    duties: jsonOf<string[]>(r.duties, []),
    qualifications: jsonOf<ClassVersion['qualifications']>(r.qualifications, { education: [], certifications: [] }),
    importedAt: String(r.imported_at),
    corrected: Boolean(r.corrected),
  };
}

export interface RecentImport {
  classSpecId: number;
  title: string;
  version: number;
  importedAt: string | null;
  importedBy: string | null;
}

/** The most recently imported class-spec versions, newest first (ids grow with import time). */
export async function recentImports(db: Q, limit: number): Promise<RecentImport[]> {
  const rows = await db('class_spec_versions as v')
    .join('class_specs as c', 'c.id', 'v.class_spec_id')
    .leftJoin('users as u', 'u.id', 'v.imported_by')
    .orderBy('v.id', 'desc')
    .limit(limit)
    .select('c.id', 'c.title', 'v.version', 'v.imported_at', 'u.display_name');
  return rows.map((r: Record<string, unknown>) => ({
    classSpecId: Number(r.id),
    title: String(r.title),
    version: Number(r.version),
    importedAt: toIso(r.imported_at),
    importedBy: (r.display_name as string | null) ?? null,
  }));
}

/**
 * Classes of the catalogue that nobody has a submitted or reviewed assessment of: the first
 * `limit` by title and how many there are (the assessments (class_spec_id, status) index answers
 * each NOT EXISTS).
 */
export async function classesNeverAssessed(db: Q, limit: number): Promise<{ total: number; rows: { id: number; title: string }[] }> {
  const base = db('class_specs as c')
    .whereNotNull('c.current_version_id')
    .whereNotExists(
      db('assessments as a').whereRaw('a.class_spec_id = c.id').whereIn('a.status', ['submitted', 'reviewed']).select(db.raw('1')),
    );
  const [count, rows] = await Promise.all([
    base.clone().count<{ n: number | string }[]>({ n: '*' }).first(),
    base.clone().orderBy('c.title').orderBy('c.id').limit(limit).select('c.id', 'c.title'),
  ]);
  return {
    total: Number(count?.n ?? 0),
    rows: rows.map((r: Record<string, unknown>) => ({ id: Number(r.id), title: String(r.title) })),
  };
}
