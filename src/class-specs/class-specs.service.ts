import type { Db, Queryable } from '../db/types';
import { recordAudit } from '../audit/audit.service';
import { NotFoundError, ValidationError } from '../errors';
import {
  findItem,
  findMatchingClass,
  insertClass,
  insertItems,
  insertVersion,
  setRequiredLevel,
  updateClassHeader,
  upsertKey,
  versionDetailsText,
} from './class-specs.repository';
import { findKey, moveKey, versionsUsingKey, type KeyRow } from './competency-keys.repository';
import { type DraftSpec } from './spec-draft';
import { contentKey, sameContent } from './same-content';
import { TEXT } from './class-specs.text';
import { sameWording } from '../competency/competency-key';
import { linkOnet } from '../onet/onet.service';
import { getCurrentVersion, getItems } from './catalogue.repository';
import { remeasureVersions, type RemeasureOptions, type RemeasureStats } from '../results/results.service';
import { type ParsedSpec } from './parser/types';

// The importer's rules: where a parsed spec goes (new class or new version), keys, levels, merges.
// Every change is one transaction with its audit entry.

export interface ImportContext {
  actorId: number | null;
  sourceName: string | null;
  ip?: string | null;
  /** Edits HR made on the preview, by kind; the version is marked corrected and the audit log says what. */
  corrections?: Record<string, number>;
  /** One level of a series imported as its own class: the series' title and the level's place in it. */
  series?: { title: string | null; level: number; levels: number };
}
export interface ImportResult {
  classSpecId: number;
  versionId: number;
  version: number;
  newClass: boolean;
  itemCount: number;
  title: string;
  /** The file was identical to the current version: nothing was stored (version is the current one). */
  unchanged: boolean;
}
export interface ImportPlan {
  newClass: boolean;
  classSpecId: number | null;
  version: number;
  /** The items are the same as the current version's (text, category, qualifier, default level, entry). */
  sameItems: boolean;
  /** Required levels of the current version changed by hand (the new version starts from the defaults). */
  editedLevels: number;
  /**
   * Everything read from the file equals the current version (items, header, duties,
   * qualifications, other sections): importing it would store nothing new, so nothing is stored.
   */
  identical: boolean;
  /** The current version's id (null for a new class). */
  currentVersionId: number | null;
}

/** The stored other sections (working conditions, equipment, physical requirements), or null. */
function storedDetails(text: string | undefined): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** What an import of this spec would do, for the preview (a spec without a title yet would be a new class). */
export async function planImport(db: Queryable, spec: ParsedSpec | DraftSpec): Promise<ImportPlan> {
  const existing = spec.title ? await findMatchingClass(db, spec.title, spec.code) : undefined;
  if (!existing)
    return { newClass: true, classSpecId: null, version: 1, sameItems: false, editedLevels: 0, identical: false, currentVersionId: null };
  const current = await getCurrentVersion(db, existing.id);
  const items = current ? await getItems(db, current.id) : [];
  const stored = current ? await versionDetailsText(db, current.id) : undefined;
  const shape = (i: { category: string; name: string | null; text: string; qualifier: string | null; level: number; entry: boolean }) =>
    contentKey([i.category, i.name, i.text, i.qualifier, i.level, i.entry]);
  const storedItems = [...items]
    .sort((a, b) => a.position - b.position)
    .map((i) =>
      shape({
        category: i.category,
        name: i.name,
        text: i.text,
        qualifier: i.qualifier,
        level: i.defaultRequiredLevel,
        entry: i.requiredAtEntry,
      }),
    );
  const parsed = spec.items.map((i) =>
    shape({ category: i.category, name: i.name, text: i.text, qualifier: i.qualifier, level: i.requiredLevel, entry: i.requiredAtEntry }),
  );
  const sameItems = storedItems.length > 0 && storedItems.length === parsed.length && storedItems.every((s, k) => s === parsed[k]);
  // The header fields an import would overwrite (absent ones are kept, see updateClassHeader).
  const sameHeader =
    !!current &&
    current.title === spec.title &&
    (
      [
        [spec.code, current.code],
        [spec.family, current.family],
        [spec.service, current.service],
        [spec.group, current.groupName],
        [spec.series, current.series],
      ] as const
    ).every(([fromFile, kept]) => fromFile == null || fromFile === kept);
  // Compared by content (same-content.ts): the same spec as a PDF or web page loses its blank
  // lines between paragraphs, and that alone is not a new version.
  const sameDocument =
    !!current &&
    sameContent(current.characteristics ?? null, spec.characteristics ?? null) &&
    sameContent(current.duties, spec.duties) &&
    sameContent(current.qualifications, spec.qualifications) &&
    sameContent(storedDetails(stored), {
      workingConditions: spec.workingConditions,
      equipment: spec.equipment,
      physicalRequirements: spec.physicalRequirements,
    });
  return {
    newClass: false,
    classSpecId: existing.id,
    version: existing.currentVersion + 1,
    sameItems,
    editedLevels: items.filter((i) => i.requiredLevel !== i.defaultRequiredLevel).length,
    identical: sameItems && sameHeader && sameDocument,
    currentVersionId: current?.id ?? null,
  };
}

