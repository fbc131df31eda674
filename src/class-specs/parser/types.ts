// What the class-spec parser produces (PRODUCT.md "parsed form"); shared by the parser's modules
// and its callers, so none of them imports another for a type.
import type { Category } from '../../competency/category';

export type Qualifier = 'comprehensive' | 'considerable' | 'moderate' | null;

export interface ParsedItem {
  category: Category;
  name: string | null;
  text: string;
  qualifier: Qualifier;
  requiredLevel: number;
  requiredAtEntry: boolean;
  key: string;
}

export interface ParsedSpec {
  title: string;
  code: string | null;
  family: string | null;
  service: string | null;
  group: string | null;
  series: string | null;
  characteristics: string | null;
  duties: string[];
  qualifications: { education: string[]; certifications: string[] };
  workingConditions: string[];
  equipment: string[];
  physicalRequirements: string[];
  items: ParsedItem[];
  warnings: string[];
}

/** The descriptive sections of a spec, empty: what a parse starts from before it reads them. */
export function emptySpecSections(): Pick<
  ParsedSpec,
  'characteristics' | 'duties' | 'qualifications' | 'workingConditions' | 'equipment' | 'physicalRequirements'
> {
  return {
    characteristics: null,
    duties: [],
    qualifications: { education: [], certifications: [] },
    workingConditions: [],
    equipment: [],
    physicalRequirements: [],
  };
}

/** One level of a series spec and every statement it requires. */
export interface SeriesLevel {
  title: string;
  items: ParsedItem[];
}

/** A section heading the parser recognised, with its 1-based line number. */
export interface SpecSection {
  heading: string;
  line: number;
  /** 'ksa' sections hold ratable statements; 'other' sections end a KSA block. */
  kind: 'ksa' | 'other';
}

/**
 * What readClassSpec() returns: the parsed form for any layout. The title may be missing (the
 * import preview then asks for it); `sections` and line-numbered `warnings` say what the parser
 * found and what it had to guess.
 */
export interface ReadSpec extends Omit<ParsedSpec, 'title'> {
  title: string | null;
  /**
   * A series spec ("All levels:" then "Level II: All of the above, and …"): one entry per level,
   * lowest first, each with its complete statements (shared and lower levels' included). `items`
   * then holds every statement of the series once. Absent for a single-level spec. The import
   * offers one class per level (the default) or one class holding every statement once.
   */
  levels?: SeriesLevel[];
  /** 'chicago': the City of Chicago layout (CLASS TITLE, grouped knowledge, NAME - definition). */
  layout: 'chicago' | 'broad';
  sections: SpecSection[];
}

/** The input is not a class specification; the message says what was missing (one line). */
export class SpecParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SpecParseError';
  }
}
