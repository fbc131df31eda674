import type { Knex } from 'knex';
import type { LinkableKey, LinkChange, LinkStatus } from './onet-links';
import { LINKABLE_CATEGORIES } from './onet-links';
import type { OnetAnchor, OnetElement } from './onet-tsv';
import { ONET_ATTRIBUTION } from './onet-text';

type Q = Knex | Knex.Transaction;

/** What the guidance partial (views/onet/guidance.ejs) shows for one linked item. */
export interface Guidance {
  elementId: string;
  name: string;
  description: string;
  anchors: { value: number; description: string }[];
  attribution: string;
}

const CHUNK = 100; // SQLite allows 999 bound variables per statement

export async function countOnet(db: Q): Promise<{ elements: number; anchors: number }> {
  const e = await db('onet_elements').count({ n: '*' }).first();
  const a = await db('onet_anchors').count({ n: '*' }).first();
  return { elements: Number(e?.n ?? 0), anchors: Number(a?.n ?? 0) };
}

export async function insertElements(db: Q, rows: OnetElement[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db('onet_elements').insert(
      rows.slice(i, i + CHUNK).map((r) => ({ element_id: r.elementId, name: r.name, description: r.description })),
    );
  }
}

export async function insertAnchors(db: Q, rows: OnetAnchor[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db('onet_anchors').insert(
      rows
        .slice(i, i + CHUNK)
        .map((r) => ({ element_id: r.elementId, scale_id: r.scaleId, anchor_value: r.value, description: r.description })),
    );
  }
}

export async function listElementNames(db: Q): Promise<{ elementId: string; name: string }[]> {
  const rows = await db('onet_elements').orderBy('element_id').select('element_id', 'name');
  return rows.map((r: Record<string, unknown>) => ({ elementId: String(r.element_id), name: String(r.name) }));
}

/** Elements people can link to: the abilities and skills, the parts of O*NET with level anchors. */
export async function listLinkableElements(db: Q): Promise<{ elementId: string; name: string }[]> {
  const rows = await db('onet_elements as e')
    .whereExists(db('onet_anchors as a').whereRaw('a.element_id = e.element_id').select(db.raw('1')))
    .where((q) => {
      q.where('e.element_id', 'like', '1.A.%').orWhere('e.element_id', 'like', '2.A.%').orWhere('e.element_id', 'like', '2.B.%');
    })
    .orderBy('e.name')
    .select('e.element_id', 'e.name');
  return rows.map((r: Record<string, unknown>) => ({ elementId: String(r.element_id), name: String(r.name) }));
}

export async function findElement(db: Q, elementId: string): Promise<{ elementId: string; name: string } | undefined> {
  const r = await db('onet_elements')
    .where({ element_id: elementId })
    .first<{ element_id: string; name: string } | undefined>('element_id', 'name');
  return r ? { elementId: String(r.element_id), name: String(r.name) } : undefined;
}

export interface KeyLinkRow extends LinkableKey {
  elementName: string | null;
  classCount: number;
}

/** A key's columns and its element's name, read by both key lists. */
const KEY_LINK_COLUMNS = ['k.id', 'k.key', 'k.label', 'k.category', 'k.onet_element_id', 'k.onet_link_status', 'e.name as element_name'];

/** Skill and ability keys in use (not merged away) with their link. */
export async function listLinkableKeys(db: Q): Promise<KeyLinkRow[]> {
  const rows = await db('competency_keys as k')
    .leftJoin('onet_elements as e', 'e.element_id', 'k.onet_element_id')
    .whereIn('k.category', LINKABLE_CATEGORIES)
    .whereNull('k.merged_into_id')
    .select(
      ...KEY_LINK_COLUMNS,
      db('spec_items as i')
        .join('class_spec_versions as v', 'v.id', 'i.version_id')
        .whereRaw('i.competency_key_id = k.id')
        .countDistinct('v.class_spec_id')
        .as('class_count'),
    )
    .orderBy('k.label');
  return rows.map((r: Record<string, unknown>) => ({
    id: Number(r.id),
    key: String(r.key),
    label: String(r.label),
    category: String(r.category),
    elementId: (r.onet_element_id as string | null) ?? null,
    status: (r.onet_link_status as LinkStatus | null) ?? null,
    elementName: (r.element_name as string | null) ?? null,
    classCount: Number(r.class_count ?? 0),
  }));
}

