import ExcelJS from 'exceljs';
import { toCsv } from '../reports/csv-safe';
import { EXPORT_HEADER, exportRows, type NeedsRow } from './needs.service';

/** CSV of exactly the rows the page shows (formula-safe, BOM for Excel). */
export function needsCsv(rows: NeedsRow[]): string {
  return toCsv([EXPORT_HEADER, ...exportRows(rows)]);
}

/** Starts of text a spreadsheet would read as a formula; exceljs writes strings as text, but be safe when re-saved as CSV. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** XLSX of exactly the rows the page shows; the filters are written above the table. */
export async function needsXlsx(rows: NeedsRow[], filterLines: string[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Competency gap assessment';
  const ws = wb.addWorksheet('Training needs');
  ws.addRow(['Training needs (figures for fewer than 5 people are not shown)']);
  for (const line of filterLines) ws.addRow([line]);
  ws.addRow([]);
  const header = ws.addRow(EXPORT_HEADER);
  header.font = { bold: true };
  for (const r of exportRows(rows)) {
    ws.addRow(r.map((c) => (typeof c === 'string' && FORMULA_START.test(c) ? `'${c}` : c)));
  }
  ws.columns.forEach((col, i) => {
    col.width = i === 0 ? 60 : i === 7 ? 50 : 18;
  });
  const buf = await wb.xlsx.writeBuffer();
  return Buffer.from(buf as ArrayBuffer);
}
