import path from 'node:path';
import { extractHtml, extractText, HTML_EXTENSIONS, UnsupportedFileError } from './parser/spec-extract';
import { readClassSpec } from './parser/spec-read';
import { looksLikeHtml } from './parser/spec-html';
import { TEXT } from './class-specs.text';
import { SpecParseError, type ReadSpec } from './parser/types';
import type { UploadParser } from '../uploads/isolated-parse';
import { UploadRefusedError } from '../uploads/upload-refused';

// Turns what an administrator sent (an uploaded file or pasted text) or a file given to the
// command line into a read spec of any employer's layout, or into the one reason it cannot be
// used. A spec without a title is still a spec: the preview asks for the title.

export type SpecInputResult =
  { ok: true; spec: ReadSpec; sourceName: string | null } | { ok: false; status: 400 | 422; field: 'file' | 'text'; message: string };

export async function readSpecInput(
  input: { text?: string; file?: { buffer: Buffer; name: string } },
  uploads: UploadParser,
): Promise<SpecInputResult> {
  let text = input.text ?? '';
  // HTML (an .html upload, or a page pasted from a web site) becomes structured lines first, read
  // in the parse child; its <title>/<h1> is the title when the text has none of its own.
  let html: { text: string; title: string | null } | null = null;
  const field = input.file ? 'file' : 'text';
  if (!input.file && text.trim() === '') return { ok: false, status: 422, field, message: TEXT.inputMissing };
  try {
    if (input.file && (HTML_EXTENSIONS as readonly string[]).includes(path.extname(input.file.name).toLowerCase())) {
      html = await extractHtml(input.file.buffer, path.basename(input.file.name), uploads);
    } else if (input.file) {
      text = await extractText(input.file.buffer, input.file.name, uploads);
    } else if (looksLikeHtml(text)) {
      html = await extractHtml(Buffer.from(text, 'utf8'), 'The pasted page', uploads);
    }
  } catch (err) {
    if (err instanceof UnsupportedFileError) return { ok: false, status: 400, field, message: err.message };
    if (err instanceof UploadRefusedError) return { ok: false, status: 422, field, message: err.message };
    throw err;
  }
  try {
    const spec: ReadSpec = html ? readClassSpec(html.text, { title: html.title }) : readClassSpec(text);
    return { ok: true, spec, sourceName: input.file?.name ?? null };
  } catch (err) {
    if (err instanceof SpecParseError) return { ok: false, status: 422, field, message: err.message };
    throw err;
  }
}
