// Line-level helpers for class-spec text as it comes out of PDF/Word extraction.
// Pure: no I/O. Every regex here is linear (no nested unbounded quantifiers) because
// the parser must reject a 50,000-line garbage upload quickly.

/** Glyphs that Word/PDF exports use for list bullets (U+F0B7 is Symbol-font "•"). */
const BULLET_GLYPHS = '\uF0B7\u2022\u25CF\u25AA\u25A0\u25E6\u25CB\u2023\u2043\u2219\uF0A7\uF076\uF0D8\uF0FC';
const GLYPH_CLASS = `[${BULLET_GLYPHS}]`;
const GLYPH_ANYWHERE = new RegExp(GLYPH_CLASS, 'g');
const GLYPH_START = new RegExp(`^${GLYPH_CLASS}\\s*`);
// A glyph inside a line (after some text) is a second bullet that lost its line break.
const GLYPH_INTERIOR = new RegExp(`\\s${GLYPH_CLASS}(?=\\s|\\*|[A-Za-z])`, 'g');

/**
 * Stands for a removed page header/footer between two sentences. toLines() turns every
 * control character into a space, so this cannot occur in real text.
 */
export const PAGE_BREAK = '\u0000';

const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/;

/** CRLF/CR, form feeds, odd spaces and invisible characters → plain "\n"-separated lines. */
export function toLines(text: string): string[] {
  const cleaned = text
    .replace(/\r\n?|\f|\v|\u2028|\u2029/g, '\n')
    // Odd spaces, tabs and control characters become spaces; invisible ones (and a BOM) go.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u00A0\u2000-\u200A\u202F\u205F\u3000\u0000-\u0008\u000E-\u001F\u007F\t]|[\u200B-\u200D\u2060\uFEFF]/g, (c) =>
      INVISIBLE.test(c) ? '' : ' ',
    );
  return cleaned.split('\n').map((l) => l.trimEnd());
}

/** Collapse runs of whitespace and trim. */
export function squash(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

export function removeBulletGlyphs(s: string): string {
  return s.replace(GLYPH_ANYWHERE, ' ');
}

/** "• A  • B" on one line → ["• A", "• B"] (two bullets that lost their line break). */
export function splitInteriorBullets(line: string): string[] {
  if (!GLYPH_INTERIOR.test(line)) return [line];
  GLYPH_INTERIOR.lastIndex = 0;
  const marked = line.replace(GLYPH_INTERIOR, (m) => `\n${m.trimStart()}`);
  return marked.split('\n').filter((l) => l.trim() !== '');
}

export interface BulletLine {
  bullet: true;
  text: string;
}

/**
 * Recognise a bullet at the start of a (left-trimmed) line. `starBullets` says whether this
 * document uses "* " as a bullet; otherwise a leading "*" is the "required at entry" marker.
 */
export function parseBullet(line: string, starBullets: boolean): BulletLine | null {
  const t = line.trim();
  const glyph = GLYPH_START.exec(t);
  if (glyph) return { bullet: true, text: t.slice(glyph[0].length) };
  // "-" / "–" / "—" / "o" / "1." followed by a space, or a lone dash (an empty bullet).
  const dash = /^(?:[-\u2013\u2014\u2212]|o|\d{1,2}[.)])(?:\s+|$)/.exec(t);
  if (dash) return { bullet: true, text: t.slice(dash[0].length) };
  if (starBullets && /^\*(?:\s+|$)/.test(t)) return { bullet: true, text: t.replace(/^\*\s*/, '') };
  return null;
}

/** True when a document uses "* " as its bullet (more than one such line besides the footnote). */
export function usesStarBullets(lines: string[]): boolean {
  let n = 0;
  for (const l of lines) {
    const t = l.trim();
    if (/^\*\s+\S/.test(t) && !/^\*\s*(?:=\s*)?may be required/i.test(t)) n++;
    if (n >= 2) return true;
  }
  return false;
}

const MONTH =
  '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const PAGE_ARTEFACTS: RegExp[] = [
  /^page\s+\d+(?:\s*(?:of|\/)\s*\d+)?$/i, // "Page 2 of 7"
  /^\d+\s*(?:of|\/)\s*\d+$/i, // "2 of 7"
  /^--\s*\d+\s+of\s+\d+\s*--$/i, // pdf-parse's own page joiner
  /^[-\u2013\u2014]?\s*\d{1,4}\s*[-\u2013\u2014]?$/, // bare page number
  /^city of chicago$/i,
  /^(?:city of chicago\s*)?department of human resources$/i,
  new RegExp(
    `^(?:(?:revised|updated|effective|date)\\s*:?\\s*)?${MONTH}\\.?,?\\s+(?:\\d{1,2},?\\s+)?\\d{4}(?:\\s*[;,]\\s*${MONTH}\\.?,?\\s+(?:\\d{1,2},?\\s+)?\\d{4})*\\.?$`,
    'i',
  ),
];

