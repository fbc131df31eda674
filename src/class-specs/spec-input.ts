import { extractText, UnsupportedFileError } from './parser/spec-extract';
import { parseClassSpec } from './parser/spec-parser';
import { TEXT } from './class-specs.text';
import { SpecParseError, type ParsedSpec } from './parser/types';
import type { UploadParser } from '../uploads/isolated-parse';
import { UploadRefusedError } from '../uploads/upload-refused';

// Turns what an administrator sent (an uploaded file or pasted text) or a file given to the
// command line into a parsed spec, or into the one reason it cannot be used.

export type SpecInputResult =
  { ok: true; spec: ParsedSpec; sourceName: string | null } | { ok: false; status: 400 | 422; field: 'file' | 'text'; message: string };

export async function readSpecInput(
  input: { text?: string; file?: { buffer: Buffer; name: string } },
  uploads: UploadParser,
): Promise<SpecInputResult> {
  let text = input.text ?? '';
  const field = input.file ? 'file' : 'text';
  if (input.file) {
    try {
      text = await extractText(input.file.buffer, input.file.name, uploads);
    } catch (err) {
      if (err instanceof UnsupportedFileError) return { ok: false, status: 400, field, message: err.message };
      if (err instanceof UploadRefusedError) return { ok: false, status: 422, field, message: err.message };
      throw err;
    }
  } else if (text.trim() === '') {
    return { ok: false, status: 422, field, message: TEXT.inputMissing };
  }
  try {
    return { ok: true, spec: parseClassSpec(text), sourceName: input.file?.name ?? null };
  } catch (err) {
    if (err instanceof SpecParseError) return { ok: false, status: 422, field, message: err.message };
    throw err;
  }
}
