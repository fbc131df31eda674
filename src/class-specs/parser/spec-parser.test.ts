import { describe, expect, it } from 'vitest';
import { readSharedSpec, type SharedSpecFile } from '../../../test/fixtures/spec-fixtures';
import { parseClassSpec } from './spec-parser';
import { SpecParseError, type ParsedSpec } from './types';
import { competencyKey } from '../../competency/competency-key';

const count = (spec: ParsedSpec, category: string) => spec.items.filter((i) => i.category === category).length;
const qualifiers = (spec: ParsedSpec) => {
  const out: Record<string, number> = {};
  for (const i of spec.items.filter((x) => x.category === 'knowledge')) {
    out[i.qualifier ?? 'none'] = (out[i.qualifier ?? 'none'] ?? 0) + 1;
  }
  return out;
};

const EXPECTED: Array<{
  file: SharedSpecFile;
  title: string;
  duties: number;
  knowledge: Record<string, number>;
  skills: number;
  abilities: number;
  competencies: number;
  entry: number;
}> = [
  {
    file: 'senior-security-engineer.txt',
    title: 'SENIOR SECURITY ENGINEER',
    duties: 21,
    knowledge: { considerable: 4, none: 1 },
    skills: 8,
    abilities: 10,
    competencies: 11,
    entry: 3,
  },
  {
    file: 'chief-information-security-officer.txt',
    title: 'CHIEF INFORMATION SECURITY OFFICER (CISO)',
    duties: 12,
    knowledge: { comprehensive: 19, none: 1 },
    skills: 6,
    abilities: 6,
    competencies: 12,
    entry: 19,
  },
  {
    file: 'it-engineer.txt',
    title: 'IT ENGINEER',
    duties: 13,
    knowledge: { comprehensive: 10, moderate: 4, none: 1 },
    skills: 10,
    abilities: 8,
    competencies: 4,
    entry: 17,
  },
];

const parsed = (file: SharedSpecFile) => parseClassSpec(readSharedSpec(file));

describe('parseClassSpec on the shared City of Chicago specs', () => {
  it.each(EXPECTED)('finds the title, duties and every item of $file', (e) => {
    const spec = parsed(e.file);
    expect(spec.title).toBe(e.title);
    expect(spec.duties).toHaveLength(e.duties);
    expect(qualifiers(spec)).toEqual(e.knowledge);
    expect(count(spec, 'skill')).toBe(e.skills);
    expect(count(spec, 'ability')).toBe(e.abilities);
    expect(count(spec, 'competency')).toBe(e.competencies);
    expect(spec.items.filter((i) => i.requiredAtEntry)).toHaveLength(e.entry);
  });

  it.each(EXPECTED)('parses $file without guessing anything', (e) => {
    expect(parsed(e.file).warnings).toEqual([]);
  });

  it('reads the IT Engineer header fields; elsewhere the family from its sentence and the absent ones null', () => {
    const it = parsed('it-engineer.txt');
    expect([it.code, it.family, it.service, it.group, it.series]).toEqual([
      '06A3',
      'Information Technology',
      'Administrative',
      'Clerical, Accounting, and General Office',
      'Information Technology',
    ]);
    const sse = parsed('senior-security-engineer.txt');
    expect([sse.code, sse.family, sse.service, sse.group, sse.series]).toEqual([null, 'Engineer Information Technology', null, null, null]);
    expect(parsed('chief-information-security-officer.txt').family).toBe('Leadership Technology');
  });

  it.each(EXPECTED)('lists $file items knowledge first, then skills, abilities, competencies', (e) => {
    const order = ['knowledge', 'skill', 'ability', 'competency'];
    const ranks = parsed(e.file).items.map((i) => order.indexOf(i.category));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  });

  it('joins a Senior Security Engineer duty that continues after a blank line', () => {
    expect(parsed('senior-security-engineer.txt').duties).toContain(
      'Maximizes security footprint by monitoring security ' +
        'tools, troubleshooting escalated security problems and incidents, identifying security gaps, and evaluating ' +
        'and implementing enhancements',
    );
  });

  it('reads a duty whose bullet follows the previous item without a blank line', () => {
    expect(parsed('senior-security-engineer.txt').duties).toContain(
      'Resolves and consults on the most complex security ' + 'issues and keeps customers informed about security problems and resolutions',
    );
  });

  it('reads the IT Engineer em-dash skill SYSTEMS EVALUATION as required at entry', () => {
    const item = parsed('it-engineer.txt').items.find((i) => i.name === 'SYSTEMS EVALUATION');
    expect(item).toEqual({
      category: 'skill',
      name: 'SYSTEMS EVALUATION',
      text:
        'Identifying measures or indicators of system performance and the actions needed to improve or correct ' +
        'performance, relative to the goals of the system',
      qualifier: null,
      requiredLevel: 3,
      requiredAtEntry: true,
      key: 'systems-evaluation',
    });
  });

  it('gives the IT Engineer four education alternatives and no empty one for the stray "-"', () => {
    const { education, certifications } = parsed('it-engineer.txt').qualifications;
    expect(education).toHaveLength(4);
    expect(education[0]).toBe('Seven (7) years of experience architecting and developing software for scalable, ' + 'distributed systems');
    for (const e of education) expect(e).toMatch(/^[A-Z].*[a-z]$/); // no "", no "**OR**"
    expect(certifications).toHaveLength(1);
  });

  it('sets required levels from the knowledge groups and plain "Knowledge of" sentences', () => {
    const items = parsed('it-engineer.txt').items.filter((i) => i.category === 'knowledge');
    expect(items[1]).toMatchObject({
      text: 'cloud computing platforms such as Azure, AWS',
      qualifier: 'comprehensive',
      requiredLevel: 5,
      requiredAtEntry: true,
    });
    expect(items.find((i) => i.qualifier === 'moderate')?.requiredLevel).toBe(3);
    expect(items.at(-1)).toMatchObject({
      qualifier: null,
      requiredLevel: 3,
      requiredAtEntry: false,
      text: 'applicable City and department policies, procedures, rules, and regulations',
    });
    const sse = parsed('senior-security-engineer.txt').items;
    expect(sse[0]).toMatchObject({ qualifier: 'considerable', requiredLevel: 4, requiredAtEntry: true });
    expect(sse[4]).toMatchObject({
      qualifier: null,
      requiredLevel: 3,
      text: 'applicable City and department, policies, procedures, rules, and regulations',
    });
  });

  it.each(EXPECTED)('keeps catch-all lines, notes and headings out of the items of $file', (e) => {
    for (const i of parsed(e.file).items) {
      expect(i.text).not.toMatch(/other (knowledge|competencies) as required|may be required at entry|all employees/i);
      expect(i.text).not.toMatch(/\b(Skills|Abilities|Additional Competency Requirements|Other Work Requirements)$/);
      expect(i.text).not.toMatch(/knowledge of\b|^NOTE|City of Chicago\s*Department/i);
      expect(i.text).not.toMatch(/[\uF0B7\u2022*]|\s{2}|^\s|\s$/);
      expect(i.name ?? '').not.toMatch(/[\uF0B7\u2022*]|\s{2}/);
      expect(i.key).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    }
  });

  it('keeps real compounds that wrap at their hyphen ("enterprise-" / "wide")', () => {
    expect(parsed('chief-information-security-officer.txt').duties[0]).toMatch(/buy-in enterprise-wide$/);
  });

  it('puts JUDGEMENT/JUDGMENT and COMMUNICATION(S) FOR RESULTS of different specs on one key', () => {
    const keyOf = (file: SharedSpecFile, name: string) => parsed(file).items.find((i) => i.name === name)?.key;
    const judgment = [
      keyOf('senior-security-engineer.txt', 'JUDGEMENT AND DECISION MAKING'),
      keyOf('chief-information-security-officer.txt', 'JUDGEMENT AND DECISION MAKING'),
      keyOf('it-engineer.txt', 'JUDGMENT AND DECISION MAKING'),
    ];
    expect(new Set(judgment)).toEqual(new Set(['judgment-and-decision-making']));
    expect(keyOf('senior-security-engineer.txt', 'COMMUNICATION FOR RESULTS')).toBe(
      keyOf('chief-information-security-officer.txt', 'COMMUNICATIONS FOR RESULTS'),
    );
  });
});

