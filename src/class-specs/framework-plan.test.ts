import { describe, expect, it } from 'vitest';
import { frameworkColumns, planFramework } from './framework-plan';

const plan = (header: string[], rows: string[][]) => {
  const cols = frameworkColumns(header);
  if (!cols.ok) throw new Error(cols.message);
  return planFramework(
    cols.at,
    rows.map((r, i): [number, string[]] => [i + 2, r]),
  );
};

describe('planFramework', () => {
  it('groups rows by class in first-seen order, maps plural categories and applies the defaults', () => {
    const p = plan(
      ['Class Title', 'Category', 'Text', 'Level', 'Entry'],
      [
        ['Clerk', 'Skills', 'types letters', '', ''],
        ['Lead', 'Abilities', 'lifts boxes', '2', 'Yes'],
        ['clerk', 'knowledge', 'filing rules', '5', 'x'],
        ['', '', '', '', ''],
      ],
    );
    expect(p.errorRows).toBe(0);
    expect(p.rows).toHaveLength(3);
    expect(p.classes.map((c) => [c.title, c.items.length])).toEqual([
      ['Clerk', 2],
      ['Lead', 1],
    ]);
    expect(p.classes[0].items.map((i) => [i.category, i.requiredLevel, i.requiredAtEntry])).toEqual([
      ['skill', 3, false],
      ['knowledge', 5, true],
    ]);
  });

  it('flags a repeated statement of a class and a class code that changes within the file', () => {
    const p = plan(
      ['class_title', 'class_code', 'category', 'text'],
      [
        ['Clerk', 'C1', 'skill', 'types letters'],
        ['Clerk', 'C1', 'skill', 'Types  letters'],
        ['Clerk', 'C2', 'skill', 'sorts mail'],
      ],
    );
    expect(p.rows.map((r) => r.errors)).toEqual([
      [],
      ['the same statement as row 2 of this class'],
      ['class_code “C2” differs from “C1” given for Clerk earlier in the file'],
    ]);
    expect(p.classes[0].items).toHaveLength(1);
  });

  it('names the missing required columns', () => {
    expect(frameworkColumns(['title', 'code'])).toMatchObject({ ok: false, message: expect.stringContaining('missing: category, text') });
  });
});
