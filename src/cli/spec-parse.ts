// npm run --silent spec:parse -- <file>
// Prints the parsed form of a class spec (.txt, .pdf, .docx) as JSON; nothing is stored.
// Exit 0 with JSON on stdout; exit 1 with a one-line reason on stderr when the file is not a
// readable class spec; exit 2 on wrong usage.
import fs from 'node:fs/promises';
import path from 'node:path';
import { extractText, UnsupportedFileError } from '../class-specs/parser/spec-extract';
import { parseClassSpec } from '../class-specs/parser/spec-parser';
import { SpecParseError } from '../class-specs/parser/types';
import { UploadParser } from '../uploads/isolated-parse';
import { UploadRefusedError } from '../uploads/upload-refused';

const USAGE = 'usage: npm run --silent spec:parse -- <spec.txt|spec.pdf|spec.docx>';

async function main(args: string[]): Promise<number> {
  if (args.length !== 1 || args[0].startsWith('-')) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const file = args[0];
  let buffer: Buffer;
  try {
    buffer = await fs.readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unknown error';
    process.stderr.write(`${file}: cannot read the file (${code})\n`);
    return 1;
  }
  const uploads = new UploadParser(); // PDF and DOCX are read in a child process, as uploads are
  try {
    const spec = parseClassSpec(await extractText(buffer, file, uploads));
    process.stdout.write(`${JSON.stringify(spec, null, 2)}\n`);
    return 0;
  } catch (err) {
    if (err instanceof UnsupportedFileError || err instanceof UploadRefusedError) process.stderr.write(`${err.message}\n`);
    else if (err instanceof SpecParseError) process.stderr.write(`${path.basename(file)}: ${err.message}\n`);
    else throw err;
    return 1;
  } finally {
    await uploads.close();
  }
}

// exitCode rather than process.exit(): let a large JSON on a pipe finish writing.
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
