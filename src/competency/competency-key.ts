import { type Category } from './category';
// Competency keys link the same statement across class specs ("named items by name,
// knowledge by text"). Pure.

/**
 * Word-level spelling variants that must meet on one key. Real specs from the same employer
 * spell the same competency differently (JUDGEMENT / JUDGMENT AND DECISION MAKING,
 * COMMUNICATION / COMMUNICATIONS FOR RESULTS), so keys use one spelling: American, singular.
 * Only whole words are mapped, and only words listed here: a general stemmer would merge
 * statements that differ in meaning. Add a row when a new variant turns up; administrators
 * can also merge keys after import.
 */
export const KEY_WORD_VARIANTS: Readonly<Record<string, string>> = {
  judgement: 'judgment',
  judgements: 'judgment',
  judgments: 'judgment',
  communications: 'communication',
  behaviour: 'behavior',
  behaviours: 'behavior',
  behaviors: 'behavior',
  behavioural: 'behavioral',
  organisation: 'organization',
  organisations: 'organizations',
  organisational: 'organizational',
  analyse: 'analyze',
  analysing: 'analyzing',
  prioritise: 'prioritize',
  prioritisation: 'prioritization',
  utilise: 'utilize',
  utilisation: 'utilization',
  optimise: 'optimize',
  optimisation: 'optimization',
  centre: 'center',
  licence: 'license',
  licences: 'licenses',
  programme: 'program',
  programmes: 'programs',
  defence: 'defense',
  modelling: 'modeling',
  colour: 'color',
};

/** Longest key kept verbatim; longer knowledge texts are cut and given a hash suffix. */
const MAX_KEY_LENGTH = 100;

function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

export function slugWords(s: string): string[] {
  const ascii = s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['\u2018\u2019]/g, '') // "one's" → "ones", not "one-s"
    .replace(/&/g, ' and ');
  return (ascii.match(/[a-z0-9]+/g) ?? []).map((w) => KEY_WORD_VARIANTS[w] ?? w);
}

/** Slug key: named items by name, knowledge (and unnamed items) by text. */
export function competencyKey(category: Category, name: string | null, text: string): string {
  const basis = category !== 'knowledge' && name ? name : text;
  const slug = slugWords(basis).join('-');
  if (slug === '') return `item-${fnv1a(basis)}`;
  if (slug.length <= MAX_KEY_LENGTH) return slug;
  const cut = slug.slice(0, MAX_KEY_LENGTH - 9).replace(/-[^-]*$/, '');
  return `${cut}-${fnv1a(slug)}`;
}

/**
 * What a key means across categories. Within one category a key is the competency's name (named
 * items) or text (knowledge). The same name under two categories ("ANALYTICAL THINKING" a skill in
 * one class, a competency in another) is the same competency when the definitions agree too: an
 * import then links both to one key. When the definitions differ, the keys stay apart until an
 * administrator merges them (Competency keys → Same name in two categories).
 * Wording agrees when the words agree after the key's normalisation (case, punctuation, spelling
 * variants); word order and wording changes are a person's call, not the importer's.
 */
export function sameWording(a: string, b: string): boolean {
  const wa = slugWords(a);
  return wa.length > 0 && wa.join(' ') === slugWords(b).join(' ');
}
