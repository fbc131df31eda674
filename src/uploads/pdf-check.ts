import zlib from 'node:zlib';
import { PDF_LIMITS } from './limits';
import { UploadRefusedError } from './upload-refused';
import { UPLOAD_TEXT } from './uploads.text';

// Cheap checks on a PDF's bytes before a PDF library sees it: how many pages it declares, how many
// streams it has, and how large its FlateDecode streams become when inflated. Inflating is done in
// zlib's thread pool, counted chunk by chunk and thrown away, and stopped as soon as the total is
// past the limit, so a stream that would inflate to 1 GB costs at most the limit's worth of work.
// The PDF reader in the child process counts pages again (a page tree inside compressed object
// streams is invisible here) and runs within the child's memory and time limits.

export type PdfLimits = typeof PDF_LIMITS;

export interface PdfSummary {
  /** Page objects seen in the file's uncompressed objects, or the largest /Count of a page tree. */
  pages: number;
  streams: number;
  inflatedBytes: number;
}

/** Page objects (/Type /Page, not /Pages) and the largest page-tree /Count written in plain text. */
export function countPdfPages(text: string): number {
  const pageObjects = text.match(/\/Type\s*\/Page(?![A-Za-z])/g)?.length ?? 0;
  let largestCount = 0;
  for (const m of text.matchAll(/\/Type\s*\/Pages\b[^>]{0,300}?\/Count\s+(\d{1,9})|\/Count\s+(\d{1,9})[^>]{0,300}?\/Type\s*\/Pages\b/g)) {
    largestCount = Math.max(largestCount, Number(m[1] ?? m[2]));
  }
  return Math.max(pageObjects, largestCount);
}

/** Inflates `data`, counting the bytes out, and stops once `budget` is exceeded. Resolves the count (capped just past budget). */
function inflatedSize(data: Buffer, budget: number): Promise<number> {
  return new Promise((resolve) => {
    let out = 0;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      resolve(out);
    };
    // Z_SYNC_FLUSH: a stream cut short still counts what it gave (pdf.js reads such streams too).
    const inflate = zlib.createInflate({ finishFlush: zlib.constants.Z_SYNC_FLUSH });
    inflate.on('data', (chunk: Buffer) => {
      out += chunk.length;
      if (out > budget) {
        inflate.destroy();
        finish();
      }
    });
    inflate.on('end', finish);
    inflate.on('close', finish);
    inflate.on('error', finish); // not zlib data: the PDF reader will say what it thinks of it
    inflate.end(data);
  });
}

/** Throws UploadRefusedError when the PDF declares too many pages or inflates past the limit. */
export async function checkPdf(buf: Buffer, name: string, limits: PdfLimits = PDF_LIMITS): Promise<PdfSummary> {
  const text = buf.toString('latin1');
  const pages = countPdfPages(text);
  if (pages > limits.maxPages) throw new UploadRefusedError(UPLOAD_TEXT.pdfPages(name, pages, limits.maxPages));

  const starts = [...text.matchAll(/(?<!end)stream(\r\n|\n|\r)/g)];
  if (starts.length > limits.maxStreams) throw new UploadRefusedError(UPLOAD_TEXT.pdfStreams(name, starts.length, limits.maxStreams));
  let inflated = 0;
  let previousEnd = 0;
  for (const m of starts) {
    const dataStart = m.index + m[0].length;
    // The stream's dictionary is what lies between the previous stream's end and this keyword.
    const dictStart = Math.max(previousEnd, text.lastIndexOf('obj', m.index));
    const dict = text.slice(dictStart, m.index);
    const dataEnd = text.indexOf('endstream', dataStart);
    if (dataEnd < 0) break;
    previousEnd = dataEnd;
    if (!/\/(FlateDecode|Fl)\b/.test(dict)) continue;
    inflated += await inflatedSize(buf.subarray(dataStart, dataEnd), limits.maxInflatedBytes - inflated);
    if (inflated > limits.maxInflatedBytes) throw new UploadRefusedError(UPLOAD_TEXT.pdfInflated(name, limits.maxInflatedBytes));
  }
  return { pages, streams: starts.length, inflatedBytes: inflated };
}
