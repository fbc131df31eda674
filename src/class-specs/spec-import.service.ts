import type { Db, Queryable } from '../db/types';
import { NotFoundError, ValidationError } from '../errors';
import { importSpec, planImport, type ImportPlan, type ImportResult } from './class-specs.service';
import { TEXT } from './class-specs.text';
import { deletePending, findPending, insertPending, updatePending } from './pending-imports.repository';
import { applyEdit, correctionCount, draftOf, readTitle, storableSpec, type DraftEdit, type DraftSpec } from './spec-draft';
import { readSpecInput } from './spec-input';
import { duplicateLevelTitle, levelSpecs, seriesLevels, type SeriesChoice } from './spec-series-draft';
import type { UploadParser } from '../uploads/isolated-parse';

// The import of one class-spec document through its preview: staged from the upload, corrected by
// HR, confirmed as one class or, for a series, one class per level. Stores through importSpec.

/**
 * Step one of an import: reads the upload or pasted text and keeps the parsed spec for the preview;
 * the pending import's id. A missing, unreadable or unparsable spec throws ValidationError on the
 * field it came from (400 for a file that is not text, PDF or .docx at all).
 */
export async function stageSpecImport(
  db: Db,
  userId: number,
  input: { text: string; file?: { buffer: Buffer; name: string } },
  uploads: UploadParser,
): Promise<number> {
  const result = await readSpecInput(input, uploads);
  if (!result.ok) throw new ValidationError({ [result.field]: result.message }, undefined, result.status);
  return insertPending(db, userId, result.sourceName, draftOf(result.spec));
}

/**
 * One correction of a stored preview. `revision` is the one the person's page was drawn from: a
 * different one means the preview changed meanwhile (a second tab, a double submit), and the edit
 * is refused rather than applied to whatever item now sits at that position.
 */
export async function editPendingImport(
  db: Db,
  args: { pendingId: number; userId: number; revision: string; edit: DraftEdit },
): Promise<void> {
  await db.transaction(async (trx) => {
    const pending = await findPending(trx, args.pendingId, args.userId);
    if (!pending) throw new NotFoundError();
    if (args.revision !== String(pending.spec.revision)) throw new ValidationError({}, TEXT.staleRevision);
    await updatePending(trx, pending.id, args.userId, applyEdit(pending.spec, args.edit));
  });
}

/** What confirming a preview stored: one result, or one per level of a series imported per level. */
export interface ConfirmResult {
  /** The series' title when it was imported one class per level; null for one class. */
  series: { title: string | null } | null;
  results: ImportResult[];
}

/**
 * Confirms a previewed import: stores exactly what was shown (with HR's corrections), and the
 * preview is gone. A series is imported one class per level (each level's complete statements,
 * see spec-series-draft.ts) unless HR chose one class; every class in the same transaction, all or
 * nothing. One class from a document without a title needs one now (`title`, field confirm-title).
 */
export async function confirmPendingImport(
  db: Db,
  args: { pendingId: number; userId: number; ip: string | null; title?: string; series?: SeriesChoice },
): Promise<ConfirmResult> {
  return db.transaction(async (trx) => {
    const pending = await findPending(trx, args.pendingId, args.userId);
    if (!pending) throw new NotFoundError();
    const levels = args.series === 'one' ? null : seriesLevels(pending.spec);
    const ctx = { actorId: args.userId, sourceName: pending.sourceName, ip: args.ip };
    let out: ConfirmResult;
    if (levels) {
      const draft = pending.spec;
      const twice = duplicateLevelTitle(levels);
      if (twice) throw new ValidationError({}, TEXT.seriesSameTitle(twice));
      const empty = levels.find((l) => l.items.length === 0);
      if (empty) throw new ValidationError({}, TEXT.levelNoStatements(empty.title));
      const corrections = correctionCount(draft) ? draft.corrections : undefined;
      const title = draft.title ?? draft.series;
      const results: ImportResult[] = [];
      for (const [n, spec] of levelSpecs(draft, levels).entries())
        results.push(await importSpec(trx, spec, { ...ctx, corrections, series: { title, level: n + 1, levels: levels.length } }));
      out = { series: { title }, results };
    } else {
      let draft = pending.spec;
      if (!draft.title) {
        draft = { ...draft, title: readTitle(args.title ?? '', 'confirm-title'), corrections: { ...draft.corrections, title: 1 } };
      }
      const spec = storableSpec(draft);
      if (!spec) throw new ValidationError({ 'confirm-title': TEXT.titleMissing });
      // A class without statements could not be rated against.
      if (spec.items.length === 0) throw new ValidationError({}, TEXT.noStatementsLeft);
      const corrections = correctionCount(draft) ? draft.corrections : undefined;
      out = { series: null, results: [await importSpec(trx, spec, { ...ctx, corrections })] };
    }
    await deletePending(trx, args.pendingId, args.userId);
    return out;
  });
}

/** One level of a series in the preview: its title, statements (as corrected) and what importing it would do. */
export interface LevelPlan {
  title: string;
  items: number;
  plan: ImportPlan;
}

/** What importing a series one class per level would do; null when the document is not a series the preview can split. */
export async function planSeries(db: Queryable, draft: DraftSpec): Promise<LevelPlan[] | null> {
  const levels = seriesLevels(draft);
  if (!levels) return null;
  const specs = levelSpecs(draft, levels);
  const out: LevelPlan[] = [];
  for (const [n, spec] of specs.entries()) out.push({ title: spec.title, items: levels[n].items.length, plan: await planImport(db, spec) });
  return out;
}
