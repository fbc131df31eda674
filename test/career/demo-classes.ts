import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { parseClassSpec } from '../../src/class-specs/parser/spec-parser';
import { createClassSpec, type CreatedClass } from '../helpers/factories';

const DIR = path.resolve(__dirname, '../../seeds/class-specs');

/**
 * The three demo classes, parsed from seeds/class-specs/*.txt and inserted with their parsed keys
 * (the importer is another feature; this keeps the career tests independent of it).
 */
export async function importDemoClasses(db: Knex): Promise<Record<string, CreatedClass & { names: (string | null)[] }>> {
  const out: Record<string, CreatedClass & { names: (string | null)[] }> = {};
  for (const file of fs
    .readdirSync(DIR)
    .filter((f) => f.endsWith('.txt'))
    .sort()) {
    const spec = parseClassSpec(fs.readFileSync(path.join(DIR, file), 'utf8'));
    const cls = await createClassSpec(db, {
      title: spec.title,
      code: spec.code,
      items: spec.items.map((i) => ({
        category: i.category,
        name: i.name,
        text: i.text,
        qualifier: i.qualifier,
        requiredLevel: i.requiredLevel,
        requiredAtEntry: i.requiredAtEntry,
        key: i.key,
      })),
    });
    out[spec.title] = { ...cls, names: spec.items.map((i) => i.name ?? i.text) };
  }
  return out;
}
