import { describe, expect, it } from 'vitest';
import { familyField, familyInProse } from './spec-family';
import { parseClassSpec } from './spec-parser';
import { readClassSpec } from './spec-read';

describe('job family in a sentence', () => {
  it('reads the name before "Job Family", across a line wrap', () => {
    expect(familyInProse('This class is assigned to the Leadership Technology Job Family which consists of positions')).toBe(
      'Leadership Technology',
    );
    expect(familyInProse('This class is assigned to the Engineer Information\nTechnology Job Family which consists of')).toBe(
      'Engineer Information Technology',
    );
    expect(familyInProse('Positions in this class belong to… and the class falls within the Public Safety occupational family.')).toBe(
      'Public Safety',
    );
  });

  it('takes words that start with a digit as part of the name', () => {
    expect(familyInProse('This class is assigned to the 911 Dispatch Job Family.')).toBe('911 Dispatch');
    expect(familyInProse('This class is assigned to the Zeppelin 3F2A Job Family.')).toBe('Zeppelin 3F2A');
  });

  it('leaves it null when no capitalised name is given, or there is no text', () => {
    expect(familyInProse('This class is assigned to the new job family as needed')).toBeNull();
    expect(familyInProse('Works with every family of products')).toBeNull();
    expect(familyInProse(null)).toBeNull();
  });
});

describe('job family field', () => {
  it('reads "Job Family:", "Occupational Group:" and "Family:" with the value on the line or the next one', () => {
    expect(familyField(['4206 - Program Assistant', 'Job Family: Administrative Services', 'Pay Plan: USPS'])).toBe(
      'Administrative Services',
    );
    expect(familyField(['Occupational Group:', '', 'Health Care'])).toBe('Health Care');
    expect(familyField(['Family: Information Technology.'])).toBe('Information Technology');
  });

  it('does not take another field, a paragraph or a line far down the document as the family', () => {
    expect(familyField(['Job Family:', 'Pay Plan: USPS'])).toBeNull();
    expect(familyField(['Job Family: ' + 'x'.repeat(150)])).toBeNull();
    expect(familyField(['Series: Clerical', 'Group: Office'])).toBeNull();
    expect(familyField([...Array<string>(100).fill('text'), 'Job Family: Late'])).toBeNull();
  });
});

const KSA = ['KNOWLEDGE, SKILLS, ABILITIES AND OTHER WORK REQUIREMENTS', 'Skills', '- ACTIVE LEARNING - Understand new information'];

describe('family in a parsed spec', () => {
  it('takes an "Occupational Group" header line as the family of a CLASS TITLE spec, not as its group', () => {
    const spec = parseClassSpec(['Occupational Group: Public Works', 'Group: Trades', 'CLASS TITLE: FOREMAN', '', ...KSA].join('\n'));
    expect([spec.family, spec.group]).toEqual(['Public Works', 'Trades']);
    expect(spec.items.map((i) => i.key)).toEqual(['active-learning']);
  });

  it('prefers the header field over the sentence, and reads the family of a spec in another layout', () => {
    const both = parseClassSpec(
      [
        'Family: Finance',
        'CLASS TITLE: CLERK',
        'CHARACTERISTICS OF THE CLASS',
        'This class is assigned to the Office Job Family.',
        '',
        ...KSA,
      ].join('\n'),
    );
    expect(both.family).toBe('Finance');
    const broad = readClassSpec(['Title: Elections Clerk', 'Job Family: Elections', '', 'Knowledge of:', '- voting law'].join('\n'));
    expect(broad.layout).toBe('broad');
    expect(broad.family).toBe('Elections');
  });
});
