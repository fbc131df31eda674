import type { Knex } from 'knex';
import { nowIso, toIso } from '../db/time';
import { insertedId } from '../db/inserted-id';
import { type Row, jsonOf, textOf } from '../db/row';
import { CATEGORY_ORDER, type Category } from '../competency/category';
import { sameWording } from '../competency/competency-key';
import { type ParsedItem, type ParsedSpec } from './parser/types';

// Write side of the catalogue (the importer) and the admin lists. Only knex lives here; every
// function takes the transaction it should run in.
type Q = Knex | Knex.Transaction;

/** Titles match case- and spacing-insensitively ("Senior  security engineer" = "SENIOR SECURITY ENGINEER"). */
export function normaliseTitle(title: string): string {
  return title.replace(/\s+/g, ' ').trim().toLowerCase();
}

export interface ClassRow {
  id: number;
  title: string;
  code: string | null;
  currentVersion: number;
}

/** The class a spec re-versions: same normalised title and, when the spec has a code, the same (or no) code. */
export async function findMatchingClass(db: Q, title: string, code: string | null): Promise<ClassRow | undefined> {
  const rows = await db('class_specs as c')
    .leftJoin('class_spec_versions as v', 'v.class_spec_id', 'c.id')
    .where('c.title_normalized', normaliseTitle(title))
    .groupBy('c.id', 'c.title', 'c.code')
    .orderBy('c.id')
    .select('c.id', 'c.title', 'c.code')
    .max({ current: 'v.version' });
  const list = rows.map((r: Record<string, unknown>) => ({
    id: Number(r.id),
    title: String(r.title),
    code: (r.code as string | null) ?? null,
    currentVersion: Number(r.current ?? 0),
  }));
  if (!code) return list[0];
  return list.find((c) => c.code === code) ?? list.find((c) => c.code === null);
}

export async function insertClass(db: Q, spec: ParsedSpec): Promise<number> {
  const rows: unknown = await db('class_specs')
    .insert({ title: spec.title, title_normalized: normaliseTitle(spec.title), ...headerFields(spec), created_at: nowIso() })
    .returning('id');
  return insertedId(rows);
}

/** A new version may bring header fields the class did not have yet; fields the new version lacks stay. */
export async function updateClassHeader(db: Q, classSpecId: number, spec: ParsedSpec, versionId: number): Promise<void> {
  const present = Object.fromEntries(Object.entries(headerFields(spec)).filter(([, v]) => v != null));
  await db('class_specs')
    .where({ id: classSpecId })
    .update({ ...present, title: spec.title, current_version_id: versionId });
}

function headerFields(spec: ParsedSpec) {
  return { code: spec.code, family: spec.family, service: spec.service, group_name: spec.group, series: spec.series };
}

export async function insertVersion(
  db: Q,
  v: { classSpecId: number; version: number; spec: ParsedSpec; sourceName: string | null; actorId: number | null; corrected?: boolean },
): Promise<number> {
  const { spec } = v;
  const rows: unknown = await db('class_spec_versions')
    .insert({
      class_spec_id: v.classSpecId,
      version: v.version,
      characteristics: spec.characteristics,
      duties: JSON.stringify(spec.duties),
      qualifications: JSON.stringify(spec.qualifications),
      details: JSON.stringify({
        workingConditions: spec.workingConditions,
        equipment: spec.equipment,
        physicalRequirements: spec.physicalRequirements,
      }),
      warnings: JSON.stringify(spec.warnings),
      source_name: v.sourceName,
      imported_by: v.actorId,
      imported_at: nowIso(),
      corrected: v.corrected ?? false,
    })
    .returning('id');
  return insertedId(rows);
}

type KeyHit = { id: number; category: string; merged_into_id: number | null };