/**
 * Stores a parsed spec: a new version of the class with the same title (and code, when given) or a
 * new class; its items in document order with their default required levels; keys upserted.
 * Assessments keep pointing at the version they were started on.
 */
export async function importSpec(db: Queryable, spec: ParsedSpec, ctx: ImportContext): Promise<ImportResult> {
  const corrections = Object.values(ctx.corrections ?? {}).reduce((a, b) => a + b, 0);
  return db.transaction(async (trx) => {
    const plan = await planImport(trx, spec);
    if (plan.identical && plan.classSpecId !== null && plan.currentVersionId !== null) {
      // Nothing new in the file: no version, no audit entry; hand-edited levels stay as they are.
      return {
        classSpecId: plan.classSpecId,
        versionId: plan.currentVersionId,
        version: plan.version - 1,
        newClass: false,
        itemCount: spec.items.length,
        title: spec.title,
        unchanged: true,
      };
    }
    const classSpecId = plan.classSpecId ?? (await insertClass(trx, spec));
    const versionId = await insertVersion(trx, {
      classSpecId,
      version: plan.version,
      spec,
      sourceName: ctx.sourceName,
      actorId: ctx.actorId,
      corrected: corrections > 0,
    });
    await updateClassHeader(trx, classSpecId, spec, versionId);
    const keyIds: number[] = [];
    for (const item of spec.items) keyIds.push(await upsertKey(trx, item));
    await insertItems(trx, versionId, spec.items, keyIds);
    // New skills/abilities get their O*NET level examples at once (no-op until O*NET is loaded).
    await linkOnet(trx);
    await recordAudit(trx, {
      actorId: ctx.actorId,
      action: 'class_spec.imported',
      entityType: 'class_spec',
      entityId: classSpecId,
      details: {
        title: spec.title,
        version: plan.version,
        versionId,
        newClass: plan.newClass,
        items: spec.items.length,
        source: ctx.sourceName,
        warnings: spec.warnings.length,
        corrected: corrections > 0,
        ...(ctx.series ? { series: ctx.series } : {}),
      },
      ip: ctx.ip ?? null,
    });
    if (corrections > 0)
      await recordAudit(trx, {
        actorId: ctx.actorId,
        action: 'class_spec.corrected',
        entityType: 'class_spec',
        entityId: classSpecId,
        // Counts by kind of edit, not the edited text: the stored version holds the result.
        details: { title: spec.title, version: plan.version, versionId, corrections, edits: ctx.corrections, source: ctx.sourceName },
        ip: ctx.ip ?? null,
      });
    return {
      classSpecId,
      versionId,
      version: plan.version,
      newClass: plan.newClass,
      itemCount: spec.items.length,
      title: spec.title,
      unchanged: false,
    };
  });
}

/** Parses a typed required level: a whole number 0–5, or null. */
export function parseLevel(raw: string): number | null {
  const s = raw.trim();
  return /^[0-5]$/.test(s) ? Number(s) : null;
}

