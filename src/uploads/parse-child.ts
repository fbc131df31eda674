// The parse child process (forked by isolated-parse.ts with a V8 heap limit, started by
// parse-child-boot.cjs). It reads one
// uploaded file at a time with the libraries in extractors.ts and sends back plain text or rows.
// When the app goes away (the IPC channel closes) it goes too.
import { csvTable, docxText, htmlText, pdfText, preloadReaders, xlsxTable } from './extractors';
import {
  ParseFailureError,
  PRELOAD_FLAG,
  type ChildReply,
  type ChildRequest,
  type ParseJob,
  type ParseOutcome,
  type ParseValue,
} from './parse-jobs';

async function run(job: ParseJob): Promise<ParseValue> {
  switch (job.kind) {
    case 'pdf-text':
      return { text: await pdfText(job.data, job.maxPages, job.maxChars) };
    case 'docx-text':
      return { text: await docxText(job.data, job.maxChars) };
    case 'html-text':
      return htmlText(job.data, job.maxChars);
    case 'csv-table':
      return { table: await csvTable(job.data, job.maxRows, job.maxChars) };
    case 'xlsx-table':
      return { table: await xlsxTable(job.data, job.maxRows, job.maxChars) };
  }
}

process.on('message', (message: ChildRequest) => {
  void (async () => {
    let outcome: ParseOutcome;
    try {
      outcome = { ok: true, value: await run(message.job) };
    } catch (err) {
      if (!(err instanceof ParseFailureError)) throw err;
      outcome = { ok: false, failure: err.failure };
    }
    // A reader stopped part-way may still hold buffers or streams: a fresh child reads the next file.
    const reply: ChildReply = { id: message.id, outcome, rss: process.memoryUsage.rss(), recycle: !outcome.ok };
    process.send!(reply);
  })().catch((err: unknown) => {
    // A bug, not a bad file: say so on stderr and exit; the parent answers "could not be read".
    process.stderr.write(`parse child: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(70);
  });
});
process.on('disconnect', () => process.exit(0));

// Started ahead of an upload (UploadParser.warm): load the readers while the person picks the
// file. After this turn, so that parse-child-boot.cjs has removed tsx's hook first.
if (process.argv.includes(PRELOAD_FLAG)) setImmediate(() => void preloadReaders());
