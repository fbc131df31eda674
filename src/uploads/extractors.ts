import { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { htmlToText, type HtmlText } from '../class-specs/parser/spec-html';
import { ParseFailureError, type Table } from './parse-jobs';

// The library calls that read uploaded files. They run only in the parse child (parse-child.ts),
// inside its memory and time limits, and stop at the limits they are given rather than reading on.
// Each library is loaded on first use with import(), after parse-child-boot.cjs removed tsx's hook.

const firstLine = (err: unknown) => (err instanceof Error ? err.message : String(err)).split('\n')[0];

function capText(text: string, maxChars: number): string {
  if (text.length > maxChars) throw new ParseFailureError({ code: 'too-much-text', limit: maxChars });
  return text;
}

/** Loads the PDF and Word readers ahead of a file (a child started by UploadParser.warm). */
export async function preloadReaders(): Promise<void> {
  await Promise.all([import('pdf-parse'), import('mammoth')]).catch(() => undefined); // a real read reports any failure
}

export async function pdfText(data: Uint8Array, maxPages: number, maxChars: number): Promise<string> {
  const { PDFParse } = await import('pdf-parse'); // ESM-only in practice; loaded on first use
  const parser = new PDFParse({ data, verbosity: 0 });
  try {
    // The page tree is read before any page: a 30,000-page file stops here.
    const { total } = await parser.getInfo();
    if (total > maxPages) throw new ParseFailureError({ code: 'too-many-pages', pages: total, limit: maxPages });
    const result = await parser.getText();
    if (result.text.trim() === '') throw new ParseFailureError({ code: 'no-text' });
    return capText(result.text, maxChars);
  } catch (err) {
    if (err instanceof ParseFailureError) throw err;
    throw new ParseFailureError({ code: 'unreadable', detail: firstLine(err) });
  } finally {
    await parser.destroy();
  }
}

export async function docxText(data: Uint8Array, maxChars: number): Promise<string> {
  const mammoth = await import('mammoth');
  let value: string;
  try {
    ({ value } = await (mammoth.default ?? mammoth).extractRawText({ buffer: Buffer.from(data.buffer, data.byteOffset, data.byteLength) }));
  } catch (err) {
    throw new ParseFailureError({ code: 'unreadable', detail: firstLine(err) });
  }
  return capText(value, maxChars);
}

/**
 * An HTML class spec as structured lines (spec-html.ts). htmlparser2 is a streaming tokenizer that
 * builds no tree, so 200,000 nested tags cost what 200,000 sibling tags cost; the byte limit
 * (HTML_LIMITS, checked before the child) and the text limit bound the rest.
 */
export function htmlText(data: Uint8Array, maxChars: number): HtmlText {
  const html = Buffer.from(data.buffer, data.byteOffset, data.byteLength)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  const read = htmlToText(html);
  if (read.text.trim() === '') throw new ParseFailureError({ code: 'no-text' });
  return { text: capText(read.text, maxChars), title: read.title };
}

/** Counts what a table hands back, so that the reply stays bounded. */
function tableBuilder(maxRows: number, maxChars: number) {
  const table: Table = { header: [], body: [] };
  let chars = 0;
  let seenHeader = false;
  return {
    table,
    /** Adds a row; throws once the row limit is passed, which stops the reader there. */
    add(row: number, cells: string[]): void {
      for (const c of cells) chars += c.length;
      if (chars > maxChars) throw new ParseFailureError({ code: 'too-much-text', limit: maxChars });
      if (!seenHeader) {
        seenHeader = true;
        table.header = cells;
        return;
      }
      if (cells.every((c) => c.trim() === '')) return;
      if (table.body.length >= maxRows) throw new ParseFailureError({ code: 'too-many-rows', limit: maxRows });
      table.body.push([row, cells]);
    },
  };
}

export async function csvTable(data: Uint8Array, maxRows: number, maxChars: number): Promise<Table> {
  const { parse } = await import('csv-parse/sync');
  const text = Buffer.from(data.buffer, data.byteOffset, data.byteLength)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  const head = text.slice(0, text.search(/\r?\n|$/));
  // Spreadsheets in some locales save with ";" or tabs; the header line tells which.
  const delimiter = [',', ';', '\t'].reduce((best, d) => (head.split(d).length > head.split(best).length ? d : best), ',');
  const builder = tableBuilder(maxRows, maxChars);
  try {
    // Rows go straight into the table (one row past the limit stops the parse), never into
    // csv-parse's own result array as well.
    parse(text, {
      delimiter,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: false,
      on_record: (record: string[], context) => {
        builder.add(context.lines, record);
        return null;
      },
    });
  } catch (err) {
    if (err instanceof ParseFailureError) throw err;
    const inner = (err as { cause?: unknown }).cause;
    if (inner instanceof ParseFailureError) throw inner;
    throw new ParseFailureError({ code: 'unreadable', detail: `The CSV file could not be read: ${firstLine(err)}` });
  }
  if (!builder.table.header.length) throw new ParseFailureError({ code: 'empty' });
  return builder.table;
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

/** The first worksheet, read as a stream row by row and stopped one row past the limit. */
export async function xlsxTable(data: Uint8Array, maxRows: number, maxChars: number): Promise<Table> {
  const { default: Excel } = await import('exceljs');
  const builder = tableBuilder(maxRows, maxChars);
  try {
    const input = Readable.from([Buffer.from(data.buffer, data.byteOffset, data.byteLength)]);
    const reader = new Excel.stream.xlsx.WorkbookReader(input, {
      worksheets: 'emit',
      sharedStrings: 'cache',
      hyperlinks: 'ignore',
      styles: 'cache',
      entries: 'emit',
    });
    for await (const sheet of reader) {
      for await (const row of sheet) {
        const values = (row.values as ExcelJS.CellValue[]).slice(1);
        const cells = Array.from({ length: values.length }, (_, i) => cellText(values[i]).trim());
        builder.add(row.number, cells);
      }
      break; // the first worksheet only
    }
  } catch (err) {
    if (err instanceof ParseFailureError) throw err;
    throw new ParseFailureError({ code: 'unreadable', detail: firstLine(err) });
  }
  if (!builder.table.header.length) throw new ParseFailureError({ code: 'empty' });
  return builder.table;
}
