import path from 'node:path';
import { extractText, SUPPORTED_EXTENSIONS, UnsupportedFileError } from './parser/spec-extract';
import { readClassSpec } from './parser/spec-read';
import { htmlToText, looksLikeHtml } from './parser/spec-html';
import { TEXT } from './class-specs.text';
import { SpecParseError, type ReadSpec } from './parser/types';
import type { UploadParser } from '../uploads/isolated-parse';
import { UploadRefusedError } from '../uploads/upload-refused';

// Turns what an administrator sent (an uploaded file or pasted text) or a file given to the
// command line into a read spec of any employer's layout, or into the one reason it cannot be
// used. A spec without a title is still a spec: the preview asks for the title.

export type SpecInputResult =
  { ok: true; spec: ReadSpec; sourceName: string | null } | { ok: false; status: 400 | 422; field: 'file' | 'text'; message: string };

const HTML_EXTENSIONS = ['.html', '.htm'];

/**
 * Text of an upload. An .html page saved from an employer's site is read as UTF-8 text with the
 * plain-text checks (not binary, valid UTF-8) unless the extractor already knows the type.
 */
async function uploadText(file: { buffer: Buffer; name: string }, uploads: UploadParser): Promise<string> {
  const ext = path.extname(file.name).toLowerCase();
  if (HTML_EXTENSIONS.includes(ext) && !(SUPPORTED_EXTENSIONS as readonly string[]).includes(ext)) {
    const asText = `${file.name.slice(0, file.name.length - ext.length)}.txt`;
    try {
      return await extractText(file.buffer, asText, uploads);
    } catch (err) {
      if (err instanceof UnsupportedFileError) throw new UnsupportedFileError(err.message.split(asText).join(file.name));
      throw err;
    }
  }
  return extractText(file.buffer, file.name, uploads);
}

export async function readSpecInput(
  input: { text?: string; file?: { buffer: Buffer; name: string } },
  uploads: UploadParser,
): Promise<SpecInputResult> {
  let text = input.text ?? '';
  const field = input.file ? 'file' : 'text';
  if (input.file) {
    try {
      text = await uploadText(input.file, uploads);
    } catch (err) {
      if (err instanceof UnsupportedFileError) return { ok: false, status: 400, field, message: err.message };
      if (err instanceof UploadRefusedError) return { ok: false, status: 422, field, message: err.message };
      throw err;
    }
  } else if (text.trim() === '') {
    return { ok: false, status: 422, field, message: TEXT.inputMissing };
  }
  try {
    // HTML (pasted from a web page, or an .html upload) becomes structured lines first; its
    // <title>/<h1> is the title when the text has none of its own.
    let spec: ReadSpec;
    if (looksLikeHtml(text)) {
      const html = htmlToText(text);
      spec = readClassSpec(html.text, { title: html.title });
    } else spec = readClassSpec(text);
    return { ok: true, spec, sourceName: input.file?.name ?? null };
  } catch (err) {
    if (err instanceof SpecParseError) return { ok: false, status: 422, field, message: err.message };
    throw err;
  }
}
