import type { UploadParser } from './isolated-parse';
import { PARSE_LIMITS, PDF_LIMITS } from './limits';
import type { ParseOutcome, Table } from './parse-jobs';
import { checkPdf } from './pdf-check';
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
