import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { nowIso } from '../../src/db/time';
import { parseClassSpec, type ParsedSpec } from '../../src/class-specs/spec-parser';
import { getItems, type SpecItem } from '../../src/class-specs/catalogue.repository';

// Loads the three demo class specs into the catalogue for the synthetic organisation.
// Bench-only stand-in for the importer (importSpec) until it lands on main: same tables, same
// shape (class, version 1, items in document order, one competency key per slug).

export interface BenchClass { classSpecId: number; versionId: number; title: string; items: SpecItem[] }

const SPEC_DIR = path.resolve(__dirname, '../../seeds/class-specs');

function insertedId(row: unknown): number {
  return Number(typeof row === 'object' && row !== null ? (row as { id: unknown }).id : row);
}

async function storeSpec(trx: Knex.Transaction, spec: ParsedSpec, sourceName: string): Promise<number> {
  const [c] = await trx('class_specs')
    .insert({
      title: spec.title, title_normalized: spec.title.replace(/\s+/g, ' ').trim().toLowerCase(), code: spec.code,
      family: spec.family, service: spec.service, group_name: spec.group, series: spec.series, created_at: nowIso(),
    })
    .returning('id');
  const classSpecId = insertedId(c);
  const [v] = await trx('class_spec_versions')
    .insert({
      class_spec_id: classSpecId, version: 1, characteristics: spec.characteristics,
      duties: JSON.stringify(spec.duties), qualifications: JSON.stringify(spec.qualifications),
      details: JSON.stringify({ workingConditions: spec.workingConditions, equipment: spec.equipment, physicalRequirements: spec.physicalRequirements }),
      warnings: JSON.stringify(spec.warnings), source_name: sourceName, imported_at: nowIso(),
    })
    .returning('id');
  const versionId = insertedId(v);
  await trx('class_specs').where({ id: classSpecId }).update({ current_version_id: versionId });
  let position = 0;
  for (const it of spec.items) {
    let key = await trx('competency_keys').where({ key: it.key }).first('id', 'category');
    if (key && key.category !== it.category) key = await trx('competency_keys').where({ key: `${it.key}--${it.category}` }).first('id', 'category');
    if (!key) {
      const slug = (await trx('competency_keys').where({ key: it.key }).first('id')) ? `${it.key}--${it.category}` : it.key;
      const [k] = await trx('competency_keys').insert({ key: slug, label: (it.name ?? it.text).slice(0, 500), category: it.category, created_at: nowIso() }).returning('id');
      key = { id: insertedId(k) };
    }
    await trx('spec_items').insert({
      version_id: versionId, category: it.category, name: it.name, text: it.text, qualifier: it.qualifier,
      required_level: it.requiredLevel, default_required_level: it.requiredLevel, required_at_entry: it.requiredAtEntry,
      position: position++, competency_key_id: key.id,
    });
  }
  return classSpecId;
}

export async function loadDemoClasses(db: Knex): Promise<BenchClass[]> {
  const files = fs.readdirSync(SPEC_DIR).filter((f) => f.endsWith('.txt')).sort();
  const out: BenchClass[] = [];
  for (const file of files) {
    const spec = parseClassSpec(fs.readFileSync(path.join(SPEC_DIR, file), 'utf8'));
    const classSpecId = await db.transaction((trx) => storeSpec(trx, spec, file));
    const row = await db('class_specs').where({ id: classSpecId }).first('current_version_id');
    const versionId = Number(row.current_version_id);
    out.push({ classSpecId, versionId, title: spec.title, items: await getItems(db, versionId) });
  }
  return out;
}
