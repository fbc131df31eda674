// O*NET reference data: loaded once at start-up (it is reference data, not demo data) and linked
// to the skill and ability keys of the catalogue. linkOnet is idempotent: run it after every import.
import fs from 'node:fs';
import path from 'node:path';
import type { Db, Tx, Queryable } from '../db/types';
import { recordAudit } from '../audit/audit.service';
import { ValidationError } from '../errors';
import { planLinks } from './onet-links';
import { parseContentModel, parseLevelAnchors, parseLinks } from './onet-tsv';
import { ONET_TEXT } from './onet-text';
import * as repo from './onet.repository';

type Q = Queryable;

const SEEDS = path.resolve(__dirname, '..', '..', 'seeds');
export const ONET_FILES = {
  contentModel: path.join(SEEDS, 'onet', 'Content Model Reference.txt'),
  anchors: path.join(SEEDS, 'onet', 'Level Scale Anchors.txt'),
  links: path.join(SEEDS, 'onet-links.tsv'),
};

function inTransaction<T>(db: Q, fn: (trx: Tx) => Promise<T>): Promise<T> {
  return (db as Tx).isTransaction ? fn(db as Tx) : (db as Db).transaction(fn);
}

/** Fills onet_elements and onet_anchors from seeds/onet/ when they are empty (both in one transaction). */
export async function loadOnet(db: Q): Promise<{ elements: number; anchors: number; loaded: boolean }> {
  return inTransaction(db, async (trx) => {
    const before = await repo.countOnet(trx);
    if (before.elements > 0) return { ...before, loaded: false };
    const elements = parseContentModel(fs.readFileSync(ONET_FILES.contentModel, 'utf8'));
    const anchors = parseLevelAnchors(fs.readFileSync(ONET_FILES.anchors, 'utf8'));
    await repo.insertElements(trx, elements);
    await repo.insertAnchors(trx, anchors);
    return { elements: elements.length, anchors: anchors.length, loaded: true };
  });
}

/** Start-up hook (after migrations): load O*NET if missing, then link the catalogue's keys. */
export async function ensureOnetLoaded(db: Db): Promise<void> {
  await loadOnet(db);
  await linkOnet(db);
}

export interface LinkSummary {
  changed: number;
  review: string[];
  unknownMappings: string[];
}

/**
 * Applies seeds/onet-links.tsv ('confirmed'), then exact-name matches ('auto'); other skill and
 * ability keys are marked 'review'. Administrators' choices are kept. Safe to run any number of
 * times; pass the import's transaction to link inside it.
 */
export async function linkOnet(db: Q, linksText?: string): Promise<LinkSummary> {
  const mapping = parseLinks(linksText ?? fs.readFileSync(ONET_FILES.links, 'utf8'));
  return inTransaction(db, async (trx) => {
    const elements = await repo.listElementNames(trx);
    if (elements.length === 0) return { changed: 0, review: [], unknownMappings: [] };
    const keys = await repo.listLinkableKeys(trx);
    const { changes, unknownMappings } = planLinks(keys, mapping, elements);
    await repo.applyLinkChanges(trx, changes);
    if (changes.length) {
      await recordAudit(trx, {
        actorId: null,
        action: 'onet.linked',
        entityType: 'competency_key',
        details: { changes: changes.map((c) => ({ keyId: c.id, elementId: c.elementId, status: c.status })) },
      });
    }
    const changedIds = new Map(changes.map((c) => [c.id, c]));
    const review = keys.filter((k) => (changedIds.get(k.id)?.status ?? k.status) === 'review').map((k) => k.label);
    return { changed: changes.length, review, unknownMappings: unknownMappings.map((m) => `${m.keyOrName} → ${m.elementId}`) };
  });
}

/** An administrator sets (or clears, with an empty id) the O*NET element of a skill/ability key. */
export async function changeLink(
  db: Db,
  args: { keyId: number; elementId: string; actorId: number; ip: string | null },
): Promise<{ label: string; cleared: boolean }> {
  return db.transaction(async (trx) => {
    const key = await repo.findKey(trx, args.keyId);
    if (!key || !['skill', 'ability'].includes(key.category))
      throw new ValidationError({ [`element-${args.keyId}`]: ONET_TEXT.keyNotLinkable });
    const wanted = args.elementId.trim();
    const element = wanted === '' ? undefined : await repo.findElement(trx, wanted);
    if (wanted !== '' && !element) throw new ValidationError({ [`element-${args.keyId}`]: ONET_TEXT.unknownElement });
    const next = element ? { elementId: element.elementId, status: 'admin' as const } : { elementId: null, status: 'none' as const };
    await repo.applyLinkChanges(trx, [{ id: key.id, ...next }]);
    await recordAudit(trx, {
      actorId: args.actorId,
      action: 'onet.link_changed',
      entityType: 'competency_key',
      entityId: key.id,
      details: { key: key.key, from: { elementId: key.elementId, status: key.status }, to: next },
      ip: args.ip,
    });
    return { label: key.label, cleared: !element };
  });
}

/** O*NET guidance of the linked items among `itemIds` (the rating and review forms show it). */
export function guidanceForItems(db: Queryable, itemIds: number[]): Promise<Map<number, repo.Guidance>> {
  return repo.onetGuidanceForItems(db, itemIds);
}
