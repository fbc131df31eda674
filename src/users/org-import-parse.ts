import { ValidationError } from '../errors';
import type { UploadParser } from '../uploads/isolated-parse';
import { readTable } from '../uploads/upload-check';
import { UnreadableUploadError, UploadRefusedError } from '../uploads/upload-refused';
import { UPLOAD_TEXT } from '../uploads/uploads.text';
import type { Table } from '../uploads/parse-jobs';

/** One person as read from the file; row is the spreadsheet row number (header = row 1). */
export interface ImportRow {
  row: number;
  employeeId: string;
  email: string;
  displayName: string;
  department: string;
  jobTitle: string;
  supervisorEmail: string;
  supervisorEmployeeId: string;
  roles: string;
  /** The job class, by class code or title. */
  jobClass: string;
}

/** Which optional columns the file has: absent columns leave what is stored unchanged. */
export interface ImportColumns {
  employeeId: boolean;
  displayName: boolean;
  department: boolean;
  jobTitle: boolean;
  supervisor: boolean;
  roles: boolean;
  jobClass?: boolean;
}

export interface ParsedOrgFile {
  columns: ImportColumns;
  rows: ImportRow[];
}

export const MAX_IMPORT_ROWS = 50_000;

type Field = Exclude<keyof ImportRow, 'row'>;
const HEADERS: Record<string, Field> = {
  employee_id: 'employeeId',
  employee_number: 'employeeId',
  employee_no: 'employeeId',
  emp_id: 'employeeId',
  email: 'email',
  email_address: 'email',
  e_mail: 'email',
  display_name: 'displayName',
  name: 'displayName',
  full_name: 'displayName',
  department: 'department',
  dept: 'department',
  job_title: 'jobTitle',
  title: 'jobTitle',
  supervisor_email: 'supervisorEmail',
  manager_email: 'supervisorEmail',
  supervisor: 'supervisorEmail',
  supervisor_employee_id: 'supervisorEmployeeId',
  manager_employee_id: 'supervisorEmployeeId',
  roles: 'roles',
  role: 'roles',
  job_class: 'jobClass',
  class: 'jobClass',
  class_code: 'jobClass',
  job_class_code: 'jobClass',
};

/** A file that cannot be imported as a whole: shown next to the upload's `file` field. */
const fileError = (message: string) => new ValidationError({ file: message });
const tooManyRows = () =>
  fileError(
    `The file has more than ${MAX_IMPORT_ROWS} rows; at most ${MAX_IMPORT_ROWS} can be imported at once. Split it into several files.`,
  );
/** The upload is not a CSV or .xlsx file at all (answered 400, like other wrong file types). */
const fileTypeError = (message: string) => new ValidationError({ file: message }, undefined, 400);

function headerKey(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s\-.]+/g, '_');
}

/** Turns a header row and data rows (arrays of cell text) into ImportRows, emptying `body` as it goes. */
export function rowsFromTable(header: string[], body: [number, string[]][]): ParsedOrgFile {
  const fieldAt = header.map((h) => HEADERS[headerKey(h)]);
  if (!fieldAt.includes('email')) {
    throw fileError(
      'The first row must name the columns, and one of them must be “email”. Expected columns: employee_id, email, display_name, department, job_title, job_class (a class code or title), supervisor_email (or supervisor_employee_id), roles.',
    );
  }
  const has = (f: Field) => fieldAt.includes(f);
  const rows: ImportRow[] = [];
  for (let i = 0; i < body.length; i++) {
    const [row, cells] = body[i];
    // Each row of cells goes as soon as it is read: the table and the rows are not held together.
    (body as unknown[])[i] = undefined;
    if (cells.every((c) => c.trim() === '')) continue;
    const r: ImportRow = {
      row,
      employeeId: '',
      email: '',
      displayName: '',
      department: '',
      jobTitle: '',
      supervisorEmail: '',
      supervisorEmployeeId: '',
      roles: '',
      jobClass: '',
    };
    fieldAt.forEach((f, i) => {
      if (f && !r[f]) r[f] = (cells[i] ?? '').trim();
    });
    rows.push(r);
  }
  if (rows.length === 0) throw fileError('The file has a header row but no people in it.');
  if (rows.length > MAX_IMPORT_ROWS) throw tooManyRows();
  return {
    columns: {
      employeeId: has('employeeId'),
      displayName: has('displayName'),
      department: has('department'),
      jobTitle: has('jobTitle'),
      supervisor: has('supervisorEmail') || has('supervisorEmployeeId'),
      roles: has('roles'),
      jobClass: has('jobClass'),
    },
    rows,
  };
}

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

/** The org file: its table read as above, then its rows as people. */
export async function parseOrgFile(buffer: Buffer, filename: string, uploads: UploadParser): Promise<ParsedOrgFile> {
  const table = await readUploadTable(buffer, filename, uploads, MAX_IMPORT_ROWS, tooManyRows);
  return rowsFromTable(table.header, table.body);
}
