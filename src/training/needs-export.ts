import ExcelJS from 'exceljs';
import { toCsv } from '../reports/csv-safe';
import { EXPORT_HEADER, exportRows, type NeedsRow } from './needs.service';

/** CSV of exactly the rows the page shows (formula-safe, BOM for Excel). */
export function needsCsv(rows: NeedsRow[]): string {
  return toCsv([EXPORT_HEADER, ...exportRows(rows)]);
}

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
  // exceljs stores strings as text cells (never formulas), so labels are written as they are.
  for (const r of exportRows(rows)) ws.addRow(r);
  ws.columns.forEach((col, i) => {
    col.width = i === 0 ? 60 : i === 7 ? 50 : 18;
  });
  const buf = await wb.xlsx.writeBuffer();
  return Buffer.from(buf);
}
