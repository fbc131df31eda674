// Title and header fields (Code, Family, …), and removal of page headers/footers. Pure.
import { FAMILY_LABEL } from './spec-family';
import { headingOf } from './spec-headings';
import { isPageArtefact, PAGE_BREAK, parseBullet, squash } from './spec-text';

export interface HeaderFields {
  code: string | null;
  family: string | null;
  service: string | null;
  group: string | null;
  series: string | null;
}

export interface Header {
  title: string | null;
  fields: HeaderFields;
  /** Line numbers consumed by the title and header fields. */
  consumed: Set<number>;
  titleLine: number;
}

const TITLE_RE = /^\s*class\s+title\s*:?\s*(.*)$/i;
const FIELD_RE = new RegExp(String.raw`^\s*(class\s+code|job\s+code|code|${FAMILY_LABEL}|service|group|series)\s*:\s*(\S.*)$`, 'i');
const FIELD_NAMES: Record<string, keyof HeaderFields> = {
  'class code': 'code',
  'job code': 'code',
  code: 'code',
  service: 'service',
  group: 'group',
  series: 'series',
};
/** Every other label FIELD_RE accepts ("Job Family", "Occupational Group", …) names the family. */
const fieldOf = (label: string): keyof HeaderFields => FIELD_NAMES[label.toLowerCase().replace(/\s+/g, ' ')] ?? 'family';

/** An all-capitals line right under the title is the rest of a title that wrapped. */
function continuesTitle(line: string | undefined): boolean {
  if (line === undefined) return false;
  const t = line.trim();
  return (
    t !== '' &&
    t.length <= 60 &&
    !/[a-z]/.test(t) &&
    /[A-Z]{2}/.test(t) &&
    headingOf(t) === null &&
    !FIELD_RE.test(t) &&
    !isPageArtefact(t) &&
    parseBullet(t, false) === null
  );
}

function findTitle(lines: string[], consumed: Set<number>, warn: (w: string) => void): { title: string | null; at: number } {
  for (let i = 0; i < lines.length; i++) {
    const m = TITLE_RE.exec(lines[i]);
    if (!m) continue;
    consumed.add(i);
    let title = squash(m[1]);
    let last = i;
    if (title === '') {
      // "CLASS TITLE:" with the title on the next non-blank line
      let j = i + 1;
      while (j < lines.length && j <= i + 3 && lines[j].trim() === '') j++;
      if (j < lines.length && continuesTitle(lines[j])) {
        title = squash(lines[j]);
        consumed.add(j);
        last = j;
      }
    }
    if (title && continuesTitle(lines[last + 1])) {
      title = `${title} ${squash(lines[last + 1])}`;
      consumed.add(last + 1);
      warn(`joined the title from two lines: "${title}"`);
    }
    return { title: title || null, at: i };
  }
  // No "CLASS TITLE" label: an all-capitals line near the top, before any heading, is the best guess.
  for (let i = 0; i < Math.min(lines.length, 60); i++) {
    const t = squash(lines[i]);
    if (headingOf(t) !== null) break;
    if (t === '' || FIELD_RE.test(t) || isPageArtefact(t)) continue;
    if (continuesTitle(t) && /^[A-Z][A-Z0-9 &/(),.'\u2019-]*$/.test(t) && t.replace(/[^A-Z]/g, '').length >= 4) {
      consumed.add(i);
      warn(`no "CLASS TITLE:" line; took "${t}" as the title`);
      return { title: t, at: i };
    }
  }
  return { title: null, at: -1 };
}

export function readHeader(lines: string[], warn: (w: string) => void): Header {
  const consumed = new Set<number>();
  const fields: HeaderFields = { code: null, family: null, service: null, group: null, series: null };
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].length > 200) continue;
    const m = FIELD_RE.exec(lines[i]);
    if (!m) continue;
    const name = fieldOf(m[1]);
    const value = squash(m[2]);
    if (fields[name] === null) fields[name] = value;
    // Repeated on every page as a running header: drop the copies too.
    if (fields[name] === value) consumed.add(i);
  }
  const { title, at } = findTitle(lines, consumed, warn);
  return { title, fields, consumed, titleLine: at };
}

/**
 * Drop page numbers, running headers/footers and repeated titles. Where a page break fell
 * inside a sentence the text on both sides is joined; otherwise a PAGE_BREAK line remains,
 * which bullet lists ignore (the item goes on) and paragraphs treat as a blank line.
 */
export function stripArtefacts(lines: string[], header: Header): string[] {
  const title = header.title?.toLowerCase() ?? null;
  const removable = (i: number): boolean => {
    if (header.consumed.has(i) || isPageArtefact(lines[i])) return true;
    if (title === null || i < header.titleLine || lines[i].length > 200) return false;
    const t = squash(lines[i]).toLowerCase();
    return t === title || (TITLE_RE.test(lines[i]) && t.endsWith(title));
  };
  const out: string[] = [];
  let i = 0;
  while (i < lines.length) {
    if (!removable(i)) {
      out.push(lines[i]);
      i++;
      continue;
    }
    let blank = false;
    while (out.length && out[out.length - 1].trim() === '') {
      out.pop();
      blank = true;
    }
    while (i < lines.length && (lines[i].trim() === '' || removable(i))) {
      if (lines[i].trim() === '') blank = true;
      i++;
    }
    const prev = out.length ? out[out.length - 1].trim() : '';
    const sentenceOpen = prev !== '' && !/[.:;!?]$/.test(prev) && headingOf(prev) === null;
    if (blank && !sentenceOpen) out.push(PAGE_BREAK);
  }
  return out;
}
