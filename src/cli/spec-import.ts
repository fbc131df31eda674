// Bulk loading for HR: `npm run spec:import -- <file>…` stores each class spec through the same
// importer as the admin pages. One line per file; a file that fails stores nothing, the others
// are still imported, and the exit code is 1.
import fs from 'node:fs';
import path from 'node:path';
import { loadConfigOrReport } from '../config';
import { createDb } from '../db/db';
import { migrateLatest } from '../db/migrations';
import { importSpec } from '../class-specs/class-specs.service';
import { readSpecInput } from '../class-specs/spec-input';
import { draftOf, storableSpec } from '../class-specs/spec-draft';
import { UploadParser } from '../uploads/isolated-parse';

async function main(files: string[]): Promise<number> {
  if (files.length === 0) {
    console.error('Usage: npm run spec:import -- <file.txt|file.pdf|file.docx>…');
    return 1;
  }
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
        // The command line cannot ask for a missing title; the web import's preview can.
        const spec = storableSpec(draftOf(input.spec));
        if (!spec) throw new Error('no class title found; import it through the web page, which asks for the title');
        const r = await importSpec(db, spec, { actorId: null, sourceName: name, ip: null });
        if (r.unchanged) console.log(`Unchanged: ${name} is identical to version ${r.version} of ${r.title}; nothing stored`);
        else
          console.log(
            `Imported ${r.title} as version ${r.version} (${r.itemCount} items)${r.newClass ? ', a new class' : ''} from ${name}`,
          );
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
