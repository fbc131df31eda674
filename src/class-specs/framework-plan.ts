// A competency framework file (in the manner of Moodle's framework CSV): one row per statement,
// several classes per file. Pure: header and rows of cell text in, the classes to import and a
// verdict per row out.
import { CATEGORY_ORDER, type Category } from '../competency/category';
import { competencyKey } from '../competency/competency-key';
import type { ParsedItem, ParsedSpec } from './parser/types';

export const FRAMEWORK_COLUMNS = ['class_title', 'class_code', 'category', 'name', 'text', 'required_level', 'required_at_entry'] as const;
type Column = (typeof FRAMEWORK_COLUMNS)[number];
const REQUIRED: Column[] = ['class_title', 'category', 'text'];

const ALIASES: Record<string, Column> = {
  class_title: 'class_title',
  title: 'class_title',
  class: 'class_title',
  class_code: 'class_code',
  code: 'class_code',
  category: 'category',
  type: 'category',
  name: 'name',
  shortname: 'name',
  text: 'text',
  statement: 'text',
  description: 'text',
  required_level: 'required_level',
  level: 'required_level',
  required_at_entry: 'required_at_entry',
  at_entry: 'required_at_entry',
  entry: 'required_at_entry',
};

const CATEGORY_WORDS: Record<string, Category> = {
  knowledge: 'knowledge',
  skill: 'skill',
  skills: 'skill',
  ability: 'ability',
  abilities: 'ability',
  competency: 'competency',
  competencies: 'competency',
};
const YES = new Set(['yes', 'y', 'true', '1', 'x', '*']);
const NO = new Set(['', 'no', 'n', 'false', '0']);
const DEFAULT_LEVEL = 3;
const LIMITS = { class_title: 300, class_code: 40, name: 300, text: 2000 };

export const MAX_FRAMEWORK_ROWS = 5000;

/** One row of the file as shown on the preview: its spreadsheet row number, what it says, its problems. */
export interface FrameworkRow {
  row: number;
  classTitle: string;
  classCode: string;
  category: string;
  name: string;
  text: string;
  level: string;
  entry: string;
  errors: string[];
}

export interface FrameworkPlan {
  rows: FrameworkRow[];
  /** The classes of the file in first-seen order, each a spec with its items in row order. */
  classes: ParsedSpec[];
  errorRows: number;
}

const headerKey = (h: string) =>
  h
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s\-.]+/g, '_');
const clean = (s: string | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

/** Which column holds which field, or the one-line reason the header row cannot be used. */
export function frameworkColumns(header: string[]): { ok: true; at: Partial<Record<Column, number>> } | { ok: false; message: string } {
  const at: Partial<Record<Column, number>> = {};
  header.forEach((h, i) => {
    const c = ALIASES[headerKey(h)];
    if (c && at[c] === undefined) at[c] = i;
  });
  const missing = REQUIRED.filter((c) => at[c] === undefined);
  if (missing.length)
    return {
      ok: false,
      message: `The first row must name the columns; missing: ${missing.join(', ')}. Expected columns: ${FRAMEWORK_COLUMNS.join(', ')} (download the template).`,
    };
  return { ok: true, at };
}

/** A class of the file: a spec with nothing but its title, code and (later) statements. */
function emptySpec(title: string, code: string | null): ParsedSpec {
  const none = { family: null, service: null, group: null, series: null, characteristics: null };
  const lists = { duties: [], workingConditions: [], equipment: [], physicalRequirements: [], items: [], warnings: [] };
  return { title, code, ...none, ...lists, qualifications: { education: [], certifications: [] } };
}

/** Checks every row and groups the good ones by class (title, and code when given). */
export function planFramework(at: Partial<Record<Column, number>>, body: [number, string[]][]): FrameworkPlan {
  const rows: FrameworkRow[] = [];
  const classes = new Map<string, ParsedSpec>();
  const seen = new Map<string, number>(); // class + item key → first row
  const codeOf = new Map<string, string>(); // class title → the code first given with it
  for (const [row, cells] of body) {
    if (cells.every((c) => c.trim() === '')) continue;
    const cell = (c: Column) => (at[c] === undefined ? '' : clean(cells[at[c]]));
    const r: FrameworkRow = {
      row,
      classTitle: cell('class_title'),
      classCode: cell('class_code'),
      category: cell('category'),
      name: cell('name'),
      text: cell('text'),
      level: cell('required_level'),
      entry: cell('required_at_entry'),
      errors: [],
    };
    rows.push(r);
    const category = CATEGORY_WORDS[r.category.toLowerCase()];
    if (!r.classTitle) r.errors.push('class_title is empty');
    else if (r.classTitle.length > LIMITS.class_title) r.errors.push(`class_title is longer than ${LIMITS.class_title} characters`);
    if (r.classCode.length > LIMITS.class_code) r.errors.push(`class_code is longer than ${LIMITS.class_code} characters`);
    if (!category) r.errors.push(`category “${r.category}” is not one of ${CATEGORY_ORDER.join(', ')}`);
    if (!r.text) r.errors.push('text is empty');
    else if (r.text.length > LIMITS.text) r.errors.push(`text is longer than ${LIMITS.text} characters`);
    if (r.name.length > LIMITS.name) r.errors.push(`name is longer than ${LIMITS.name} characters`);
    if (r.level !== '' && !/^[0-5]$/.test(r.level)) r.errors.push(`required_level “${r.level}” is not a whole number from 0 to 5`);
    const entry = r.entry.toLowerCase();
    if (!YES.has(entry) && !NO.has(entry)) r.errors.push(`required_at_entry “${r.entry}” is not yes or no`);
    const titleKey = r.classTitle.toUpperCase();
    const knownCode = codeOf.get(titleKey);
    if (r.classTitle && knownCode !== undefined && knownCode !== r.classCode)
      r.errors.push(`class_code “${r.classCode}” differs from “${knownCode}” given for ${r.classTitle} earlier in the file`);
    if (r.errors.length || !category) continue;
    codeOf.set(titleKey, r.classCode);
    const item: ParsedItem = {
      category,
      name: r.name || null,
      text: r.text,
      qualifier: null,
      requiredLevel: r.level === '' ? DEFAULT_LEVEL : Number(r.level),
      requiredAtEntry: YES.has(entry),
      key: competencyKey(category, r.name || null, r.text),
    };
    const dupKey = `${titleKey}\u0000${item.category}\u0000${item.key}`;
    const first = seen.get(dupKey);
    if (first !== undefined) {
      r.errors.push(`the same statement as row ${first} of this class`);
      continue;
    }
    seen.set(dupKey, row);
    const spec = classes.get(titleKey) ?? emptySpec(r.classTitle, r.classCode || null);
    spec.items.push(item);
    classes.set(titleKey, spec);
  }
  return { rows, classes: [...classes.values()], errorRows: rows.filter((r) => r.errors.length).length };
}

/** The downloadable template: the header and two example rows. */
export const FRAMEWORK_TEMPLATE: string[][] = [
  [...FRAMEWORK_COLUMNS],
  ['Records Clerk', 'RC-1', 'knowledge', '', 'records retention schedules', '3', 'yes'],
  ['Records Clerk', 'RC-1', 'skill', 'ACTIVE LISTENING', 'Giving full attention to what other people are saying', '2', 'no'],
];
