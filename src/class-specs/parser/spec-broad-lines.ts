// Line-level reading for class specs in the many layouts public employers use (state personnel
// boards, counties, cities, universities, NEOGOV postings): which lines are KSA headings,
// sub-headings ("Knowledge of:", "Skill in:", "Ability to:"), other section headings, noise,
// and which statements carry their own category ("Ability to …", "Considerable knowledge of …").
// Pure; every regex is linear.
import type { Category } from '../../competency/category';
import { headingWords, isPageArtefact } from './spec-text';
import type { Qualifier } from './types';

/** Words that make a heading a KSA heading, and the category each stands for. */
const KSA_WORDS: Array<[RegExp, Category]> = [
  [/\bknowledges?\b/, 'knowledge'],
  [/\bskills?\b/, 'skill'],
  [/\babilit(?:y|ies)\b/, 'ability'],
  [/\bcompetenc(?:y|ies)\b/, 'competency'],
  [/\btraits?\b/, 'competency'],
  [/\bcriteria\b/, 'competency'],
];

/** Other words allowed in a KSA heading ("REQUIRED KNOWLEDGE, SKILLS AND ABILITIES", "Recommended Competencies"). */
const KSA_FILLER = new Set([
  'and',
  'or',
  'the',
  'of',
  'required',
  'recommended',
  'desired',
  'other',
  'additional',
  'core',
  'behavioral',
  'behavioural',
  'technical',
  'language',
  'reasoning',
  'interpersonal',
  'job',
  'essential',
  'necessary',
  'minimum',
  'preferred',
  'general',
  'key',
  'personal',
  'work',
  'leadership',
  'qualifications',
  'characteristics',
  'ksas',
  'ksa',
  'and/or',
  'special',
  'at',
  'entry',
  'position',
  'requirements',
  'level',
  'desirable',
]);

/** Headings that end a KSA block even when they are not written as "LABEL:". */
const SECTION_WORDS =
  /^(?:definition|distinguishing characteristics|examples? of (?:essential )?(?:duties|work)|essential (?:duties|functions)|typical duties|duties|minimum qualifications|qualifications|special requirements|physical (?:and mental )?(?:demands|requirements)|working conditions|work environment|pay range|salary|supervision (?:received|exercised)|education|experience|licenses?|certifications?|benefits|class characteristics|nature of work|general statement of duties|selection (?:process|procedures?)|how to apply|responsibilities|job description|summary)\b/;

export interface KsaHeading {
  /** The one category the heading names, or null when it names several ("Knowledge, Skills and Abilities"). */
  category: Category | null;
  /** Text after the heading's colon on the same line ("Interpersonal Skills:   Ability to …"). */
  rest: string;
}

const MAX_HEADING = 80;

/** Split "Label: rest" at the first colon when the label is short. */
function labelOf(line: string): { label: string; rest: string } | null {
  const i = line.indexOf(':');
  if (i <= 0 || i > MAX_HEADING) return null;
  return { label: line.slice(0, i).trim(), rest: line.slice(i + 1).trim() };
}

/** "KNOWLEDGE, SKILLS AND ABILITIES", "Competencies Required:", "Interpersonal Skills: …". */
export function ksaHeading(line: string): KsaHeading | null {
  const t = line.trim();
  if (t === '' || !/^[A-Z]/.test(t)) return null;
  // "Essential" / "Desirable" alone: a person specification's criteria, of every kind.
  if (/^(?:essential|desirable)\s*:?$/i.test(t)) return { category: null, rest: '' };
  const labelled = labelOf(t);
  const label = labelled ? labelled.label : t;
  if (label.length > MAX_HEADING || (!labelled && /[.;]$/.test(label))) return null;
  const words = headingWords(label)
    .split(' ')
    .filter((w) => w !== '');
  if (words.length === 0 || words.length > 9) return null;
  const categories = new Set<Category>();
  for (const w of words) {
    const hit = KSA_WORDS.find(([re]) => re.test(w));
    if (hit) categories.add(hit[1]);
    else if (!KSA_FILLER.has(w)) return null;
  }
  if (categories.size === 0) return null;
  // "Knowledge of:" and friends are sub-headings, read by subHeading().
  if (/\b(?:of|in|to)$/.test(headingWords(label))) return null;
  return { category: categories.size === 1 ? [...categories][0] : null, rest: labelled ? labelled.rest : '' };
}