/**
 * Changes an item's required level (one short transaction with its audit entry), then re-measures
 * the version's submitted and reviewed assessments through the results writer, in chunks. The
 * request waits for the last chunk, so the page that follows shows converged figures; the writer
 * is free between chunks, so autosaves keep landing meanwhile.
 */
export async function changeRequiredLevel(
  db: Db,
  args: { classSpecId: number; itemId: number; raw: string; actorId: number; ip: string | null },
  opts: RemeasureOptions = {},
): Promise<{ version: number; old: number; level: number; label: string; remeasured: RemeasureStats | null }> {
  const changed = await db.transaction(async (trx) => {
    const item = await findItem(trx, args.itemId);
    if (!item || item.classSpecId !== args.classSpecId) throw new NotFoundError();
    const level = parseLevel(args.raw);
    if (level === null) throw new ValidationError({ [`level-${args.itemId}`]: TEXT.levelInvalid });
    if (level !== item.requiredLevel) {
      await setRequiredLevel(trx, item.id, level);
      await recordAudit(trx, {
        actorId: args.actorId,
        action: 'class_spec.required_level_changed',
        entityType: 'spec_item',
        entityId: item.id,
        details: { classSpecId: item.classSpecId, version: item.version, item: item.label, old: item.requiredLevel, new: level },
        ip: args.ip,
      });
    }
    return { item, level };
  });
  const { item, level } = changed;
  // Everything measured against the level moves with it: per-item results, the training-need
  // totals and the readiness and coverage stored on the version's assessments.
  const remeasured = level !== item.requiredLevel ? await remeasureVersions(db, [item.versionId], opts) : null;
  return { version: item.version, old: item.requiredLevel, level, label: item.label, remeasured };
}

/** The two keys of a merge, or a ValidationError with a message per field. Writes nothing. */
export async function checkMerge(db: Queryable, fromId: number | null, intoId: number | null): Promise<{ from: KeyRow; into: KeyRow }> {
  const errors: Record<string, string> = {};
  const from = fromId ? await findKey(db, fromId) : undefined;
  const into = intoId ? await findKey(db, intoId) : undefined;
  if (!from || from.mergedIntoId) errors.fromId = TEXT.mergeChooseFrom;
  if (!into || into.mergedIntoId) errors.intoId = TEXT.mergeChooseInto;
  if (from && into && !errors.fromId && !errors.intoId) {
    if (from.id === into.id) errors.intoId = TEXT.mergeSame;
    // Across categories only the same name (see sameWording): a skill and an ability that merely
    // mean similar things stay two competencies.
    else if (from.category !== into.category && !sameWording(from.label, into.label))
      errors.intoId = TEXT.mergeCategories(from.category, into.category);
  }
  if (Object.keys(errors).length || !from || !into) throw new ValidationError(errors);
  return { from, into };
}

/**
 * Merges key `fromId` into `intoId`: every item and program link of the first moves to the second,
 * and later imports of the first key land on the second (one transaction with its audit entry).
 * Then the results writer re-measures the assessments of every version that had items of the
 * first key, in chunks: their results move to the surviving key, where people who had both keys
 * count once.
 */
export async function mergeKeys(
  db: Db,
  args: { fromId: number | null; intoId: number | null; actorId: number; ip: string | null },
  opts: RemeasureOptions = {},
): Promise<{ from: string; into: string; items: number; remeasured: RemeasureStats }> {
  const merged = await db.transaction(async (trx) => {
    const { from, into } = await checkMerge(trx, args.fromId, args.intoId);
    const versionIds = await versionsUsingKey(trx, from.id);
    const moved = await moveKey(trx, from.id, into.id);
    await recordAudit(trx, {
      actorId: args.actorId,
      action: 'competency_key.merged',
      entityType: 'competency_key',
      entityId: into.id,
      details: {
        from: { id: from.id, key: from.key, label: from.label },
        into: { id: into.id, key: into.key, label: into.label },
        ...moved,
      },
      ip: args.ip,
    });
    return { from: from.label, into: into.label, items: moved.items, versionIds };
  });
  const remeasured = await remeasureVersions(db, merged.versionIds, opts);
  return { from: merged.from, into: merged.into, items: merged.items, remeasured };
}
