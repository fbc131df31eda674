import { ValidationError } from '../errors';
import type { UploadParser } from '../uploads/isolated-parse';
import { readUploadTable } from '../uploads/table-upload';

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

/** The org file: its table read as above, then its rows as people. */
export async function parseOrgFile(buffer: Buffer, filename: string, uploads: UploadParser): Promise<ParsedOrgFile> {
  const table = await readUploadTable(buffer, filename, uploads, MAX_IMPORT_ROWS, tooManyRows);
  return rowsFromTable(table.header, table.body);
}