export interface SubHeading {
  category: Category;
  qualifier: Qualifier;
  rest: string;
  adjective: string | null;
}

const QUALIFIERS: Record<string, Qualifier> = {
  comprehensive: 'comprehensive',
  thorough: 'comprehensive',
  extensive: 'comprehensive',
  advanced: 'comprehensive',
  considerable: 'considerable',
  good: 'considerable',
  strong: 'considerable',
  moderate: 'moderate',
  working: 'moderate',
  some: 'moderate',
  basic: 'moderate',
  general: 'moderate',
};

/** Level of a qualifier (PRODUCT.md): comprehensive 5, considerable 4, moderate and plain 3. */
export function levelOf(q: Qualifier): number {
  return q === 'comprehensive' ? 5 : q === 'considerable' ? 4 : 3;
}

/**
 * A statement's own lead-in: "Knowledge of", "Considerable working knowledge of", "Knowledge in",
 * "Skill in", "Skills in", "Skill to", "Ability to", "Must be able to" is not one (kept as text).
 * Returns the category, the text after the lead-in and whether the lead-in ended with a colon.
 */
export function leadIn(text: string): (SubHeading & { colon: boolean }) | null {
  const t = text.trim();
  // "Knowledgeable with Arizona State Statutes", "Knowledgeable of …": a knowledge statement.
  const kn = /^knowledgeable\s+(?:of|with|in|about)\b\s*(:?)\s*/i.exec(t);
  if (kn && /^[A-Z]/.test(t))
    return { category: 'knowledge', qualifier: null, rest: t.slice(kn[0].length), adjective: null, colon: kn[1] === ':' };
  const k =
    /^(?:([A-Z][a-z]+)\s+)?(?:to\s+[a-z]+\s+)?(?:(working|general)\s+)?(knowledge|understanding)\s+(?:\([^)]{0,60}\)\s+)?(?:of|in|about)\b\s*(:?)\s*/i.exec(
      t,
    );
  if (k && /^[A-Z]/.test(t)) {
    const adjective = k[1] ? k[1].toLowerCase() : null;
    if (adjective && !(adjective in QUALIFIERS) && !['knowledge', 'understanding'].includes(adjective)) {
      if (!/^(?:a|an|the)$/i.test(adjective)) return null;
    }
    const qualifier = adjective ? (QUALIFIERS[adjective] ?? null) : k[2] ? QUALIFIERS[k[2].toLowerCase()] : null;
    if (k[3].toLowerCase() === 'understanding' && !adjective) return null; // "Understanding of" alone is rare; leave it
    return { category: 'knowledge', qualifier, rest: t.slice(k[0].length), adjective, colon: k[4] === ':' };
  }
  const s = /^skills?\s+(?:in|to|with)\b\s*(:?)\s*/i.exec(t);
  if (s) return { category: 'skill', qualifier: null, rest: t.slice(s[0].length), adjective: null, colon: s[1] === ':' };
  // "Ability to", "Working ability to:", "Some to thorough ability (depending on level in series) to:".
  const a =
    /^(?:(?:the|along with the)\s+)?(?:([A-Z][a-z]+)\s+(?:to\s+[a-z]+\s+)?)?abilit(?:y|ies)\s+(?:\([^)]{0,60}\)\s+)?to\b\s*(:?)\s*/i.exec(
      t,
    );
  if (a && (!a[1] || a[1].toLowerCase() in QUALIFIERS || /^(?:some|demonstrated|proven)$/i.test(a[1])))
    return { category: 'ability', qualifier: null, rest: t.slice(a[0].length), adjective: null, colon: a[2] === ':' };
  return null;
}

/** Bare "Knowledge:", "Skills:", "Abilities:", "Competencies:" sub-headings. */
export function bareSubHeading(line: string): Category | null {
  const m = /^(knowledge|skills?|abilit(?:y|ies)|competenc(?:y|ies))\s*:\s*$/i.exec(line.trim());
  if (!m) return null;
  const w = m[1].toLowerCase();
  return w.startsWith('know') ? 'knowledge' : w.startsWith('skill') ? 'skill' : w.startsWith('abil') ? 'ability' : 'competency';
}

