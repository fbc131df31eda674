// Bulk loading for HR: `npm run spec:import -- [--series per-level|one] <file>…` stores each class
// spec through the same importer as the admin pages. One line per class stored; a file that fails
// stores nothing, the others are still imported, and the exit code is 1. A series spec is imported
// one class per level (each level's complete statements), as the web preview does by default, or
// as one class with --series one.
import fs from 'node:fs';
import path from 'node:path';
import { loadConfigOrReport } from '../config';
import { createDb } from '../db/db';
import { migrateLatest } from '../db/migrations';
import { importSpec } from '../class-specs/class-specs.service';
import { readSpecInput } from '../class-specs/spec-input';
import { draftOf, storableSpec } from '../class-specs/spec-draft';
import { duplicateLevelTitle, levelSpecs, seriesLevels, type SeriesChoice } from '../class-specs/spec-series-draft';
import type { ParsedSpec } from '../class-specs/parser/types';
import { UploadParser } from '../uploads/isolated-parse';

const USAGE = 'Usage: npm run spec:import -- [--series per-level|one] <file.txt|file.pdf|file.docx|file.html>…';

/** The options and files of the command line; null on wrong usage. */
function parseArgs(args: string[]): { series: SeriesChoice; files: string[] } | null {
  let series: SeriesChoice = 'per-level';
  const files: string[] = [];
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    const inline = /^--series=(.*)$/.exec(a);
    if (a === '--series' || inline) {
      const v = inline ? inline[1] : args[++k];
      if (v !== 'per-level' && v !== 'one') return null;
      series = v;
    } else if (a.startsWith('-')) return null;
    else files.push(a);
  }
  return files.length ? { series, files } : null;
}

/** What to store from one file: a class per level of a series (unless `one`), else the one class. */
function specsOf(read: ReturnType<typeof draftOf>, series: SeriesChoice): { specs: ParsedSpec[]; perLevel: boolean } {
  const levels = series === 'per-level' ? seriesLevels(read) : null;
  if (levels) {
    const twice = duplicateLevelTitle(levels);
    if (twice) throw new Error(`two levels are both called ${twice}; import it with --series one`);
    return { specs: levelSpecs(read, levels), perLevel: true };
  }
  // The command line cannot ask for a missing title; the web import's preview can.
  const spec = storableSpec(read);
  if (!spec) throw new Error('no class title found; import it through the web page, which asks for the title');
  return { specs: [spec], perLevel: false };
}

async function main(args: string[]): Promise<number> {
  const parsed = parseArgs(args);
  if (!parsed) {
    console.error(USAGE);
    return 1;
  }
  const { series, files } = parsed;
  const config = loadConfigOrReport();
  if (!config) return 1;
  const db = createDb(config.databaseUrl);
  const uploads = new UploadParser(); // PDF and DOCX are read in a child process, as uploads are
  let failed = 0;
  try {
    await migrateLatest(db);
    for (const file of files) {
      const name = path.basename(file);
      try {
        const input = await readSpecInput({ file: { buffer: fs.readFileSync(file), name } }, uploads);
        if (!input.ok) throw new Error(input.message);
        const read = draftOf(input.spec);
        const { specs, perLevel } = specsOf(read, series);
        const seriesTitle = read.title ?? read.series;
        // Every level of a series, or none of them.
        const results = await db.transaction(async (trx) => {
          const out = [];
          for (const [n, spec] of specs.entries()) {
            const level = perLevel ? { series: { title: seriesTitle, level: n + 1, levels: specs.length } } : {};
            out.push(await importSpec(trx, spec, { actorId: null, sourceName: name, ip: null, ...level }));
          }
          return out;
        });
        if (perLevel) console.log(`Series ${seriesTitle ?? '(untitled)'} in ${name}: ${results.length} levels, one class each`);
        for (const r of results) {
          if (r.unchanged) console.log(`Unchanged: ${name} is identical to version ${r.version} of ${r.title}; nothing stored`);
          else
            console.log(
              `Imported ${r.title} as version ${r.version} (${r.itemCount} items)${r.newClass ? ', a new class' : ''} from ${name}`,
            );
        }
      } catch (err) {
        failed += 1;
        const reason = err instanceof Error ? err.message : String(err);
        const line = reason.split('\n')[0];
        console.error(`Not imported: ${line.startsWith(name) ? line : `${file}: ${line}`}`);
      }
    }
  } finally {
    await uploads.close();
    await db.destroy();
  }
  return failed ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(`Import failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
