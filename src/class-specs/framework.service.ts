import type { Db } from '../db/types';
import { recordAudit } from '../audit/audit.service';
import { NotFoundError, ValidationError } from '../errors';
import type { UploadParser } from '../uploads/isolated-parse';
// The CSV/XLSX reader of the org import, shared rather than copied (its place is src/uploads).
import { readUploadTable } from '../uploads/table-upload';
import { importSpec, planImport, type ImportPlan } from './class-specs.service';
import { frameworkColumns, MAX_FRAMEWORK_ROWS, planFramework, type FrameworkPlan } from './framework-plan';
import { deletePendingFramework, findPendingFramework, insertPendingFramework } from './pending-imports.repository';

// Framework import: a CSV or .xlsx file with one statement per row for several classes → a
// row-by-row preview → every class imported in one transaction. Each class goes through the same
// importer as a single spec, so importing the same file again stores nothing new.

const fileError = (message: string) => new ValidationError({ file: message });

/** Reads and checks the file and keeps the preview; a file that cannot be used at all throws ValidationError and stores nothing. */
export async function previewFramework(
  db: Db,
  userId: number,
  file: { buffer: Buffer; name: string } | undefined,
  uploads: UploadParser,
): Promise<number> {
  if (!file || file.buffer.length === 0) throw fileError('Choose a CSV or Excel (.xlsx) file to upload.');
  const table = await readUploadTable(file.buffer, file.name, uploads, MAX_FRAMEWORK_ROWS, () =>
    fileError(`The file has more than ${MAX_FRAMEWORK_ROWS} rows; split it into several files.`),
  );
  const columns = frameworkColumns(table.header);
  if (!columns.ok) throw fileError(columns.message);
  const plan = planFramework(columns.at, table.body);
  if (plan.rows.length === 0) throw fileError('The file has a header row but no statements in it.');
  return insertPendingFramework(db, userId, file.name || 'upload', plan);
}

export interface FrameworkPreview {
  id: number;
  sourceName: string | null;
  plan: FrameworkPlan;
  /** What confirming would do to each class, in the order of `plan.classes`. */
  imports: ImportPlan[];
}

export async function showFramework(db: Db, id: number, userId: number): Promise<FrameworkPreview> {
  const pending = await findPendingFramework(db, id, userId);
  if (!pending) throw new NotFoundError();
  const imports: ImportPlan[] = [];
  for (const spec of pending.plan.classes) imports.push(await planImport(db, spec));
  return { ...pending, imports };
}

export interface FrameworkResult {
  created: number;
  versions: number;
  unchanged: number;
}

/** Imports every class of the file in one transaction; a file with row errors imports nothing. */
export async function confirmFramework(db: Db, id: number, userId: number, ip: string | null): Promise<FrameworkResult> {
  return db.transaction(async (trx) => {
    const pending = await findPendingFramework(trx, id, userId);
    if (!pending) throw new NotFoundError();
    const { plan } = pending;
    if (plan.errorRows > 0)
      throw new ValidationError(
        {},
        `${plan.errorRows} row${plan.errorRows === 1 ? ' has' : 's have'} errors: correct the file and upload it again.`,
      );
    const result: FrameworkResult = { created: 0, versions: 0, unchanged: 0 };
    for (const spec of plan.classes) {
      const r = await importSpec(trx, spec, { actorId: userId, sourceName: pending.sourceName, ip });
      if (r.unchanged) result.unchanged++;
      else if (r.newClass) result.created++;
      else result.versions++;
    }
    await recordAudit(trx, {
      actorId: userId,
      action: 'class_spec.framework_imported',
      entityType: 'class_spec',
      entityId: null,
      details: { source: pending.sourceName, classes: plan.classes.length, rows: plan.rows.length, ...result },
      ip,
    });
    await deletePendingFramework(trx, id, userId);
    return result;
  });
}

export async function cancelFramework(db: Db, id: number, userId: number): Promise<void> {
  if (!(await deletePendingFramework(db, id, userId))) throw new NotFoundError();
}
