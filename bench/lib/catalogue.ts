import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { parseClassSpec } from '../../src/class-specs/parser/spec-parser';
import { importSpec } from '../../src/class-specs/class-specs.service';
import { getItems, type SpecItem } from '../../src/class-specs/catalogue.repository';

// Loads the three demo class specs into the catalogue for the synthetic organisation, through
// the same parser and importer an administrator uses.

export interface BenchClass {
  classSpecId: number;
  versionId: number;
  title: string;
  items: SpecItem[];
}

const SPEC_DIR = path.resolve(__dirname, '../../seeds/class-specs');

export async function loadDemoClasses(db: Knex): Promise<BenchClass[]> {
  const files = fs
    .readdirSync(SPEC_DIR)
    .filter((f) => f.endsWith('.txt'))
    .sort();
  const out: BenchClass[] = [];
  for (const file of files) {
    const spec = parseClassSpec(fs.readFileSync(path.join(SPEC_DIR, file), 'utf8'));
    const { classSpecId, versionId, title } = await importSpec(db, spec, { actorId: null, sourceName: file });
    out.push({ classSpecId, versionId, title, items: await getItems(db, versionId) });
  }
  return out;
}
