import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { importSpec, type ImportResult } from '../src/class-specs/class-specs.service';
import { parseClassSpec } from '../src/class-specs/parser/spec-parser';

const SPEC_DIR = path.join(__dirname, 'class-specs');

/** Imports the demo class specs through the same importer administrators use. */
export async function seedDemoSpecs(db: Knex): Promise<ImportResult[]> {
  const files = fs
    .readdirSync(SPEC_DIR)
    .filter((f) => f.endsWith('.txt'))
    .sort();
  const results: ImportResult[] = [];
  for (const file of files) {
    const spec = parseClassSpec(fs.readFileSync(path.join(SPEC_DIR, file), 'utf8'));
    results.push(await importSpec(db, spec, { actorId: null, sourceName: file, ip: null }));
  }
  return results;
}
