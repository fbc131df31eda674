import type { UploadParser } from './isolated-parse';
import { HTML_LIMITS, PARSE_LIMITS, PDF_LIMITS } from './limits';
import type { ParseOutcome, Table } from './parse-jobs';
import { checkPdf } from './pdf-check';
import { UploadRefusedError } from './upload-refused';
import { UPLOAD_TEXT } from './uploads.text';
import { checkZip } from './zip-check';

// The one way the app reads an uploaded document or sheet: the cheap checks on its bytes first
// (a bomb is refused here in milliseconds), then the library in the child process. Throws
// UploadRefusedError (a limit, shown next to the file field with 422) or ServiceUnavailableError
// (too many files waiting); resolves why the content cannot be used otherwise.

export async function readDocumentText(
  uploads: UploadParser,
  kind: 'pdf' | 'docx',
  data: Buffer,
  name: string,
): Promise<ParseOutcome<{ text: string }>> {
  const maxChars = PARSE_LIMITS.maxTextChars;
  if (kind === 'pdf') {
    await checkPdf(data, name);
    return (await uploads.run({ kind: 'pdf-text', data, maxPages: PDF_LIMITS.maxPages, maxChars }, name)) as ParseOutcome<{ text: string }>;
  }
  checkZip(data, name);
  return (await uploads.run({ kind: 'docx-text', data, maxChars }, name)) as ParseOutcome<{ text: string }>;
}

const LT = 0x3c;
const SLASH = 0x2f;

/** "<" followed by a letter or "/": the tags a tokenizer would open or close. One pass over the bytes. */
function countTags(data: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < data.length - 1; i++) {
    if (data[i] !== LT) continue;
    const c = data[i + 1] | 0x20;
    if (data[i + 1] === SLASH || (c >= 0x61 && c <= 0x7a)) n++;
  }
  return n;
}

/**
 * An uploaded .html/.htm class spec, read in the child into the structured lines of spec-html.ts
 * and its title; pass the value to readClassSpecHtml() (class-specs/parser/spec-read.ts).
 */
export async function readHtmlText(
  uploads: UploadParser,
  data: Buffer,
  name: string,
): Promise<ParseOutcome<{ text: string; title: string | null }>> {
  if (data.byteLength > HTML_LIMITS.maxBytes)
    throw new UploadRefusedError(UPLOAD_TEXT.htmlSize(name, data.byteLength, HTML_LIMITS.maxBytes));
  const tags = countTags(data);
  if (tags > HTML_LIMITS.maxTags) throw new UploadRefusedError(UPLOAD_TEXT.htmlTags(name, tags, HTML_LIMITS.maxTags));
  const job = { kind: 'html-text' as const, data, maxChars: PARSE_LIMITS.maxTextChars };
  return (await uploads.run(job, name)) as ParseOutcome<{ text: string; title: string | null }>;
}

export async function readTable(
  uploads: UploadParser,
  kind: 'csv' | 'xlsx',
  data: Buffer,
  name: string,
  maxRows: number,
): Promise<ParseOutcome<{ table: Table }>> {
  const maxChars = PARSE_LIMITS.maxTableChars;
  if (kind === 'xlsx') {
    checkZip(data, name);
    return (await uploads.run({ kind: 'xlsx-table', data, maxRows, maxChars }, name)) as ParseOutcome<{ table: Table }>;
  }
  return (await uploads.run({ kind: 'csv-table', data, maxRows, maxChars }, name)) as ParseOutcome<{ table: Table }>;
}
