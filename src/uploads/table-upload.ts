import { ValidationError } from '../errors';
import type { UploadParser } from './isolated-parse';
import type { Table } from './parse-jobs';
import { readTable } from './upload-check';
import { UnreadableUploadError, UploadRefusedError } from './upload-refused';
import { UPLOAD_TEXT } from './uploads.text';

const fileError = (message: string) => new ValidationError({ file: message });
/** The upload is not a CSV or .xlsx file at all (answered 400, like other wrong file types). */
const fileTypeError = (message: string) => new ValidationError({ file: message }, undefined, 400);

/**
 * Header and rows of an uploaded CSV or .xlsx table (the org file, the class-spec framework file);
 * a file that cannot be used throws ValidationError on its `file` field. XLSX files are ZIP
 * archives; anything else is read as CSV text (UTF-8). Either is read in the parse child
 * (src/uploads), which stops one row past `maxRows`, so a file of 8 million rows costs no more
 * than one of maxRows + 1.
 */
export async function readUploadTable(
  buffer: Buffer,
  filename: string,
  uploads: UploadParser,
  maxRows: number,
  tooMany: () => ValidationError,
): Promise<Table> {
  const isZip = buffer.length > 4 && buffer[0] === 0x50 && buffer[1] === 0x4b && buffer[2] === 0x03 && buffer[3] === 0x04;
  if (!isZip && /\.(xls|xlsx|ods|numbers)$/i.test(filename))
    throw fileTypeError('Only .xlsx Excel files and CSV files can be imported. Save the sheet as .xlsx or CSV and try again.');
  if (!isZip && buffer.includes(0)) throw fileTypeError('This does not look like a CSV or Excel file.');
  const unreadableXlsx = () =>
    fileTypeError('The Excel file could not be read. Save it as .xlsx (Excel 2007 or later) or as CSV and try again.');
  let outcome;
  try {
    outcome = await readTable(uploads, isZip ? 'xlsx' : 'csv', buffer, filename || 'The file', maxRows);
  } catch (err) {
    if (err instanceof UploadRefusedError) throw fileError(err.message);
    if (err instanceof UnreadableUploadError) throw unreadableXlsx();
    throw err;
  }
  if (outcome.ok) return outcome.value.table;
  const f = outcome.failure;
  switch (f.code) {
    case 'too-many-rows':
      throw tooMany();
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
