// CSV downloads are opened in Excel/LibreOffice, where a cell starting with a formula character
// runs as a formula (OWASP "CSV injection"). People type free text (names, evidence, comments),
// so every string cell is neutralised here, in the one place that writes CSV.

const FORMULA_START = /^[=+\-@\t\r]/;

/** Turns one value into cell text; strings that a spreadsheet would read as a formula get a leading `'`. */
export function csvSafe(value: unknown): string {
  if (value === null || value === undefined) return '';
  // Numbers are data, not typed text: a negative score must stay a number in the sheet.
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return FORMULA_START.test(text) ? `'${text}` : text;
}

function quote(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/**
 * RFC 4180 CSV with CRLF line ends. The UTF-8 byte order mark makes Excel read accented
 * names correctly instead of guessing a legacy code page.
 */
export function toCsv(rows: unknown[][]): string {
  const body = rows.map((row) => row.map((cell) => quote(csvSafe(cell))).join(',') + '\r\n').join('');
  return '\uFEFF' + body;
}
