import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import PDFDocument from 'pdfkit';
import { expect } from 'vitest';
import type { Agent } from '../helpers/context';

export const SPEC_DIR = path.resolve(__dirname, '../../seeds/class-specs');
export const readSpec = (file: string) => fs.readFileSync(path.join(SPEC_DIR, file), 'utf8');

export interface Expected {
  title: string;
  duties: number;
  knowledge: number;
  qualifiers: Record<string, number>;
  skill: number;
  ability: number;
  competency: number;
  entry: number;
}

/** The table of issue 4: what each shared spec must store. */
export const EXPECTED: Record<string, Expected> = {
  'senior-security-engineer.txt': {
    title: 'SENIOR SECURITY ENGINEER',
    duties: 21,
    knowledge: 5,
    qualifiers: { considerable: 4, none: 1 },
    skill: 8,
    ability: 10,
    competency: 11,
    entry: 3,
  },
  'chief-information-security-officer.txt': {
    title: 'CHIEF INFORMATION SECURITY OFFICER (CISO)',
    duties: 12,
    knowledge: 20,
    qualifiers: { comprehensive: 19, none: 1 },
    skill: 6,
    ability: 6,
    competency: 12,
    entry: 19,
  },
  'it-engineer.txt': {
    title: 'IT ENGINEER',
    duties: 13,
    knowledge: 15,
    qualifiers: { comprehensive: 10, moderate: 4, none: 1 },
    skill: 10,
    ability: 8,
    competency: 4,
    entry: 17,
  },
};

/** Reads back what the catalogue holds for a class's current version and checks it against the table. */
export async function expectStored(db: Knex, classSpecId: number, e: Expected): Promise<void> {
  const cls = await db('class_specs').where({ id: classSpecId }).first();
  expect(cls.title).toBe(e.title);
  const version = await db('class_spec_versions').where({ id: cls.current_version_id }).first();
  expect(JSON.parse(version.duties)).toHaveLength(e.duties);
  const items = await db('spec_items').where({ version_id: version.id }).orderBy('position');
  const count = (cat: string) => items.filter((i) => i.category === cat).length;
  expect({ knowledge: count('knowledge'), skill: count('skill'), ability: count('ability'), competency: count('competency') }).toEqual({
    knowledge: e.knowledge,
    skill: e.skill,
    ability: e.ability,
    competency: e.competency,
  });
  const qualifiers: Record<string, number> = {};
  for (const i of items.filter((x) => x.category === 'knowledge'))
    qualifiers[i.qualifier ?? 'none'] = (qualifiers[i.qualifier ?? 'none'] ?? 0) + 1;
  expect(qualifiers).toEqual(e.qualifiers);
  expect(items.filter((i) => Boolean(i.required_at_entry))).toHaveLength(e.entry);
  expect(items.map((i) => Number(i.position))).toEqual(items.map((_, n) => n));
}

/** Sends pasted text to the import form; returns the response (303 to the preview when it parsed). */
export async function pasteSpec(agent: Agent & { csrf(p?: string): Promise<string> }, text: string) {
  const token = await agent.csrf('/admin/class-specs/import');
  return agent.post('/admin/class-specs/import').type('form').send({ text, _csrf: token });
}

export async function uploadSpec(agent: Agent & { csrf(p?: string): Promise<string> }, buffer: Buffer, name: string) {
  const token = await agent.csrf('/admin/class-specs/import');
  return agent.post(`/admin/class-specs/import`).field('_csrf', token).attach('file', buffer, name);
}

/** Presses a button (confirm/cancel) on a preview page. */
export async function pressOnPreview(
  agent: Agent & { csrf(p?: string): Promise<string> },
  previewPath: string,
  action: 'confirm' | 'cancel',
) {
  const token = await agent.csrf(previewPath);
  return agent.post(`${previewPath}/${action}`).type('form').send({ _csrf: token });
}

/** A PDF of the text (blank lines between paragraphs are lost on reading it back, as with real ones). */
export function makePdf(text: string, created = new Date()): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'LETTER', margin: 72, info: { CreationDate: created } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.fontSize(11).text(text.replace(/\uF0B7/g, '\u2022'));
    doc.end();
  });
}

export const classIdFrom = (location: string) => Number(location.match(/\/admin\/class-specs\/(\d+)$/)?.[1]);
