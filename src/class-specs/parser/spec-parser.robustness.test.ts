import { describe, expect, it } from 'vitest';
import { readSharedSpec, SHARED_SPEC_FILES } from '../../../test/fixtures/spec-fixtures';
import { parseClassSpec } from './spec-parser';
import { prng } from '../../util/prng';
import { SpecParseError, type ParsedSpec } from './types';

// Re-flows of the real specs that PDF extraction produces; each must give the same items.
const crlf = (t: string) => t.replace(/\n/g, '\r\n');
const dotBullets = (t: string) => t.replace(/\uF0B7/g, '\u2022').replace(/^(\s*)-(?=\s|$)/gm, '$1\u2022');
const noBlankLines = (t: string) =>
  t
    .split('\n')
    .filter((l) => l.trim() !== '')
    .join('\n');
const isBulletLine = (l: string) => /^\s*[\uF0B7\u2022-](\s|$)/.test(l);

/** "Page N of M" and the title as a running header, inside items (and between some). */
function withPageHeaders(text: string, title: string, blankAround: boolean): string {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.includes('CLASS TITLE'));
  const out: string[] = [];
  let candidates = 0;
  let page = 1;
  lines.forEach((line, i) => {
    out.push(line);
    const next = lines[i + 1];
    if (i <= start || next === undefined || line.trim() === '' || next.trim() === '') return;
    if (++candidates % (isBulletLine(next) ? 5 : 3) !== 0) return;
    page++;
    const header = [`Page ${page} of 9`, title, String(page)];
    out.push(...(blankAround ? ['', ...header, ''] : header));
  });
  return out.join('\n');
}

/** Every other pair of adjacent bullet lines shares one line (lost line break). */
function twoBulletsPerLine(text: string): string {
  const lines = noBlankLines(dotBullets(text)).split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (isBulletLine(lines[i]) && isBulletLine(lines[i + 1] ?? '') && i % 2 === 0) {
      out.push(`${lines[i]}   ${lines[i + 1].trim()}`);
      i++;
    } else out.push(lines[i]);
  }
  return out.join('\n');
}

const essentials = (s: ParsedSpec) => ({ title: s.title, duties: s.duties, items: s.items });

describe.each(SHARED_SPEC_FILES)('re-flowed %s', (file) => {
  const original = readSharedSpec(file);
  const expected = essentials(parseClassSpec(original));
  const title = expected.title;

  it.each([
    ['CRLF line ends', crlf],
    ['"•" bullets', dotBullets],
    ['no blank lines', noBlankLines],
    ['page headers inside items, with blank lines around', (t: string) => withPageHeaders(t, title, true)],
    ['page headers inside items, without blank lines', (t: string) => withPageHeaders(t, title, false)],
    ['two bullets on one line', twoBulletsPerLine],
    ['all of these at once', (t: string) => crlf(withPageHeaders(noBlankLines(dotBullets(t)), title, true))],
  ])('gives the same items with %s', (_name, reflow) => {
    expect(essentials(parseClassSpec(reflow(original)))).toEqual(expected);
  });

  it('gives the same items with other heading punctuation and case', () => {
    const varied = original
      .replace(/KNOWLEDGE, SKILLS, ABILITIES, AND (OTHER|ADDITIONAL) \w+( \w+)?/, 'KNOWLEDGE, SKILLS AND ABILITIES:')
      .replace(/^Skills\s*$/m, 'SKILLS:')
      .replace(/^Abilities\s*$/m, 'Abilities:')
      .replace(/^ESSENTIAL DUTIES\s*$/m, 'Essential Duties:');
    expect(essentials(parseClassSpec(varied))).toEqual(expected);
  });
});

