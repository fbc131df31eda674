// npm run --silent spec:parse -- <file>
// npm run --silent spec:parse -- --summary <folder>
// Prints the parsed form of a class spec (.txt, .pdf, .docx, .html) as JSON; nothing is stored. A
// spec without a title is still printed (title null, with a warning). --summary prints, per file
// of a folder, the counts per category, the title, a series' levels and the warnings (the JSON
// of one file holds the levels under "levels").
// Exit 0 with JSON on stdout; exit 1 with a one-line reason on stderr when the file is not a
// readable class spec; exit 2 on wrong usage.
import fs from 'node:fs/promises';
import path from 'node:path';
import { extractText, UnsupportedFileError } from '../class-specs/parser/spec-extract';
import { htmlToText } from '../class-specs/parser/spec-html';
import { readClassSpec } from '../class-specs/parser/spec-read';
import { SpecParseError, type ReadSpec } from '../class-specs/parser/types';
import { CATEGORY_ORDER } from '../competency/category';
import { UploadParser } from '../uploads/isolated-parse';
import { UploadRefusedError } from '../uploads/upload-refused';

const USAGE = 'usage: npm run --silent spec:parse -- <spec.txt|spec.pdf|spec.docx|spec.html> | --summary <folder>';

/** HTML is read here as text (the CLI reads local files); other formats go through extractText. */
async function readSpec(buffer: Buffer, file: string, uploads: UploadParser): Promise<ReadSpec> {
  if (/\.html?$/i.test(file)) {
    const html = htmlToText(buffer.toString('utf8'));
    return readClassSpec(html.text, { title: html.title });
  }
  return readClassSpec(await extractText(buffer, file, uploads));
}

async function summary(folder: string): Promise<number> {
  const files = (await fs.readdir(folder, { recursive: true })).filter((f) => /\.(?:txt|pdf|docx|html?)$/i.test(f)).sort();
  const uploads = new UploadParser();
  try {
    for (const f of files) {
      const file = path.join(folder, f);
      try {
        const spec = await readSpec(await fs.readFile(file), file, uploads);
        const counts = CATEGORY_ORDER.map((c) => `${c} ${spec.items.filter((i) => i.category === c).length}`).join(', ');
        process.stdout.write(`${f}\n  title: ${spec.title ?? '(none)'}\n  ${counts}\n`);
        // A series: each level with its complete statements, as the import would make one class of each.
        for (const level of spec.levels ?? []) process.stdout.write(`  level: ${level.title}, ${level.items.length} statements\n`);
        for (const w of spec.warnings) process.stdout.write(`  warning: ${w}\n`);
      } catch (err) {
        if (!(err instanceof SpecParseError || err instanceof UnsupportedFileError || err instanceof UploadRefusedError)) throw err;
        process.stdout.write(`${f}\n  refused: ${err.message}\n`);
      }
    }
  } finally {
    await uploads.close();
  }
  return 0;
}

async function main(args: string[]): Promise<number> {
  if (args.length === 2 && args[0] === '--summary') return summary(args[1]);
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
    const spec = await readSpec(buffer, file, uploads);
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