/** The key row stored under a slug, and the key it resolves to after merges (or undefined). */
async function resolveSlug(db: Q, slug: string): Promise<{ category: string; id: number; resolvedCategory: string } | undefined> {
  const first = await db('competency_keys').where({ key: slug }).first<KeyHit | undefined>('id', 'category', 'merged_into_id');
  let row = first;
  for (let hops = 0; row?.merged_into_id && hops < 20; hops++) {
    row = await db('competency_keys').where({ id: row.merged_into_id }).first<KeyHit | undefined>('id', 'category', 'merged_into_id');
  }
  return first && row ? { category: first.category, id: Number(row.id), resolvedCategory: row.category } : undefined;
}

/** Whether an item of the key (in any class or version) has this definition, wording normalised. */
async function keyHasDefinition(db: Q, keyId: number, text: string): Promise<boolean> {
  const texts = (await db('spec_items').where({ competency_key_id: keyId }).distinct('text').pluck('text')).map(String);
  return texts.some((t) => sameWording(t, text));
}

/**
 * The key row an item links to. A key that was merged away resolves to the key it was merged into,
 * so later imports follow the administrator's merge. A slug already used by another category is the
 * same competency when an item of that key has the same definition (sameWording); otherwise the
 * item gets its own category-suffixed key, and the admin page of same-name keys lists the pair.
 */
export async function upsertKey(db: Q, item: ParsedItem): Promise<number> {
  const plainSlug = item.key;
  const ownSlug = `${item.key}--${item.category}`;
  const plain = await resolveSlug(db, plainSlug);
  if (plain && plain.category === item.category) return plain.id;
  const own = await resolveSlug(db, ownSlug);
  if (own) return own.id;
  if (plain) {
    const others = [plain];
    for (const c of CATEGORY_ORDER) {
      const hit = c === item.category ? undefined : await resolveSlug(db, `${item.key}--${c}`);
      if (hit) others.push(hit);
    }
    for (const k of others) if (await keyHasDefinition(db, k.id, item.text)) return k.id;
  }
  const k: unknown = await db('competency_keys')
    .insert({
      key: plain ? ownSlug : plainSlug,
      label: (item.name ?? item.text).slice(0, 500),
      category: item.category,
      created_at: nowIso(),
    })
    .returning('id');
  return insertedId(k);
}

export async function insertItems(db: Q, versionId: number, items: ParsedItem[], keyIds: number[]): Promise<void> {
  const rows = items.map((it, position) => ({
    version_id: versionId,
    category: it.category,
    name: it.name,
    text: it.text,
    qualifier: it.qualifier,
    required_level: it.requiredLevel,
    default_required_level: it.requiredLevel,
    required_at_entry: it.requiredAtEntry,
    position,
    competency_key_id: keyIds[position],
  }));
  for (let i = 0; i < rows.length; i += 50) await db('spec_items').insert(rows.slice(i, i + 50));
}

export interface CatalogueRow {
  id: number;
  title: string;
  code: string | null;
  family: string | null;
  version: number;
  importedAt: string | null;
  counts: Record<Category, number>;
}

export async function listCatalogue(db: Q): Promise<CatalogueRow[]> {
  const classes = await db('class_specs as c')
    .join('class_spec_versions as v', 'v.id', 'c.current_version_id')
    .orderBy('c.title')
    .select('c.id', 'c.title', 'c.code', 'c.family', 'v.id as version_id', 'v.version', 'v.imported_at');
  const counts = await db('spec_items as i')
    .join('class_specs as c', 'c.current_version_id', 'i.version_id')
    .groupBy('c.id', 'i.category')
    .select('c.id', 'i.category')
    .count({ n: '*' });
  return classes.map((c: Record<string, unknown>) => {
    const per: Record<Category, number> = { knowledge: 0, skill: 0, ability: 0, competency: 0 };
    for (const r of counts as Record<string, unknown>[]) if (Number(r.id) === Number(c.id)) per[r.category as Category] = Number(r.n);
    return {
      id: Number(c.id),
      title: String(c.title),
      code: (c.code as string | null) ?? null,
      family: (c.family as string | null) ?? null,
      version: Number(c.version),
      importedAt: toIso(c.imported_at),
      counts: per,
    };
  });
}