/**
 * "Knowledge of:", "Skill in:", "Ability to:" (optionally "(position requirements at entry):"),
 * or a lead-in sentence ending in one ("… Along with the ability to:"). `rest` holds run-in items.
 */
export function subHeading(line: string): SubHeading | null {
  const t = line.trim();
  const lead = leadIn(t);
  if (lead && lead.colon) return { category: lead.category, qualifier: lead.qualifier, rest: lead.rest, adjective: lead.adjective };
  // "… who can demonstrate experience of:": what follows is demonstrated behaviour, a competency.
  const tail = /(?:^|\s)(?:along with\s+)?(?:the\s+)?(ability|abilities|skills?|knowledge|experience)\s+(to|in|of)\s*:\s*$/i.exec(t);
  if (tail && tail.index > 0) {
    const w = tail[1].toLowerCase();
    const category: Category = w.startsWith('abil')
      ? 'ability'
      : w.startsWith('skill')
        ? 'skill'
        : w.startsWith('exp')
          ? 'competency'
          : 'knowledge';
    return { category, qualifier: null, rest: '', adjective: null };
  }
  return null;
}

/** A heading that is not a KSA heading: "PHYSICAL REQUIREMENTS:", "Work Environment:", "DEFINITION". */
export function otherHeading(line: string): boolean {
  const t = line.trim();
  // "(ADA)MINIMUMQUALIFICATIONSOR STANDARDSREQUIREDTO PERFORM ESSENTIAL JOB FUNCTIONS": a heading
  // in capitals longer than the 60 characters allowed below (its spaces lost in scraping) is still
  // a heading when no sentence punctuation ends it.
  if (t.length > 60 && t.length <= 100 && /^[A-Z(]/.test(t) && !/[a-z]/.test(t) && /[A-Z]{4}/.test(t) && !/[.;,:]$/.test(t)) return true;
  if (t === '' || t.length > MAX_HEADING || !/^[A-Z(=]/.test(t)) return false;
  if (/^===.*===$/.test(t)) return true;
  const words = headingWords(t);
  if (SECTION_WORDS.test(words) && (t.endsWith(':') || !/[a-z]/.test(t) || words.split(' ').length <= 4)) return true;
  if (/:\s*$/.test(t) && t.length <= 60 && !/[.;]/.test(t.slice(0, -1))) return true; // "Work Environment:"
  if (!/[a-z]/.test(t) && /[A-Z]{3}/.test(t) && t.length <= 60 && !/^[A-Z]{2,4}\/[a-z]{2,3}$/.test(t)) return true; // ALL CAPS
  return false;
}

const SMALL_WORDS = new Set(['a', 'an', 'and', 'or', 'of', 'the', 'to', 'for', 'in', 'on', 'at', 'by', 'with', '&']);

/**
 * "Special Personal Characteristics", "Additional Desirable Qualifications", "Senior Personnel
 * Specialist": a short line of two to eight Title Case words (small words aside), no sentence
 * punctuation. On a web page a heading is often only that, in no particular case or markup.
 */
export function titleCaseHeading(line: string): boolean {
  const t = line.trim().replace(/:$/, '');
  if (t.length > 60 || /[.;,!?]$/.test(t) || !/^[A-Z]/.test(t) || leadIn(t)) return false;
  const words = t.split(/\s+/);
  if (words.length < 2 || words.length > 8) return false;
  return words.every((w) => SMALL_WORDS.has(w) || /^[A-Z0-9(][A-Za-z0-9&/'’()-]*$/.test(w));
}

/** A "Label: content" line whose label is an ordinary section ("Experience:", "Education:", "Preferences:"). */
export function labelledSection(line: string): boolean {
  const l = labelOf(line.trim());
  if (!l || !/^[A-Z]/.test(l.label) || l.label.split(/\s+/).length > 4) return false;
  return /^[A-Z][A-Za-z /&,-]*$/.test(l.label) && !ksaHeading(line) && leadIn(line) === null;
}

/** "Class Code: 1513", "Code 06A3": a class code on its own line (beside a title above it). */
export const CODE_LINE = /^(?:class\s+)?code\s*:?\s*([A-Z0-9-]{2,10})$/i;

/** Running headers and footers, typist initials, pay ranges and "Established/Revised" lines. */
export function isNoise(line: string): boolean {
  const t = line.trim();
  if (t === '') return false;
  if (isPageArtefact(t)) return true;
  if (/^[.\u00B7]$/.test(t)) return true; // a lone "." separating sections of a scraped page
  if (/^[A-Z]{2,4}\s*\/\s*[a-z]{2,3}$/.test(t)) return true; // "KJM/sb"
  if (/^(?:pay\s+range|salary(?:\s+range)?|range)\s*:?\s*[$\d]/i.test(t)) return true;
  if (/^(?:established|revised|adopted|amended|updated|effective)\b[^.]{0,60}\d{2,4}\.?$/i.test(t)) return true;
  if (CODE_LINE.test(t)) return true;
  if (/^class\s+code\s+[A-Z0-9-]{2,10}\s+cont\b/i.test(t)) return true; // "Class Code 1513 CONT. . . 06-22-18"
  if (/^(?:open|opening|closing|exam|posting|posted|issue)\s+date\s*:/i.test(t)) return true; // "Open Date:  06-22-18"
  if (/^\d{1,2}[-/]\d{1,2}[-/]\d{2,4}$/.test(t)) return true; // a date alone
  // The employer's name alone on a line (a running header): "City of Los Angeles", "County of Marin".
  if (/^(?:city|county|state|commonwealth|town|village)(?:\s+and\s+county)?\s+of\s+[A-Z][A-Za-z .'-]{1,40}$/i.test(t)) return true;
  return false;
}

const BULLET = /^(?:[\u2022\u25CF\u25AA\u25A0\u25E6\u25CB\u2023\u2043\u2219\uF0B7\uF0A7\u00B7*-]|\d{1,2}[.)]|[a-z][.)])\s+/;

/** "• text" → "text" (null when the line is not a bullet). */
export function bulletText(line: string): string | null {
  const m = BULLET.exec(line.trim());
  return m ? line.trim().slice(m[0].length) : null;
}

/** Split a run-in list on semicolons outside parentheses; "and"/"or" before the last item goes. */
export function splitRunIn(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (c === ';' && depth === 0) {
      parts.push(s.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(s.slice(start));
  return parts
    .map((p) =>
      p
        .trim()
        .replace(/^(?:and|or)\s+/i, '')
        .trim(),
    )
    .filter((p) => p !== '');
}

/** Sentences of a paragraph: split after ". " when the next word starts with a capital. */
export function sentences(s: string): string[] {
  const out: string[] = [];
  let start = 0;
  const re = /[.!?]\s+(?=[A-Z])/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) !== null) {
    const before = s.slice(Math.max(start, m.index - 4), m.index + 1);
    if (/\b(?:e\.g|i\.e|etc|vs|No|St|Mr|Ms|Dr|[A-Z])\.$/.test(before)) continue; // abbreviations, initials
    out.push(s.slice(start, m.index + 1).trim());
    start = m.index + m[0].length;
  }
  out.push(s.slice(start).trim());
  return out.filter((x) => x !== '');
}

/** "Delivering Results: Meeting …" / "Effective Communication - Ability to …": a Title Case name and its definition. */
export function titleCaseNamed(s: string): { name: string; text: string } | null {
  const m =
    /^([A-Z][A-Za-z&/'’()-]*(?:[ ,]+(?:[A-Z(][A-Za-z&/'’()-]*|and|or|of|the|to|for|in|&))*?)\s*(?::|\s[-\u2013\u2014]\s)\s*(\S.*)$/.exec(
      s.trim(),
    );
  if (!m) return null;
  const name = m[1].trim();
  if (name.split(/\s+/).length > 8 || name.length > 60) return null;
  return { name, text: m[2].trim() };
}

/** A bare Title Case name ("Accountability", "Attention to Detail") standing for a competency. */
export function isBareName(s: string): boolean {
  const t = s.trim();
  return t.length <= 50 && /^[A-Z][A-Za-z&/'’-]*(?:\s+(?:[A-Z][A-Za-z&/'’-]*|and|of|the|to|for|&))*$/.test(t);
}

export function isCatchAllStatement(s: string): boolean {
  return /^other\s/i.test(s) && /\bas\s+(?:required|needed|assigned|appropriate)\b/i.test(s);
}
