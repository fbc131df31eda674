import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { ValidationError } from '../errors';

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
}

/** Which optional columns the file has: absent columns leave what is stored unchanged. */
export interface ImportColumns {
  employeeId: boolean;
  displayName: boolean;
  department: boolean;
  jobTitle: boolean;
  supervisor: boolean;
  roles: boolean;
}

export interface ParsedOrgFile {
  columns: ImportColumns;
  rows: ImportRow[];
}

export const MAX_IMPORT_ROWS = 50_000;

type Field = Exclude<keyof ImportRow, 'row'>;
const HEADERS: Record<string, Field> = {
  employee_id: 'employeeId', employee_number: 'employeeId', employee_no: 'employeeId', emp_id: 'employeeId',
  email: 'email', email_address: 'email', e_mail: 'email',
  display_name: 'displayName', name: 'displayName', full_name: 'displayName',
  department: 'department', dept: 'department',
  job_title: 'jobTitle', title: 'jobTitle',
  supervisor_email: 'supervisorEmail', manager_email: 'supervisorEmail', supervisor: 'supervisorEmail',
  supervisor_employee_id: 'supervisorEmployeeId', manager_employee_id: 'supervisorEmployeeId',
  roles: 'roles', role: 'roles',
};

/** A file that cannot be imported as a whole: shown next to the upload's `file` field. */
const fileError = (message: string) => new ValidationError({ file: message });
/** The upload is not a CSV or .xlsx file at all (answered 400, like other wrong file types). */
const fileTypeError = (message: string) => new ValidationError({ file: message }, undefined, 400);

function headerKey(text: string): string {
  return text.replace(/^\uFEFF/, '').trim().toLowerCase().replace(/[\s\-.]+/g, '_');
}

/** Turns a header row and data rows (arrays of cell text) into ImportRows. */
export function rowsFromTable(header: string[], body: { row: number; cells: string[] }[]): ParsedOrgFile {
  const fieldAt = header.map((h) => HEADERS[headerKey(h)]);
  if (!fieldAt.includes('email')) {
    throw fileError('The first row must name the columns, and one of them must be “email”. Expected columns: employee_id, email, display_name, department, job_title, supervisor_email (or supervisor_employee_id), roles.');
  }
  const has = (f: Field) => fieldAt.includes(f);
  const rows: ImportRow[] = [];
  for (const { row, cells } of body) {
    if (cells.every((c) => c.trim() === '')) continue;
    const r: ImportRow = { row, employeeId: '', email: '', displayName: '', department: '', jobTitle: '', supervisorEmail: '', supervisorEmployeeId: '', roles: '' };
    fieldAt.forEach((f, i) => {
      if (f && !r[f]) r[f] = (cells[i] ?? '').trim();
    });
    rows.push(r);
  }
  if (rows.length === 0) throw fileError('The file has a header row but no people in it.');
  if (rows.length > MAX_IMPORT_ROWS) throw fileError(`The file has ${rows.length} rows; at most ${MAX_IMPORT_ROWS} can be imported at once. Split it into several files.`);
  return {
    columns: {
      employeeId: has('employeeId'),
      displayName: has('displayName'),
      department: has('department'),
      jobTitle: has('jobTitle'),
      supervisor: has('supervisorEmail') || has('supervisorEmployeeId'),
      roles: has('roles'),
    },
    rows,
  };
}

export function parseOrgCsv(text: string): ParsedOrgFile {
  const clean = text.replace(/^\uFEFF/, '');
  const firstLine = clean.slice(0, clean.search(/\r?\n|$/));
  // Spreadsheets in some locales save with ";" or tabs; the header line tells which.
  const delimiter = [',', ';', '\t'].reduce((best, d) => (firstLine.split(d).length > firstLine.split(best).length ? d : best), ',');
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(clean, { delimiter, relax_column_count: true, skip_empty_lines: true, info: true, trim: false }) as unknown as typeof records;
  } catch (err) {
    throw fileError(`The CSV file could not be read: ${(err as Error).message}`);
  }
  if (records.length === 0) throw fileError('The file is empty.');
  const [head, ...body] = records;
  return rowsFromTable(head.record, body.map((r) => ({ row: r.info.lines, cells: r.record })));
}

function cellText(value: ExcelJS.CellValue): string {
  if (value == null) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const v = value as { text?: unknown; result?: unknown; richText?: { text: string }[]; hyperlink?: string };
    if (Array.isArray(v.richText)) return v.richText.map((t) => t.text).join('');
    if (typeof v.text === 'string') return v.text;
    if (v.text && typeof v.text === 'object') return cellText(v.text as ExcelJS.CellValue);
    if (v.result !== undefined) return cellText(v.result as ExcelJS.CellValue);
    return '';
  }
  return String(value);
}

export async function parseOrgXlsx(buffer: Buffer): Promise<ParsedOrgFile> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw fileTypeError('The Excel file could not be read. Save it as .xlsx (Excel 2007 or later) or as CSV and try again.');
  }
  const sheet = wb.worksheets[0];
  if (!sheet || sheet.rowCount === 0) throw fileError('The first worksheet of the Excel file is empty.');
  const width = sheet.columnCount;
  const toCells = (r: ExcelJS.Row) => Array.from({ length: width }, (_, i) => cellText(r.getCell(i + 1).value).trim());
  const header = toCells(sheet.getRow(1));
  const body: { row: number; cells: string[] }[] = [];
  sheet.eachRow((r, n) => {
    if (n > 1) body.push({ row: n, cells: toCells(r) });
  });
  return rowsFromTable(header, body);
}

/** XLSX files are ZIP archives; anything else is read as CSV text (UTF-8). */
export async function parseOrgFile(buffer: Buffer, filename: string): Promise<ParsedOrgFile> {
  const isZip = buffer.length > 4 && buffer[0] === 0x50 && buffer[1] === 0x4b && buffer[2] === 0x03 && buffer[3] === 0x04;
  if (isZip) return parseOrgXlsx(buffer);
  if (/\.(xls|xlsx|ods|numbers)$/i.test(filename)) throw fileTypeError('Only .xlsx Excel files and CSV files can be imported. Save the sheet as .xlsx or CSV and try again.');
  if (buffer.includes(0)) throw fileTypeError('This does not look like a CSV or Excel file.');
  return parseOrgCsv(buffer.toString('utf8'));
}
