import type { Knex } from 'knex';
import { jsonRows } from '../db/json-rows';
import { type Category } from '../competency/category';
import { type Row, jsonOf, textOf } from '../db/row';

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
  const rows = await jsonRows(db, db('spec_items as i')
    .join('competency_keys as k', 'k.id', 'i.competency_key_id')
    .where('i.version_id', versionId)
    .select([...SPEC_ITEM_COLUMNS.map((c) => `i.${c}`), 'k.key as key_slug']), [...SPEC_ITEM_COLUMNS, 'key_slug'], ['position', 'id']);
  return rows.map(toItem);
}

const SPEC_ITEM_COLUMNS = ['id', 'version_id', 'category', 'name', 'text', 'qualifier', 'required_level', 'default_required_level', 'required_at_entry', 'position', 'competency_key_id'];

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
  };
}
