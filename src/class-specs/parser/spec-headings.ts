// Which lines of a class spec are headings, knowledge-group lead-ins or boilerplate. Pure.
import { headingWords } from './spec-text';
import { type Qualifier } from './types';

export type SectionId =
  | 'preamble'
  | 'characteristics'
  | 'duties'
  | 'qualifications'
  | 'education'
  | 'certifications'
  | 'working'
  | 'equipment'
  | 'physical'
  | 'ksa'
  | 'knowledge'
  | 'skills'
  | 'abilities'
  | 'competencies'
  | 'tail';

/** Heading text reduced to lower-case words (so serial commas and colons don't matter). */
const HEADINGS: Record<string, SectionId> = {
  'characteristics of the class': 'characteristics',
  'characteristics of class': 'characteristics',
  'class characteristics': 'characteristics',
  characteristics: 'characteristics',
  'essential duties': 'duties',
  'essential duties and responsibilities': 'duties',
  'essential functions': 'duties',
  'examples of duties': 'duties',
  'duties and responsibilities': 'duties',
  'minimum qualifications': 'qualifications',
  'minimum qualification': 'qualifications',
  qualifications: 'qualifications',
  'education training and experience': 'education',
  'education training or experience': 'education',
  'education and experience': 'education',
  'education and or experience': 'education',
  'experience and education': 'education',
  'licensure certification or other qualifications': 'certifications',
  'licensure certification and other qualifications': 'certifications',
  'licensure certification or other requirements': 'certifications',
  'licensure and certification': 'certifications',
  'licensure or certification': 'certifications',
  'licensure certification': 'certifications',
  certifications: 'certifications',
  certification: 'certifications',
  licensure: 'certifications',
  'working conditions': 'working',
  equipment: 'equipment',
  'equipment used': 'equipment',
  'physical requirements': 'physical',
  'physical demands': 'physical',
  knowledge: 'knowledge',
  skills: 'skills',
  skill: 'skills',
  abilities: 'abilities',
  ability: 'abilities',
  'additional competency requirements': 'competencies',
  'additional competencies': 'competencies',
  'other work requirements': 'competencies',
  'other competencies': 'competencies',
  competencies: 'competencies',
  'competency requirements': 'competencies',
};

export const SECTION_LABELS: Record<SectionId, string> = {
  preamble: 'the header',
  characteristics: 'CHARACTERISTICS OF THE CLASS',
  duties: 'ESSENTIAL DUTIES',
  qualifications: 'MINIMUM QUALIFICATIONS',
  education: 'Education, Training, and Experience',
  certifications: 'Licensure, Certification, or Other Qualifications',
  working: 'WORKING CONDITIONS',
  equipment: 'EQUIPMENT',
  physical: 'PHYSICAL REQUIREMENTS',
  ksa: 'KNOWLEDGE, SKILLS, ABILITIES',
  knowledge: 'Knowledge',
  skills: 'Skills',
  abilities: 'Abilities',
  competencies: 'competency requirements',
  tail: 'the closing notes',
};

/** A whole line that is a section heading, or null. Headings start with a capital letter. */
export function headingOf(line: string): SectionId | null {
  const t = line.trim();
  if (t.length === 0 || t.length > 90 || !/^[A-Z]/.test(t)) return null;
  const words = headingWords(t);
  const hit = HEADINGS[words];
  if (hit) return hit;
  // "KNOWLEDGE, SKILLS, ABILITIES, AND OTHER COMPETENCIES" and its many endings.
  if (/^knowledge skills\b/.test(words)) return 'ksa';
  return null;
}

/** A KSA heading that ends in "AND" / "," continues on the next line. */
export function headingContinues(line: string): boolean {
  return /(?:,|\band|\bor)\s*$/i.test(line.trim());
}

export interface KnowledgeGroup {
  qualifier: Qualifier;
  level: number;
  label: string;
}

const GROUP_LEVELS: Record<string, { qualifier: Qualifier; level: number }> = {
  comprehensive: { qualifier: 'comprehensive', level: 5 },
  considerable: { qualifier: 'considerable', level: 4 },
  moderate: { qualifier: 'moderate', level: 3 },
};

/**
 * "Considerable knowledge of:" (optionally followed by the first item on the same line).
 * Adjectives other than the three in PRODUCT.md are reported so an administrator can set
 * the level; they get qualifier null and level 3.
 */
export function parseGroupLine(line: string): { group: KnowledgeGroup; rest: string; known: boolean } | null {
  const m = /^(\*?)\s*([A-Z][A-Za-z]*)\s+knowledge\s+(?:of|in)\b\s*:?\s*/i.exec(line.trim());
  if (!m || !/^[A-Z]/.test(m[2])) return null; // a lower-case start is a wrapped sentence
  const adjective = m[2].toLowerCase();
  if (adjective === 'other' || adjective === 'and') return null;
  const known = GROUP_LEVELS[adjective];
  const rest = `${m[1]}${line.trim().slice(m[0].length)}`.trim();
  const label = `${m[2]} knowledge of`;
  if (known) return { group: { ...known, label }, rest, known: true };
  return { group: { qualifier: null, level: 3, label }, rest, known: false };
}

/** Closing boilerplate after the KSA block: everything from here on is not items. */
export function isBoilerplate(line: string): boolean {
  const t = line.trim();
  return (
    /^all employees of the city\b/i.test(t) ||
    /^the city of [a-z .]{1,40}will consider\b/i.test(t) ||
    /^\*+\s*(?:=\s*)?(?:(?:indicates|denotes)\s+)?(?:may\s+be\s+)?required\s+at\s+entry\b/i.test(t)
  );
}

/** "Other knowledge as required for …", "Other competencies as required …": not ratable. */
export function isCatchAll(text: string): boolean {
  const t = text.trim().replace(/^\*+\s*/, '');
  return /^other\s/i.test(t) && /\bas\s+(?:required|needed|assigned|appropriate)\b/i.test(t.slice(0, 200));
}

export function isNote(text: string): boolean {
  return /^\*?note\s*:/i.test(text.trim());
}

/** A line that is only "OR" separates education alternatives. */
export function isOrSeparator(text: string): boolean {
  return /^(?:\*\*)?\s*or\s*(?:\*\*)?$/i.test(text.trim());
}
