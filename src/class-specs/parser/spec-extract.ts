// Text out of an uploaded class-spec file (.txt, .pdf, .docx). The file's content must match
// its extension: a PNG renamed to .pdf or binary data in a .txt is refused with a message the
// uploader can act on, never passed on to the parser as text.
import path from 'node:path';
import type { UploadParser } from '../../uploads/isolated-parse';
import { readDocumentText, readHtmlText } from '../../uploads/upload-check';
import { UnreadableUploadError, UploadRefusedError } from '../../uploads/upload-refused';
import { UPLOAD_TEXT } from '../../uploads/uploads.text';

export class UnsupportedFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedFileError';
  }
}

export const SUPPORTED_EXTENSIONS = ['.txt', '.pdf', '.docx'] as const;

type Kind = 'pdf' | 'zip' | 'ole' | 'png' | 'jpeg' | 'gif' | 'rtf' | 'utf16' | null;

const DESCRIPTIONS: Record<Exclude<Kind, null>, string> = {
  pdf: 'a PDF document',
  zip: 'a ZIP archive (such as .docx)',
  ole: 'an old-style Word (.doc) or other Office file',
  png: 'a PNG image',
  jpeg: 'a JPEG image',
  gif: 'a GIF image',
  rtf: 'an RTF document',
  utf16: 'UTF-16 text',
};

/** What the first bytes say the file is. */
function sniff(b: Buffer): Kind {
  const starts = (sig: number[]) => sig.every((byte, i) => b[i] === byte);
  if (b.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  if (starts([0x50, 0x4b, 0x03, 0x04])) return 'zip';
  if (starts([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'ole';
  if (starts([0x89, 0x50, 0x4e, 0x47])) return 'png';
  if (starts([0xff, 0xd8, 0xff])) return 'jpeg';
  if (starts([0x47, 0x49, 0x46, 0x38])) return 'gif';
  if (b.subarray(0, 5).toString('latin1') === '{\\rtf') return 'rtf';
  if (starts([0xff, 0xfe]) || starts([0xfe, 0xff])) return 'utf16';
  return null;
}

function mismatch(name: string, expected: string, kind: Kind): UnsupportedFileError {
  const actual = kind ? `its content is ${DESCRIPTIONS[kind]}` : 'its content is not in that format';
  return new UnsupportedFileError(`${name} is not ${expected}: ${actual}`);
}

function plainText(buffer: Buffer, name: string, kind: Kind): string {
  if (kind === 'utf16') {
    const le = buffer[0] === 0xff;
    const body = buffer.subarray(2);
    const bytes = le ? body : Buffer.from(body).swap16();
    return new TextDecoder('utf-16le').decode(bytes.subarray(0, bytes.length - (bytes.length % 2)));
  }
  if (kind !== null) throw mismatch(name, 'a text file', kind);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    throw new UnsupportedFileError(`${name} is not a text file: its content is not valid UTF-8 text`);
  }
  // Valid UTF-8 can still be binary (NULs, runs of control characters).
  // eslint-disable-next-line no-control-regex
  const controls = (text.match(/[\u0000-\u0008\u000E-\u001F]/g) ?? []).length;
  if (text.includes('\u0000') || controls > text.length / 100) {
    throw new UnsupportedFileError(`${name} is not a text file: its content is binary data`);
  }
  return text.replace(/^\uFEFF/, '');
}

/** PDF and DOCX are read by their libraries in the parse child (src/uploads), after the cheap checks. */
async function documentText(uploads: UploadParser, kind: 'pdf' | 'docx', buffer: Buffer, name: string): Promise<string> {
  const as = kind === 'pdf' ? 'a PDF' : 'a Word .docx file';
  let outcome;
  try {
    outcome = await readDocumentText(uploads, kind, buffer, name);
  } catch (err) {
    if (err instanceof UnreadableUploadError) throw new UnsupportedFileError(`${name} could not be read as ${as}: ${err.detail}`);
    throw err;
  }
  if (outcome.ok) return outcome.value.text;
  const f = outcome.failure;
  switch (f.code) {
    case 'no-text':
      throw new UnsupportedFileError(`${name} has no text layer (a scanned image?); upload a PDF with text or a .docx`);
    case 'too-many-pages':
      throw new UploadRefusedError(UPLOAD_TEXT.pdfPages(name, f.pages, f.limit));
    case 'too-much-text':
      throw new UploadRefusedError(UPLOAD_TEXT.tooMuchText(name, f.limit));
    case 'unreadable':
      throw new UnsupportedFileError(`${name} could not be read as ${as}: ${f.detail}`);
    default:
      throw new UnsupportedFileError(`${name} could not be read as ${as}`);
  }
}

/** Extensions of web pages saved from an employer's site. */
export const HTML_EXTENSIONS = ['.html', '.htm'] as const;

/**
 * An HTML page (uploaded or pasted) as structured lines and its <title>/<h1>. It must be UTF-8
 * text; htmlparser2 reads it in the parse child after the size and tag-count checks, as every
 * uploaded format is read.
 */
export async function extractHtml(buffer: Buffer, name: string, uploads: UploadParser): Promise<{ text: string; title: string | null }> {
  if (buffer.length === 0) throw new UnsupportedFileError(`${name} is empty`);
  plainText(buffer, name, sniff(buffer));
  const outcome = await readHtmlText(uploads, buffer, name);
  if (outcome.ok) return outcome.value;
  const f = outcome.failure;
  if (f.code === 'too-much-text') throw new UploadRefusedError(UPLOAD_TEXT.tooMuchText(name, f.limit));
  throw new UnsupportedFileError(`${name} could not be read as a web page`);
}

/**
 * Text of an uploaded class spec; throws UnsupportedFileError when it can't honestly give one,
 * UploadRefusedError when the file is past a limit (a bomb, too many pages).
 */
export async function extractText(buffer: Buffer, filename: string, uploads: UploadParser): Promise<string> {
  const name = path.basename(filename) || 'The file';
  const ext = path.extname(filename).toLowerCase();
  if (!(SUPPORTED_EXTENSIONS as readonly string[]).includes(ext)) {
    throw new UnsupportedFileError(
      `${name}: files of type "${ext || 'none'}" are not supported; upload a .txt, .pdf, .docx or .html class specification`,
    );
  }
  if (buffer.length === 0) throw new UnsupportedFileError(`${name} is empty`);
  const kind = sniff(buffer);
  if (ext === '.txt') return plainText(buffer, name, kind);
  if (ext === '.pdf') {
    // The PDF header may follow some junk bytes, within the first 1024.
    if (kind !== 'pdf' && buffer.subarray(0, 1024).indexOf('%PDF-') < 0) throw mismatch(name, 'a PDF', kind);
    return documentText(uploads, 'pdf', buffer, name);
  }
  if (kind !== 'zip') throw mismatch(name, 'a Word .docx file', kind);
  return documentText(uploads, 'docx', buffer, name);
}
