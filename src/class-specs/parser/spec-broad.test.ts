import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBroadSpec } from './spec-broad';
import { htmlToText } from './spec-html';
import { readClassSpec } from './spec-read';
import { SpecParseError } from './types';

// Each layout feature on a real excerpt: the lines are cut from the corpus file itself
// (test/fixtures/class-specs/, SOURCES.md), from the first line that starts with `from`
// through the line that starts with `to`.
const CORPUS = path.resolve(__dirname, '../../../test/fixtures/class-specs');
function excerpt(file: string, from: string, to: string): string {
  const lines = fs.readFileSync(path.join(CORPUS, file), 'utf8').split('\n');
  const a = lines.findIndex((l) => l.startsWith(from));
  const b = lines.findIndex((l, i) => i >= a && l.startsWith(to));
  if (a < 0 || b < 0) throw new Error(`excerpt not found in ${file}`);
  return lines.slice(a, b + 1).join('\n');
}
const texts = (text: string) => parseBroadSpec(text).items.map((i) => [i.category, i.name ?? '', i.text]);

describe('broad-format reader on real excerpts', () => {
  it('splits run-in lists on semicolons, not commas, and keeps the category of each lead-in', () => {
    const text = excerpt('marion-county-or/elections-technician.txt', 'KNOWLEDGE, SKILLS AND ABILITY', 'Ability to:');
    const spec = parseBroadSpec(text);
    const knowledge = spec.items.filter((i) => i.category === 'knowledge');
    expect(knowledge).toHaveLength(10);
    expect(knowledge[0]).toMatchObject({ text: 'Oregon election laws', qualifier: 'considerable', requiredLevel: 4 });
    expect(knowledge[9].text).toBe('training standards for signature verification.');
    expect(
      spec.items
        .filter((i) => i.category === 'skill')
        .map((i) => i.text)
        .slice(-2),
    ).toEqual([
      'perform all Election Clerk duties.',
      'Participate in staff meetings to effectively and creatively provide innovative ideas and solutions to problems.',
    ]);
    expect(spec.items.filter((i) => i.category === 'ability')).toHaveLength(12);
  });

  it('lets "Knowledge of:", "Skill in:", "Ability to:" sub-headings set the category of the plain lines after them', () => {
    const text = excerpt(
      'yavapai-county-az/elections-office-technician.txt',
      'Required Knowledge, Skills and Abilities:',
      'Work Environment:',
    );
    const got = texts(text);
    expect(got.filter(([c]) => c === 'knowledge')).toHaveLength(7);
    expect(got).toContainEqual(['skill', '', 'Intermediate math ability.']);
    expect(got).toContainEqual(['ability', '', 'Work without supervision.']);
    expect(got.map(([, , t]) => t)).not.toContain('Knowledge of:');
  });

  it('reads bullets ending in ";" under "Knowledge of: (position requirements at entry):" as required at entry', () => {
    const text = excerpt(
      'lane-county-or/elections-supervisor.txt',
      'Knowledge of: (position requirements at entry):',
      'Physical Requirements:',
    );
    const spec = parseBroadSpec(text);
    expect(spec.items.filter((i) => i.category === 'knowledge')).toHaveLength(16);
    expect(spec.items.filter((i) => i.category === 'skill')).toHaveLength(20);
    expect(spec.items[0]).toMatchObject({ text: 'Marketing principles', requiredAtEntry: true });
  });

  it('takes from a heading with its paragraph on the same line only the sentences with their own lead-in', () => {
    const text = excerpt('yavapai-county-az/voter-registration-specialist-ii.txt', 'Interpersonal Skills:', 'Other Skills:');
    expect(texts(text)).toEqual([
      ['knowledge', '', 'oral and business English including filing systems.'],
      ['knowledge', '', 'Election, Voter Registration laws and rules regarding ADA, HAVA and privacy regulations'],
      ['knowledge', '', 'legal terminology, legal procedures, ARS Title 16 and State Procedures manual.'],
      ['knowledge', '', 'USPS guidelines including Pitney Bowes and other related equipment.'],
      ['ability', '', 'communicate effectively with other employees and the public in person or by phone.'],
      ['ability', '', 'function as part of a team to accomplish the goals of the department.'],
    ]);
  });

  it('reads named Title Case competencies ("Name: definition") and stops at the prose after them', () => {
    const text = excerpt('contra-costa-county-ca/elections-services-technician.txt', 'Competencies Required:', 'The eligible list');
    const spec = parseBroadSpec(text);
    expect(spec.items).toHaveLength(10);
    expect(spec.items[3]).toMatchObject({
      category: 'competency',
      name: 'Action & Results Focused (Taking Initiative)',
      text: 'Initiating tasks and focusing on accomplishment',
    });
  });

  it('finds KSA statements without a heading and says at which line it started reading', () => {
    const text = excerpt(
      'north-carolina-state-board-of-elections/voter-registration-program-specialist.txt',
      'Supervise and work',
      'Management Preferences:',
    );
    const spec = parseBroadSpec(text);
    expect(spec.items).toHaveLength(11);
    expect(spec.warnings).toContain('line 9: no KSA heading; read the statements from here to the next heading');
    expect(spec.title).toBeNull();
  });

  it('reads an HTML list under "Recommended Competencies:" and the title from <h2> with its code beside it', () => {
    const html = htmlToText(fs.readFileSync(path.join(CORPUS, 'florida-state-university/program-assistant.html'), 'utf8'));
    const spec = readClassSpec(html.text, { title: html.title });
    expect(spec).toMatchObject({ title: 'Program Assistant', code: '4206', layout: 'broad' });
    expect(spec.items.map((i) => i.name)).toContain('Laws, Rules & Regulations');
    expect(html.text).not.toContain('pageHeader'); // the <script> is not text
  });

  it('keeps the City of Chicago layout on the original parser', () => {
    const spec = readClassSpec('CLASS TITLE: CLERK\nKnowledge\nModerate knowledge of:\n• filing\n');
    expect(spec).toMatchObject({ layout: 'chicago', title: 'CLERK' });
  });

  it('refuses a posting without any ratable statement and says what it looked for', () => {
    const text = excerpt('king-county-wa/administrative-specialist-ii-elections.txt', '=== JOB DESCRIPTION ===', 'Document and improve');
    expect(() => parseBroadSpec(text)).toThrow(SpecParseError);
    expect(() => parseBroadSpec(text)).toThrow(/no CLASS TITLE and no Knowledge\/Skills\/Abilities block/);
    expect(() => parseBroadSpec(`Title: Clerk\n${text}`)).toThrow(/looked for headings such as "Knowledge, Skills and Abilities"/);
  });

  it('never takes running headers, typist initials, pay ranges or revision lines as items', () => {
    const spec = parseBroadSpec(
      'Title: Clerk\nKnowledge of:\nFiling systems\nPage 2 of 3\nKJM/sb\nPay Range: $20.00\nRevised 03/2019\nRecord keeping\n',
    );
    expect(spec.items.map((i) => i.text)).toEqual(['Filing systems', 'Record keeping']);
  });

  it('ends the KSA block at a Title Case heading with no other mark ("Special Personal Characteristics", CalHR Staff Services Analyst)', () => {
    const html = fs.readFileSync(path.join(CORPUS, 'state-of-california-calhr/staff-services-analyst-general-5157.html'), 'utf8');
    const from = html.indexOf('<h2 class="chr-rte-Element-H2">Knowledge and Abilities</h2>');
    const end = '<h2 class="chr-rte-Element-H2">Special Personal Characteristics</h2><p class="chr-rte-Element-P">';
    const excerptHtml = html.slice(from, html.indexOf('</p>', html.indexOf(end)) + 4);
    const read = htmlToText(excerptHtml);
    const spec = readClassSpec(read.text, { title: read.title });
    expect(spec.items.map((i) => i.category)).toEqual(['knowledge', 'knowledge', 'ability', 'ability', 'ability', 'ability', 'ability']);
    expect(spec.items.some((i) => /^willingness|special personal/i.test(i.text))).toBe(false);
    expect(spec.sections.map((x) => [x.heading, x.kind])).toContainEqual(['Special Personal Characteristics', 'other']);
  });

  it('takes the title beside its class code in a page title, "Staff Services Analyst (General) (5157)", and keeps a "Title:" field whole', () => {
    const html = fs.readFileSync(path.join(CORPUS, 'state-of-california-calhr/staff-services-analyst-general-5157.html'), 'utf8');
    const spec = readClassSpec(htmlToText(html).text, { title: 'Staff Services Analyst (General) (5157)' });
    expect([spec.title, spec.code]).toEqual(['Staff Services Analyst (General)', '5157']);
    const lane = excerpt('lane-county-or/elections-supervisor.txt', 'Title: Elections Supervisor', 'Title: Elections Supervisor');
    expect(parseBroadSpec(`${lane}\nKnowledge of:\nElection law`).title).toBe('Elections Supervisor (N3014)');
  });
});