export interface VersionRow {
  id: number;
  version: number;
  importedAt: string | null;
  sourceName: string | null;
  importedBy: string | null;
  itemCount: number;
}

export async function listVersions(db: Q, classSpecId: number): Promise<VersionRow[]> {
  const rows = await db('class_spec_versions as v')
    .leftJoin('users as u', 'u.id', 'v.imported_by')
    .leftJoin('spec_items as i', 'i.version_id', 'v.id')
    .where('v.class_spec_id', classSpecId)
    .groupBy('v.id', 'v.version', 'v.imported_at', 'v.source_name', 'u.display_name')
    .orderBy('v.version', 'desc')
    .select('v.id', 'v.version', 'v.imported_at', 'v.source_name', 'u.display_name')
    .count({ n: 'i.id' });
  return rows.map((r: Record<string, unknown>) => ({
    id: Number(r.id),
    version: Number(r.version),
    importedAt: toIso(r.imported_at),
    sourceName: (r.source_name as string | null) ?? null,
    importedBy: (r.display_name as string | null) ?? null,
    itemCount: Number(r.n),
  }));
}

export async function versionIdOf(db: Q, classSpecId: number, version: number): Promise<number | undefined> {
  const row = await db('class_spec_versions').where({ class_spec_id: classSpecId, version }).first<{ id: number } | undefined>('id');
  return row ? Number(row.id) : undefined;
}

/** A version's stored header details exactly as stored (JSON text), to tell whether a re-import changes them. */
export async function versionDetailsText(db: Q, versionId: number): Promise<string | undefined> {
  const row = await db('class_spec_versions').where({ id: versionId }).first<{ details: string | null } | undefined>('details');
  return row?.details ?? undefined;
}

export async function versionExtras(db: Q, versionId: number): Promise<{ warnings: string[]; details: Record<string, string[]> }> {
  const row = await db('class_spec_versions').where({ id: versionId }).first<Row | undefined>('warnings', 'details');
  return { warnings: jsonOf<string[]>(row?.warnings, []), details: jsonOf<Record<string, string[]>>(row?.details, {}) };
}

export async function findItem(db: Q, itemId: number) {
  const row = await db('spec_items as i')
    .join('class_spec_versions as v', 'v.id', 'i.version_id')
    .join('competency_keys as k', 'k.id', 'i.competency_key_id')
    .where('i.id', itemId)
    .first<Row | undefined>(
      'i.id',
      'i.required_level',
      'i.name',
      'i.text',
      'i.version_id',
      'v.class_spec_id',
      'v.version',
      db.raw('COALESCE(k.merged_into_id, k.id) as key_id'),
    );
  return row
    ? {
        id: Number(row.id),
        requiredLevel: Number(row.required_level),
        label: textOf(row.name ?? row.text),
        classSpecId: Number(row.class_spec_id),
        version: Number(row.version),
        versionId: Number(row.version_id),
        /** The competency key the item counts under (the one it was merged into, if any). */
        keyId: Number(row.key_id),
      }
    : undefined;
}

/** Changes an item's required level. The figures measured against it are the results writer's (remeasureVersions). */
export async function setRequiredLevel(db: Q, itemId: number, level: number): Promise<void> {
  await db('spec_items').where({ id: itemId }).update({ required_level: level });
}

/** Sets a class's job family (null clears it); the family it had, or undefined for no such class. */
export async function setClassFamily(db: Q, classSpecId: number, family: string | null): Promise<{ old: string | null } | undefined> {
  const row = await db('class_specs').where({ id: classSpecId }).first<{ family: string | null } | undefined>('family');
  if (!row) return undefined;
  await db('class_specs').where({ id: classSpecId }).update({ family });
  return { old: row.family ?? null };
}