describe('layouts the shared specs do not show', () => {
  it('joins a title broken over two lines and says so', () => {
    const text = readSharedSpec('chief-information-security-officer.txt').replace(
      /CLASS TITLE:\s+CHIEF INFORMATION SECURITY OFFICER \(CISO\)/,
      'CLASS TITLE: CHIEF INFORMATION SECURITY\nOFFICER (CISO)',
    );
    const spec = parseClassSpec(text);
    expect(spec.title).toBe('CHIEF INFORMATION SECURITY OFFICER (CISO)');
    expect(spec.warnings.join('\n')).toMatch(/joined the title/);
  });

  it('de-hyphenates words broken across lines and keeps codes split at a hyphen', () => {
    const spec = parseClassSpec(
      [
        'CLASS TITLE: ANALYST',
        '',
        'ESSENTIAL DUTIES',
        '',
        '• Reviews network secu-',
        'rity for ISA-',
        '62443 compliance',
        '',
        'Knowledge',
        '',
        'Moderate knowledge of:',
        '• security tools',
        '• configura-',
        'tion management',
      ].join('\n'),
    );
    expect(spec.duties).toEqual(['Reviews network security for ISA-62443 compliance']);
    expect(spec.items.map((i) => i.text)).toEqual(['security tools', 'configuration management']);
    expect(spec.warnings).toEqual(['guessed that "configura-tion" is one word broken across lines ("configuration")']);
  });

  it('reads "*" bullets, with a second "*" for required at entry', () => {
    const spec = parseClassSpec(
      [
        'CLASS TITLE: DATA ANALYST',
        'Knowledge',
        'Considerable knowledge of:',
        '* *statistical methods',
        '* data visualization',
        'Skills',
        '* *CRITICAL THINKING - Use logic',
        '* ACTIVE LEARNING – Learn',
        '',
        '* May be required at entry.',
      ].join('\n'),
    );
    expect(spec.items.map((i) => [i.name ?? i.text, i.requiredAtEntry])).toEqual([
      ['statistical methods', true],
      ['data visualization', false],
      ['CRITICAL THINKING', true],
      ['ACTIVE LEARNING', false],
    ]);
  });

  it('reads items without any bullets, one per paragraph or NAME line', () => {
    const spec = parseClassSpec(
      [
        'CLASS TITLE: DATA ANALYST',
        '',
        'Knowledge',
        '',
        'Considerable knowledge of:',
        '',
        'statistical methods and tools for the analysis',
        'of large data sets',
        '',
        '*data visualization',
        '',
        'Skills',
        '',
        'CRITICAL THINKING - Use logic and reasoning to identify',
        'strengths and weaknesses',
        'ACTIVE LEARNING — Understand the implications',
        '',
        'Other skills as required',
        '',
        'Abilities',
        '',
        'SPEAK: Talk so others understand',
      ].join('\n'),
    );
    expect(spec.items.map((i) => [i.category, i.name, i.text, i.requiredAtEntry])).toEqual([
      ['knowledge', null, 'statistical methods and tools for the analysis of large data sets', false],
      ['knowledge', null, 'data visualization', true],
      ['skill', 'CRITICAL THINKING', 'Use logic and reasoning to identify strengths and weaknesses', false],
      ['skill', 'ACTIVE LEARNING', 'Understand the implications', false],
      ['ability', 'SPEAK', 'Talk so others understand', false],
    ]);
    expect(spec.warnings.join('\n')).toMatch(/guessed the name "SPEAK"/);
  });

  it('reports a knowledge group outside the three known levels', () => {
    const spec = parseClassSpec('CLASS TITLE: CLERK\nKnowledge\nWorking knowledge of:\n• filing\n');
    expect(spec.items[0]).toMatchObject({ text: 'filing', qualifier: null, requiredLevel: 3 });
    expect(spec.warnings.join('\n')).toMatch(/"Working knowledge of" is not/);
  });

  it('drops pdf-parse page joiners, page numbers and running footers', () => {
    const spec = parseClassSpec(
      [
        'CLASS TITLE: CLERK',
        'Knowledge',
        'Moderate knowledge of:',
        '• filing and',
        '',
        '-- 1 of 2 --',
        '',
        'City of Chicago',
        'March, 2023',
        '- 2 -',
        'CLERK',
        '',
        'record keeping',
        '• mail',
      ].join('\n'),
    );
    expect(spec.items.map((i) => i.text)).toEqual(['filing and record keeping', 'mail']);
  });
});

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 *-–—:;.,()\n\n\uF0B7\u2022\u00AD\r\t"\'';
function garbage(rand: () => number, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += ALPHABET[Math.floor(rand() * ALPHABET.length)];
  return s;
}

/** Parsing anything either succeeds with clean output or throws SpecParseError. */
function parseOrReject(text: string): void {
  let spec: ParsedSpec;
  try {
    spec = parseClassSpec(text);
  } catch (err) {
    expect(err).toBeInstanceOf(SpecParseError);
    expect((err as Error).message).not.toContain('\n');
    return;
  }
  expect(spec.title).not.toBe('');
  expect(spec.items.length).toBeGreaterThan(0);
  for (const i of spec.items) {
    expect(i.text).not.toMatch(/[\uF0B7\u2022*\u00AD]|\s{2}|^\s|\s$|^$/);
    expect(i.text).not.toContain('\u0000');
    expect(i.key).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  }
}

describe('fuzzed input', () => {
  it.each(SHARED_SPEC_FILES)('never throws anything but SpecParseError on mangled %s', (file) => {
    const text = readSharedSpec(file);
    const rand = prng(20250501);
    for (let n = 0; n < 300; n++) {
      const a = Math.floor(rand() * text.length);
      const b = Math.floor(rand() * text.length);
      const [lo, hi] = a < b ? [a, b] : [b, a];
      const lines = text.split('\n');
      const mangled = [
        text.slice(0, a), // truncated
        text.slice(a), // front missing
        text.slice(0, lo) + text.slice(hi), // a cut from the middle
        text.slice(0, lo) + garbage(rand, 200) + text.slice(lo), // garbage pasted in
        lines.filter(() => rand() > 0.3).join('\n'), // lines lost
        lines.sort(() => rand() - 0.5).join('\n'), // lines shuffled
      ][n % 6];
      parseOrReject(mangled);
    }
  });

  it('never throws anything but SpecParseError on random text', () => {
    const rand = prng(7);
    for (let n = 0; n < 300; n++) parseOrReject(garbage(rand, Math.floor(rand() * 3000)));
  });

  const garbageLines = (rand: () => number, shapes: string[], n: number) =>
    Array.from({ length: n }, (_, i) => shapes[i % shapes.length] + garbage(rand, 40).replace(/\n/g, ' ')).join('\n');

  // Timing (50,000 lines rejected within a second; linear growth) is measured in
  // bench/parse-bench.ts, not asserted here: test machines are shared and noisy.
  it('rejects 50,000 lines of garbage with its own error', () => {
    const text = garbageLines(prng(42), ['• ', '- ', '*', 'A - ', 'Knowledge of ', 'Skills', '', '---- ', 'x-'], 50_000);
    expect(() => parseClassSpec(text)).toThrow(SpecParseError);
  });

  it('copes with 30,000 lines that look like a spec and with one enormous line', () => {
    const shapes = ['CLASS TITLE: X', 'Skills', '• ', 'A - ', 'ACTIVE X - ', '', 'x-', 'y'];
    parseOrReject(garbageLines(prng(43), shapes, 30_000));
    parseOrReject(`CLASS TITLE: X\nSkills\n• ${'A -'.repeat(300_000)}\n${'-'.repeat(1_000_000)}-`);
  });
});