describe('competencyKey', () => {
  it('keys named items by name and knowledge by text', () => {
    expect(competencyKey('skill', 'ACTIVE LEARNING', 'Understand …')).toBe('active-learning');
    expect(competencyKey('knowledge', null, 'cloud computing platforms such as Azure, AWS')).toBe(
      'cloud-computing-platforms-such-as-azure-aws',
    );
    expect(competencyKey('ability', null, 'Tell when something is wrong')).toBe('tell-when-something-is-wrong');
  });

  it('maps listed spelling variants and keeps apostrophes inside words', () => {
    expect(competencyKey('competency', 'Behavioural Organisation & Judgement', 'x')).toBe('behavioral-organization-and-judgment');
    expect(competencyKey('skill', 'MANAGING ONE’S TIME', 'x')).toBe('managing-ones-time');
  });

  it('shortens very long knowledge keys but keeps them distinct', () => {
    const long = 'principles '.repeat(30);
    const a = competencyKey('knowledge', null, `${long} a`);
    const b = competencyKey('knowledge', null, `${long} b`);
    expect(a.length).toBeLessThanOrEqual(100);
    expect(a).not.toBe(b);
  });
});

describe('rejecting text that is not a class spec', () => {
  it.each([
    ['', /empty/],
    ['Dear applicant,\nthank you for your interest.\n', /no CLASS TITLE and no Knowledge\/Skills\/Abilities block/],
    ['CLASS TITLE: CLERK\n\nESSENTIAL DUTIES\n\n• Files papers\n', /no Knowledge\/Skills\/Abilities block/],
    ['Skills\n\n• ACTIVE LEARNING - Learn things\n', /no CLASS TITLE found/],
    [
      'CLASS TITLE: CLERK\n\nKNOWLEDGE, SKILLS AND ABILITIES\n\nOther knowledge as required\n',
      /no knowledge.*items found under the KSA headings/,
    ],
  ])('rejects %j saying what is missing', (text, message) => {
    expect(() => parseClassSpec(text)).toThrow(SpecParseError);
    expect(() => parseClassSpec(text)).toThrow(message);
    try {
      parseClassSpec(text);
    } catch (err) {
      expect((err as Error).message).not.toContain('\n');
    }
  });
});