export async function findKey(db: Q, keyId: number): Promise<KeyLinkRow | undefined> {
  return (await listLinkableKeysById(db, keyId))[0];
}

/** A competency_keys row with its element's name, as listLinkableKeysById reads it. */
interface KeyLinkRecord {
  id: number;
  key: string;
  label: string;
  category: string;
  onet_element_id: string | null;
  onet_link_status: LinkStatus | null;
  merged_into_id: number | null;
  element_name: string | null;
}

async function listLinkableKeysById(db: Q, keyId: number): Promise<KeyLinkRow[]> {
  const r = await db('competency_keys as k')
    .leftJoin('onet_elements as e', 'e.element_id', 'k.onet_element_id')
    .where('k.id', keyId)
    .first<KeyLinkRecord | undefined>(...KEY_LINK_COLUMNS, 'k.merged_into_id');
  if (!r || r.merged_into_id) return [];
  return [
    {
      id: Number(r.id),
      key: String(r.key),
      label: String(r.label),
      category: String(r.category),
      elementId: r.onet_element_id ?? null,
      status: r.onet_link_status ?? null,
      elementName: r.element_name ?? null,
      classCount: 0,
    },
  ];
}

export async function applyLinkChanges(db: Q, changes: LinkChange[]): Promise<void> {
  for (const c of changes) {
    await db('competency_keys').where({ id: c.id }).update({ onet_element_id: c.elementId, onet_link_status: c.status });
  }
}

/** One spec item's linked element and one of its level anchors (none: anchor columns null). */
interface GuidanceRecord {
  item_id: number;
  element_id: string;
  name: string;
  description: string;
  anchor_value: number | null;
  anchor_description: string | null;
}

/**
 * O*NET guidance for the given spec items that are linked, in one query: item id → description
 * and level anchors (O*NET's 0–7 "LV" scale). Items without a link are absent from the map.
 */
export async function onetGuidanceForItems(db: Q, itemIds: number[]): Promise<Map<number, Guidance>> {
  const out = new Map<number, Guidance>();
  const ids = [...new Set(itemIds.filter((n) => Number.isInteger(n)))];
  if (ids.length === 0) return out;
  const rows: GuidanceRecord[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    rows.push(
      ...(await db('spec_items as i')
        .join('competency_keys as k', 'k.id', 'i.competency_key_id')
        .join('onet_elements as e', 'e.element_id', 'k.onet_element_id')
        .leftJoin('onet_anchors as a', function () {
          this.on('a.element_id', '=', 'e.element_id').andOn('a.scale_id', '=', db.raw('?', ['LV']));
        })
        .whereIn('i.id', ids.slice(i, i + 500))
        .orderBy('i.id')
        .orderBy('a.anchor_value')
        .select<GuidanceRecord[]>(
          'i.id as item_id',
          'e.element_id',
          'e.name',
          'e.description',
          'a.anchor_value',
          'a.description as anchor_description',
        )),
    );
  }
  for (const r of rows) {
    const itemId = Number(r.item_id);
    let g = out.get(itemId);
    if (!g) {
      g = {
        elementId: String(r.element_id),
        name: String(r.name),
        description: String(r.description),
        anchors: [],
        attribution: ONET_ATTRIBUTION,
      };
      out.set(itemId, g);
    }
    if (r.anchor_value != null) g.anchors.push({ value: Number(r.anchor_value), description: String(r.anchor_description) });
  }
  return out;
}
