import type { Db } from '../db/types';
import { recordAudit } from '../audit/audit.service';
import { NotFoundError, ValidationError } from '../errors';
import type { UploadParser } from '../uploads/isolated-parse';
import { readTable } from '../uploads/upload-check';
import { UnreadableUploadError, UploadRefusedError } from '../uploads/upload-refused';
import { UPLOAD_TEXT } from '../uploads/uploads.text';
import { importSpec, planImport, type ImportPlan } from './class-specs.service';
import { frameworkColumns, MAX_FRAMEWORK_ROWS, planFramework, type FrameworkPlan } from './framework-plan';
import { deletePendingFramework, findPendingFramework, insertPendingFramework } from './pending-frameworks.repository';

// Framework import: a CSV or .xlsx file with one statement per row for several classes → a
// row-by-row preview → every class imported in one transaction. Each class goes through the same
// importer as a single spec, so importing the same file again stores nothing new.

const fileError = (message: string, status: 400 | 422 = 422) => new ValidationError({ file: message }, undefined, status);

/** The file's header and rows, read in the parse child as the org import reads its files. */
async function readFrameworkTable(buffer: Buffer, filename: string, uploads: UploadParser) {
  const isZip = buffer.length > 4 && buffer[0] === 0x50 && buffer[1] === 0x4b && buffer[2] === 0x03 && buffer[3] === 0x04;
  if (!isZip && /\.(xls|xlsx|ods|numbers)$/i.test(filename))
    throw fileError('Only .xlsx Excel files and CSV files can be imported. Save the sheet as .xlsx or CSV and try again.', 400);
  if (!isZip && buffer.includes(0)) throw fileError('This does not look like a CSV or Excel file.', 400);
  const unreadableXlsx = () =>
    fileError('The Excel file could not be read. Save it as .xlsx (Excel 2007 or later) or as CSV and try again.', 400);
  let outcome;
  try {
    outcome = await readTable(uploads, isZip ? 'xlsx' : 'csv', buffer, filename || 'The file', MAX_FRAMEWORK_ROWS);
  } catch (err) {
    if (err instanceof UploadRefusedError) throw fileError(err.message);
    if (err instanceof UnreadableUploadError) throw unreadableXlsx();
    throw err;
  }
  if (outcome.ok) return outcome.value.table;
  const f = outcome.failure;
  switch (f.code) {
    case 'too-many-rows':
      throw fileError(`The file has more than ${MAX_FRAMEWORK_ROWS} rows; split it into several files.`);
    case 'empty':
      throw fileError(isZip ? 'The first worksheet of the Excel file is empty.' : 'The file is empty.');
    case 'too-much-text':
      throw fileError(UPLOAD_TEXT.tooManyCells(filename || 'The file'));
    case 'unreadable':
      if (isZip) throw unreadableXlsx();
      throw fileError(f.detail);
    default:
      throw fileError('The file could not be read.');
  }
}

/** Reads and checks the file and keeps the preview; a file that cannot be used at all throws ValidationError and stores nothing. */
export async function previewFramework(
  db: Db,
  userId: number,
  file: { buffer: Buffer; name: string } | undefined,
  uploads: UploadParser,
): Promise<number> {
  if (!file || file.buffer.length === 0) throw fileError('Choose a CSV or Excel (.xlsx) file to upload.');
  const table = await readFrameworkTable(file.buffer, file.name, uploads);
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
