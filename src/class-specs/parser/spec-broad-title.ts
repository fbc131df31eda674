// The title of a class spec in a layout without "CLASS TITLE:": a "Title:"/"Class Title:"/"Job
// Title:" field, the heading just above DEFINITION, a line with its class code beside it, or the
// title the input format gave (HTML <title>/<h1>), or the line above a "Class Code: 1513" line. Running headers, pay ranges and dates never
// become titles. Pure.
import { headingWords, squash } from './spec-text';
import { CODE_LINE, isNoise } from './spec-broad-lines';

export interface FoundTitle {
  title: string;
  code: string | null;
}

const FIELD = /^\s*(?:class|job|position)?\s*title\s*:\s*(\S.{0,118})$/i;
const CODE_FIRST = /^([A-Z]{0,2}\d{3,6}[A-Z]?)\s*[-\u2013\u2014:]\s+(\S.{2,100})$/; // "4206 - Program Assistant"
const CODE_PAREN = /^(\S.{2,100}?)\s*\((?:class\s+code:?\s*)?([A-Z]{0,2}\d{3,6}[A-Z]?)\)$/; // "Staff Services Analyst (General) (5157)"
// "Associate Meteorologist (Class No. 003697)     Union Code: PR" — a County's footer naming the class, with more fields after it.
const CLASS_NO_FOOTER = /^(\S.{2,100}?)\s*\(class\s+no\.?\s*([A-Z0-9-]{3,10})\)[\s\u00A0]{2,}\S/i;
const CODE_INLINE = /^([A-Z][A-Z &/,'()-]{3,80}?)\s+[Cc]lass\s+[Cc]ode\s*:?\s*([A-Z0-9-]{2,10})$/; // "ELECTRICAL MECHANIC Class Code: 3841"
const CODE_LAST = /^([A-Z][A-Z &/,'()-]{3,80}?)\s{2,}(?:class\s+code:?\s*)?([A-Z]{0,2}\d{3,6}[A-Z]?)$/; // "ACCOUNTANT I    1234"

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/**
 * "Elections &amp; Special Districts Director": a posting's "Title:" field scraped from its web
 * page into plain text keeps the page's character references; a title never means them literally.
 */
export function decodeEntities(s: string): string {
  return s.replace(/&(?:#(\d{1,6})|#x([0-9a-f]{1,5})|(amp|lt|gt|quot|apos|nbsp));/gi, (m, dec: string, hex: string, name: string) => {
    if (name) return ENTITIES[name.toLowerCase()];
    const code = dec ? Number(dec) : parseInt(hex, 16);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
  });
}

/** A title and the class code beside it; `parenCode` reads "(5157)" at the end as the code (a page's <title>/<h1>; a "Title:" field's value is kept whole). */
function split(raw: string, parenCode = false): FoundTitle {
  const t = squash(decodeEntities(raw));
  const first = CODE_FIRST.exec(t);
  if (first) return { title: first[2].trim(), code: first[1] };
  const paren = parenCode ? CODE_PAREN.exec(t) : null;
  if (paren) return { title: paren[1].trim(), code: paren[2] };
  return { title: t, code: null };
}

/** "ACCOUNTANT" above "Class Code: 1513" (City of Los Angeles bulletins): the nearest short line above, blank lines skipped. */
function titleAbove(lines: string[], i: number): string | null {
  for (let j = i - 1; j >= 0 && j >= i - 3; j--) {
    const t = squash(lines[j]);
    if (t === '' || isNoise(t)) continue;
    return t.length <= 100 && !/[.;:,]$/.test(t) && !/\$/.test(t) ? t : null;
  }
  return null;
}

/**
 * A Word document's first paragraph when it is a name, not a sentence or a heading: two to twelve
 * words, no sentence punctuation at its end, a blank line after it ("Senior Content Designer Job
 * description", "Design, Technology, and Innovation Fellow: Service Designer"). The words "Job
 * description" / "Class specification" after the name are not part of it.
 */
function firstLineTitle(lines: string[]): FoundTitle | null {
  const i = lines.findIndex((l) => l.trim() !== '');
  if (i < 0 || (lines[i + 1] ?? '').trim() !== '') return null;
  const t = squash(lines[i]);
  const words = t.split(' ');
  if (words.length < 2 || words.length > 12 || t.length > 100 || /[.;,!?]$/.test(t) || /^[=#]/.test(t) || isNoise(t)) return null;
  if (/^[A-Z][A-Z\s]*$/.test(t) && words.length <= 4) return null; // an ALL-CAPS heading
  const title = t.replace(/\s+(?:job\s+description|class\s+specification|role\s+profile)$/i, '').trim();
  return title && /^[A-Z]/.test(title) ? { title, code: null } : null;
}

export function findBroadTitle(lines: string[], hint: string | null): FoundTitle | null {
  const top = Math.min(lines.length, 80);
  for (let i = 0; i < top; i++) {
    const m = FIELD.exec(lines[i]);
    if (m && !isNoise(m[1])) return split(m[1]);
  }
  if (hint && squash(hint) !== '') return split(hint, true);
  for (const l of lines) {
    const footer = CLASS_NO_FOOTER.exec(l.trim());
    if (footer) return { title: squash(footer[1]), code: footer[2] };
  }
  for (let i = 0; i < lines.length; i++) {
    if (headingWords(lines[i]) !== 'definition') continue;
    for (let j = i - 1; j >= 0 && j >= i - 4; j--) {
      const t = squash(lines[j]);
      if (t === '' || isNoise(t)) continue;
      if (headingWords(t) === 'definition') break; // "Definition" above "DEFINITION:" (a page's heading and the spec's own)
      if (t.length <= 100 && !/[.;]$/.test(t)) return split(t);
      break;
    }
  }
  const first = firstLineTitle(lines);
  if (first) return first;
  for (let i = 0; i < top; i++) {
    const t = squash(lines[i]);
    const last = CODE_LAST.exec(lines[i].trim()) ?? CODE_INLINE.exec(t);
    if (last) return { title: squash(last[1]), code: last[2] };
    const below = CODE_LINE.exec(t);
    if (below) {
      const above = titleAbove(lines, i);
      if (above) return { title: above, code: below[1] };
    }
    if (CODE_FIRST.test(t) && !/[.;]$/.test(t) && !/\$/.test(t)) return split(t);
  }
  return null;
}
