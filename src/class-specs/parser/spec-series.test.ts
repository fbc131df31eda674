import { describe, expect, it } from 'vitest';
import { parseBroadSpec } from './spec-broad';
import { findBroadTitle } from './spec-broad-title';
import { isNoise } from './spec-broad-lines';

// Series specs and titles. The series excerpt is written in the layout state personnel boards use
// ("All levels:" then "Level II: All of the above, and"); no series spec is in the corpus yet
// (see SOURCES.md). The title and noise excerpts are real: City of Los Angeles job bulletin
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
