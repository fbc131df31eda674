import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBroadSpec } from './spec-broad';
import { findBroadTitle } from './spec-broad-title';
import { isNoise } from './spec-broad-lines';
import { readClassSpecHtml } from './spec-read';

// Series specs and titles. The first series excerpt is written in the layout state personnel
// boards use ("All levels:" then "Level II: All of the above, and"); the others are cut from the
// State of California (CalHR) series pages of the corpus (test/fixtures/class-specs/
// state-of-california-calhr/, SOURCES.md), from the first occurrence of `from` through the end of
// the first occurrence of `to` after it, markup included. The title and noise excerpts are real: City of Los Angeles job bulletin
// "ACCOUNTANT 1513 062218.txt" (bigbluey/Natural-Language-Processing-City-of-Los-Angeles-Job-Descriptions
// @ 2d8b7fffbdf719c9dec349ae5a448fcc6d1841bc, Dashboard/data/Job Bulletins/), first and last lines.

const SERIES = [
  'Title: Elections Specialist I/II/III',
  '',
  'KNOWLEDGE, SKILLS AND ABILITIES',
  'All levels:',
  'Knowledge of state election laws.',
  'Ability to communicate clearly in writing.',
  '',
  'Level II: All of the above, and',
  'Knowledge of voter registration database queries.',
  '',
  'Level III: All of the above, and',
  'Ability to train and lead other staff.',
  'Knowledge of state election laws.',
].join('\n');

const LA_HEAD =
  'ACCOUNTANT\n\nClass Code:       1513\nOpen Date:  06-22-18\n(Exam Open to All, including Current City Employees)\n\nANNUAL SALARY\n\n$49,903 to $72,996 and $55,019 to $80,472\n';
const LA_FOOT =
  'Class Code 1513 CONT. . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . 06-22-18';

const CALHR = path.resolve(__dirname, '../../../test/fixtures/class-specs/state-of-california-calhr');
function htmlExcerpt(file: string, from: string, to: string): string {
  const html = fs.readFileSync(path.join(CALHR, file), 'utf8');
  const a = html.indexOf(from);
  const b = html.indexOf(to, a);
  if (a < 0 || b < 0) throw new Error(`excerpt not found in ${file}`);
  return html.slice(a, b + to.length);
}
const levelCounts = (html: string) => readClassSpecHtml(html).levels?.map((l) => [l.title, l.items.length]);

describe('series specs', () => {
  it('gives each level its complete statements: the shared ones, the lower levels’ and its own, each once', () => {
    const spec = parseBroadSpec(SERIES);
    const texts = (i: number) => spec.levels![i].items.map((x) => `${x.category}: ${x.text}`);
    expect(spec.levels!.map((l) => l.title)).toEqual(['Level II', 'Level III']);
    expect(texts(0)).toEqual([
      'knowledge: state election laws.',
      'ability: communicate clearly in writing.',
      'knowledge: voter registration database queries.',
    ]);
    expect(texts(1)).toEqual([...texts(0), 'ability: train and lead other staff.']);
    expect(spec.items.map((x) => x.text).sort()).toEqual(spec.levels![1].items.map((x) => x.text).sort());
  });

  it('reads "All Levels:" and each level’s title above its statements, and "Perform all of the above, and …" (CalHR Personnel Specialist Series)', () => {
    const html = htmlExcerpt(
      'personnel-specialist-series-1303.html',
      '<h2 class="chr-rte-Element-H2">Knowledge and Abilities</h2>',
      '<h2 class="chr-rte-Element-H2">Additional Desirable Qualifications</h2>',
    );
    const spec = readClassSpecHtml(html);
    expect(levelCounts(html)).toEqual([
      ['Senior Personnel Specialist', 18],
      ['Personnel Supervisor I and Above', 24],
    ]);
    const senior = spec.levels![0].items.map((i) => `${i.category}: ${i.text}`);
    expect(senior[0]).toBe('knowledge: Current office methods, procedures, equipment, and basic math principles.');
    expect(senior).toContain('ability: represent the department on intra/interdepartmental teams');
    expect(spec.items.some((i) => /all of the above|^perform\b/i.test(i.text))).toBe(false);
    // The closing note and the level titles are not statements; the series is reported once, by line.
    expect(spec.items.some((i) => /greater emphasis|personnel specialist/i.test(i.text))).toBe(false);
    expect(spec.items).toHaveLength(24);
    expect(
      spec.warnings.some((w) =>
        /^line \d+: a series of 2 levels \(Senior Personnel Specialist, Personnel Supervisor I and Above\)/.test(w),
      ),
    ).toBe(true);
  });

  it('reads a series without "All Levels": the first level, then "All of the above, and …" (CalHR Digital Print Operator Series)', () => {
    const html = htmlExcerpt(
      'digital-print-operator-series-1411.html',
      '<h2 class="chr-rte-Element-H2">Knowledge and Abilities</h2>',
      'learn new software application programs.</p>',
    );
    expect(levelCounts(html)).toEqual([
      ['Digital Print Operator I', 17],
      ['Digital Print Operator II', 23],
    ]);
  });

  it('keeps a statement that two levels both list once (CalHR Agricultural Survey Interviewer Series)', () => {
    const html = htmlExcerpt(
      'agricultural-survey-interviewer-series-0242.html',
      '<h2 class="chr-rte-Element-H2">Knowledge and Abilities</h2>',
      '<h2 class="chr-rte-Element-H2">Special Personal Characteristics</h2>',
    );
    const spec = readClassSpecHtml(html);
    expect(levelCounts(html)).toEqual([
      ['Agricultural Survey Interviewer I', 6],
      ['Agricultural Survey Interviewer II', 9],
      ['Agricultural Survey Interviewer III', 13],
    ]);
    expect(spec.items.filter((i) => i.category === 'ability' && /affirmative action objectives\.?$/.test(i.text))).toHaveLength(1);
    expect(spec.warnings.some((w) => /share the key/.test(w))).toBe(false);
  });

  it('reads "All of the above in practice and application" as a reference to the knowledge above, not a statement (CalHR Pesticide Use Specialist Series)', () => {
    const html = htmlExcerpt(
      'pesticide-use-specialist-series-0471.html',
      '<h2 class="chr-rte-Element-H2">Knowledge and Abilities</h2>',
      '<h2 class="chr-rte-Element-H2">Special Personal Characteristics</h2>',
    );
    const spec = readClassSpecHtml(html);
    expect(levelCounts(html)).toEqual([['Senior Pesticide Use Specialist', 24]]);
    expect(spec.items.some((i) => /practice and application/.test(i.text))).toBe(false);
    expect(spec.items.filter((i) => i.category === 'ability').map((i) => i.text)).toContain('conduct effective investigations');
  });

  it('has no levels for a single-level spec', () => {
    expect(parseBroadSpec('Title: Clerk\nKnowledge of:\nFiling systems\n').levels).toBeUndefined();
  });
});

describe('titles and running text on a real City of Los Angeles bulletin', () => {
  it('takes the title from the line above "Class Code: 1513", with its code; never the salary or the date', () => {
    expect(findBroadTitle(LA_HEAD.split('\n'), null)).toEqual({ title: 'ACCOUNTANT', code: '1513' });
  });

  it('treats the class-code footer, the open date and the employer’s name line as running text', () => {
    expect(isNoise(LA_FOOT)).toBe(true);
    expect(isNoise('Open Date:  06-22-18')).toBe(true);
    expect(isNoise('City of Los Angeles')).toBe(true);
    expect(isNoise('KJM/sb')).toBe(true);
    expect(isNoise('Knowledge of governmental accounting')).toBe(false);
  });
});