/** Page headers/footers that PDF extraction leaves between (or inside) items. */
export function isPageArtefact(line: string): boolean {
  const t = squash(line);
  if (t === '' || t.length > 80) return false;
  return PAGE_ARTEFACTS.some((re) => re.test(t));
}

/**
 * Words and hyphenated compounds that occur inside lines: evidence for de-hyphenating wraps.
 * Built on first use, since most documents have no line-end hyphen at all.
 */
export interface Vocabulary {
  hasWord(w: string): boolean;
  hasCompound(w: string): boolean;
}

export function buildVocabulary(lines: string[]): Vocabulary {
  let sets: { words: Set<string>; compounds: Set<string> } | null = null;
  const get = () => {
    if (sets) return sets;
    const words = new Set<string>();
    const compounds = new Set<string>();
    // One pass over the whole text; a token ending in "-" (a wrap) is not evidence.
    for (const w of lines
      .join('\n')
      .toLowerCase()
      .match(/[a-z]+(?:-[a-z]+)*-?/g) ?? []) {
      if (w.endsWith('-')) continue;
      if (w.includes('-')) {
        compounds.add(w);
        for (const part of w.split('-')) words.add(part);
      } else words.add(w);
    }
    sets = { words, compounds };
    return sets;
  };
  return { hasWord: (w) => get().words.has(w), hasCompound: (w) => get().compounds.has(w) };
}

// Second halves and prefixes that make real compounds; a wrap after them keeps its hyphen.
const COMPOUND_TAILS = new Set([
  'wide',
  'based',
  'level',
  'related',
  'time',
  'term',
  'party',
  'specific',
  'making',
  'solving',
  'date',
  'up',
  'in',
  'on',
  'off',
  'out',
  'down',
  'over',
  'free',
  'driven',
  'oriented',
  'end',
  'scale',
  'effective',
  'friendly',
  'owned',
  'made',
  'known',
  'sized',
  'facing',
  'going',
  'agreed',
  'depth',
  'house',
]);
const COMPOUND_HEADS = new Set([
  'self',
  'cross',
  'non',
  'co',
  'multi',
  'third',
  'well',
  'high',
  'long',
  'short',
  'full',
  'part',
  'real',
  'e',
  'mid',
  'entry',
  'senior',
  'decision',
  'problem',
  'cost',
  'day',
  'follow',
]);

/**
 * Join the physical lines of one paragraph. A word broken as "secu-" / "rity" is rejoined;
 * a real compound broken as "enterprise-" / "wide" keeps its hyphen. The choice uses the
 * document's own words first; when neither form occurs elsewhere the guess goes to `warn`.
 */
export function joinLines(lines: string[], vocab: Vocabulary, warn: (w: string) => void): string {
  let out = '';
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '') continue;
    if (out === '') {
      out = line;
      continue;
    }
    if (out.endsWith('\u00AD')) {
      out = out.slice(0, -1) + line;
      continue;
    }
    const head = /([A-Za-z]+)-$/.exec(out.slice(-64)); // only the end: `out` can be huge
    const tail = /^[a-z]+/.exec(line);
    if (head && tail) {
      const a = head[1].toLowerCase();
      const b = tail[0];
      let keep: boolean;
      if (vocab.hasCompound(`${a}-${b}`)) keep = true;
      else if (vocab.hasWord(a + b)) keep = false;
      else if (COMPOUND_TAILS.has(b) || COMPOUND_HEADS.has(a)) keep = true;
      else {
        keep = false;
        warn(`guessed that "${head[1]}-${tail[0]}" is one word broken across lines ("${head[1]}${tail[0]}")`);
      }
      out = keep ? out + line : out.slice(0, -1) + line;
    } else if ((head && /^[A-Z0-9]/.test(line)) || /[A-Za-z]\/$/.test(out.slice(-2))) {
      out += line; // "ISA-" / "62443", "ISO/" / "IEC": split where the layout may break a word
    } else {
      out += ` ${line}`;
    }
  }
  return squash(out);
}

/** Final clean-up of any text that ends up in the parsed form. */
export function cleanText(s: string): string {
  return squash(
    removeBulletGlyphs(s)
      .replace(/\*+/g, ' ')
      .replace(/\u00AD/g, ''),
  );
}

/** Lower-case words only: "KNOWLEDGE, SKILLS, AND ABILITIES:" → "knowledge skills and abilities". */
export function headingWords(line: string): string {
  return line
    .toLowerCase()
    .replace(/[^a-z]+/g, ' ')
    .trim();
}

export function hasLowercase(s: string): boolean {
  return /[a-z]/.test(s);
}
