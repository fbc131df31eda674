// Reads a class specification in any of the layouts public employers use, line by line: KSA
// headings in any case with or without a colon, "Knowledge of:" / "Skill in:" / "Ability to:"
// sub-headings that set the category of what follows, run-in lists split on semicolons, bullets,
// plain lines, paragraphs mixing "Knowledge of …" and "Ability to …" sentences, named Title Case
// competencies, and KSA statements without any heading. Pure. What it had to guess is reported
// as a warning that names the line.
import type { Category } from '../../competency/category';
import { CATEGORY_ORDER } from '../../competency/category';
import { competencyKey } from '../../competency/competency-key';
import {
  bareSubHeading,
  bulletText,
  isBareName,
  isCatchAllStatement,
  isNoise,
  ksaHeading,
  labelledSection,
  leadIn,
  levelOf,
  otherHeading,
  sentences,
  splitRunIn,
  subHeading,
  titleCaseHeading,
  titleCaseNamed,
} from './spec-broad-lines';
import { findBroadTitle } from './spec-broad-title';
import { familyField, familyInProse } from './spec-family';
import { cumulativeLevels, levelLine, sharedLevelLine, stripAbove } from './spec-series';
import { cleanText, toLines } from './spec-text';
import {
  emptySpecSections,
  SpecParseError,
  type ParsedItem,
  type Qualifier,
  type ReadSpec,
  type SeriesLevel,
  type SpecSection,
} from './types';

export interface ReadHints {
  /** A title the input format gave (HTML <title>/<h1>), used when the text has no "Title:" line. */
  title?: string | null;
}

type Opener = 'heading' | 'sub' | 'implicit' | 'inline';

interface Block {
  opener: Opener;
  category: Category | null;
  sub: { category: Category; qualifier: Qualifier } | null;
  atEntry: boolean;
  items: number;
  bulleted: boolean;
  named: boolean;
  /** Its statements came from run-in lines ("Ability to: A; B; C."), each complete on its line. */
  runIn: boolean;
  /** Statements since the last sub-heading ("Ability to:"), and whether a blank line came between two of them. */
  subItems: number;
  subGapped: boolean;
}

/** One block of a series spec: "All Levels" (title null) or one level, and the statements under it. */
interface Segment {
  title: string | null;
  line: number;
  items: ParsedItem[];
}

/** A line that narrows the statements after it to an assignment, inside a KSA block. */
const ASSIGNMENT_LINE =
  /^(?:in addition(?: to the above)?|(?:when|if) (?:assigned|working|placed) (?:to|in)\b[^:]{0,60}|for positions? (?:assigned to|in)\b[^:]{0,60})\s*:\s*$/i;

/** "PREFERRED QUALIFICATIONS", "Desirable Qualifications:", "Preferred:", "REQUIRED QUALIFICATIONS": lists mixing KSAs with degrees and certificates. */
const PREFERRED_HEADING = /^(?:preferred|desirable|desired|required)(?:\s+(?:qualifications?|requirements?|skills))?\s*:?$/i;

/** A paragraph longer than this is kept as one statement, with a warning. */
const LONG_ITEM = 300;
const MAX_WARNINGS = 50;
const LOOKAHEAD = 40;

export const NOT_A_SPEC =
  'Not a class specification: no knowledge, skill, ability or competency statements found ' +
  '(looked for headings such as "Knowledge, Skills and Abilities" or "Competencies", sub-headings "Knowledge of:", ' +
  '"Skill in:", "Ability to:", and lines starting "Knowledge of", "Skill in" or "Ability to")';

/** Category of a statement with no lead-in and no heading that names one. */
function guessCategory(text: string): Category {
  // "A cloud-first approach and …", "A systematic approach to …": a way of working, a competency;
  // so are "Experience planning …", "A passion for public service …", "Enthusiasm for …".
  if (/^an?\s+(?:[\w-]+\s+){0,3}approach\b/i.test(text)) return 'competency';
  const experience = /^(?:(?:some|significant|proven|demonstrable|demonstrated|relevant)\s+)?experience\b/i;
  if (experience.test(text) || /^(?:an?\s+)?(?:passion|enthusiasm)\b/i.test(text)) return 'competency';
  if (/\b(?:knowledge|understanding)\b/i.test(text)) return 'knowledge';
  if (/\bskills?\b/i.test(text)) return 'skill';
  // Behaviours ("Commitment to …") are competencies; use of tools and typing are skills.
  if (/^(?:commitment|dedication|integrity|demonstrated commitment)\b/i.test(text)) return 'competency';
  if (/\b(?:typing|use of|proficien(?:t|cy))\b/i.test(text)) return 'skill';
  return 'ability';
}

function finish(text: string): string {
  return cleanText(text)
    .replace(/^[:;,\s-]+/, '')
    .replace(/^([^"\u201C\u201D]*)["\u201D]$/, '$1') // a stray closing quote with no opening one
    .replace(/,?\s+including\s*:$/i, '') // "Plan … operations, including:" above its sub-points
    .replace(/\s*[;,]\s*(?:and|or)?$/i, '')
    .replace(/\s*;$/, '');
}

/** Sentences of one statement; "This …"/"These …" sentences stay with the one before (they elaborate). */
function statements(text: string): string[] {
  const out: string[] = [];
  for (const s of sentences(text)) {
    if (out.length && /^(?:This|These|It|Such|That)\b/.test(s)) out[out.length - 1] += ` ${s}`;
    else out.push(s);
  }
  return out;
}

interface EmbeddedPart {
  category: Category;
  qualifier: Qualifier;
  text: string;
}

/** A lead-in inside a sentence: "… examined for knowledge of: …", "… including knowledge of: …", "and the ability to: …". */
const EMBEDDED = /(?:^|[\s,(])(?:the\s+)?(knowledge|abilit(?:y|ies)|skills?)\s+(of|to|in)\b\s*(:?)/gi;
const RUN_END = /\band\s+other\s+(?:necessary\s+)?(?:skills|knowledge|abilities)\b|\.\s+(?=[A-Z])|\.\s*$/i;

/**
 * "knowledge of: A; B; and the ability to: C" lists that run inside a paragraph (PDF lines joined):
 * each list from its lead-in to "and other necessary skills, knowledge and abilities" or the end of
 * the sentence, split on semicolons; a part with its own lead-in ("the ability to: …", "ability
 * to lift …") changes the category from there on.
 */
function embeddedRunIns(lines: string[]): { line: number; parts: EmbeddedPart[] }[] {
  const out: { line: number; parts: EmbeddedPart[] }[] = [];
  const text = lines.map((l) => l.trim()).join(' ');
  const lineAt = (pos: number) => {
    let n = 0;
    let len = 0;
    for (; n < lines.length; n++) {
      len += lines[n].trim().length + 1;
      if (len > pos) break;
    }
    return n + 1;
  };
  EMBEDDED.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = EMBEDDED.exec(text)) !== null) {
    const colon = m[3] === ':';
    const before = text.slice(Math.max(0, m.index - 40), m.index + 1);
    // Only lists: a colon after the lead-in, or "examined for knowledge of" / "including knowledge of".
    if (!colon && !/\b(?:for|including|of):?\s*$/i.test(before)) continue;
    const start = m.index + m[0].length;
    const rest = text.slice(start);
    const end = RUN_END.exec(rest);
    const body = end ? rest.slice(0, end.index) : rest;
    let category = categoryWord(m[1]);
    const parts: EmbeddedPart[] = [];
    for (const p of splitRunIn(body)) {
      const own = leadIn(p.replace(/^the\s+/i, '').replace(/^(?:[A-Z])/, (c) => c));
      let t = p;
      if (own) {
        category = own.category;
        t = own.rest;
      }
      if (t.trim() !== '') parts.push({ category, qualifier: null, text: t });
    }
    if (parts.length) out.push({ line: lineAt(m.index), parts });
    EMBEDDED.lastIndex = start + (end ? end.index : rest.length);
  }
  return out;
}

function categoryWord(w: string): Category {
  const l = w.toLowerCase();
  return l.startsWith('know') ? 'knowledge' : l.startsWith('skill') ? 'skill' : 'ability';
}

/** "At the Appraiser III level, must: possess ability to …" — the level and the lead-in. */
const LEVEL_ONLY =
  /^(?:at|for)\s+the\s+([A-Z][\w ]{1,60}?)\s+level,?\s+(?:must:?\s*)?(?:possess|have|demonstrate)?\s*(?:the\s+)?(knowledge\s+of|ability\s+to|skill\s+in)\s+/i;

/**
 * Levels named one per line in the description of a series ("Appraiser Trainee" / "is the
 * entry-level class."), lowest first, when some statement belongs to one level only ("At the
 * Appraiser III level, must: …"): every level holds the statements of the whole series, and a
 * level-only statement belongs to that level and the ones above it.
 */
function namedLevels(
  lines: string[],
  items: ParsedItem[],
  levelOnly: { level: string; item: ParsedItem; line: number }[],
): SeriesLevel[] | undefined {
  if (levelOnly.length === 0) return undefined;
  const names: string[] = [];
  for (let i = 0; i + 1 < lines.length; i++) {
    const t = lines[i].trim();
    if (titleCaseHeading(t) && /^is\s+(?:the|an?)\b/.test(lines[i + 1].trim()) && !names.includes(t)) names.push(t);
  }
  if (names.length < 2 || !levelOnly.every((o) => names.some((n) => n.toLowerCase() === o.level.toLowerCase()))) return undefined;
  const only = new Set(levelOnly.map((o) => o.item));
  return cumulativeLevels(
    items.filter((i) => !only.has(i)),
    names.map((n) => ({ title: n, items: levelOnly.filter((o) => o.level.toLowerCase() === n.toLowerCase()).map((o) => o.item) })),
  );
}

/**
 * "Experience:" above lines that each start with a gerund ("Using …", "Communicating …",
 * "Troubleshooting …"): demonstrated experience, rated as competencies. Above an amount of
 * experience ("Two (2) years of …") it is the minimum-qualifications field and not a lead-in.
 */
function experienceLeadIn(lines: string[], i: number): boolean {
  if (!/^(?:(?:demonstrated|relevant)\s+)?experience(?:\s+(?:in|with|of))?\s*:$/i.test(lines[i].trim())) return false;
  for (let j = i + 1; j < Math.min(lines.length, i + 4); j++) {
    const t = lines[j].trim();
    if (t !== '') return /^[A-Z][a-z]+ing\b/.test(bulletText(t) ?? t);
  }
  return false;
}

/**
 * A statement line's own lead-in, also in lower case inside a list ("knowledge of accounting
 * procedures …" under "Extensive knowledge of:").
 */
function ownLeadIn(part: string): ReturnType<typeof leadIn> {
  return (
    leadIn(part) ??
    (/^(?:knowledge|skills?|abilit(?:y|ies))\s+(?:of|in|to)\s/.test(part) ? leadIn(part[0].toUpperCase() + part.slice(1)) : null)
  );
}

/** "Physical requirements include the ability to …": a sentence of another section; where one opens with a lead-in it is reported. */
function strayLeadIns(text: string): string[] {
  if (!/\b(?:knowledge|understanding|skills?|abilit(?:y|ies))\s+(?:of|with|in|about|to)\b/i.test(text)) return [];
  return sentences(text).filter((s) => {
    // "Possesses knowledge with Office of Management and Budget (OMB) circulars, …" in a list of tasks.
    if (
      /^(?:possess(?:es)?|has|have|demonstrates?)\s+(?:an?\s+)?(?:[a-z]+\s+)?(?:knowledge|understanding)\s+(?:of|with|in|about)\s/i.test(s)
    )
      return true;
    const lead = leadIn(s);
    return lead !== null && !lead.colon && lead.rest !== '';
  });
}

/**
 * A line that runs on into the next one: not ended by ".", ";" or ":", and either long (filled to
 * the width of a wrapped paragraph) or ending in a word or comma that cannot end a statement. A
 * short lower-case line after a short one ("fraud prevention, detection and deterrence" /
 * "principals and practices of …") is the next statement of a list, not the rest of the first.
 */
function wrapped(raw: string): boolean {
  const t = (bulletText(raw.trim()) ?? raw.trim()).trimEnd();
  if (/[.;:]$/.test(t)) return false;
  return t.length >= 60 || /(?:,|\b(?:and|or|of|the|to|in|for|with|a|an|by|on|as|including|such))$/i.test(t);
}

/** The next non-blank line is a bulleted item. */
function nextIsBullet(lines: string[], i: number): boolean {
  for (let j = i + 1; j < Math.min(lines.length, i + 4); j++) {
    const t = lines[j].trim();
    if (t !== '') return bulletText(t) !== null;
  }
  return false;
}

/** The next non-blank line (within three) reads as a statement or a "Knowledge of:" sub-heading. */
function statementFollows(lines: string[], i: number): boolean {
  for (let j = i + 1; j < Math.min(lines.length, i + 4); j++) {
    const t = lines[j].trim();
    if (t === '') continue;
    return leadIn(t) !== null || subHeading(t) !== null || bareSubHeading(t) !== null || stripAbove(t).above;
  }
  return false;
}

/**
 * Levels of a series spec, or undefined when the segments are not one: at least one level, and
 * either an "All Levels" block or a level that refers to the ones above ("All of the above, and").
 */
function seriesLevels(segments: Segment[], referred: boolean): SeriesLevel[] | undefined {
  const levels = segments.filter((s) => s.title !== null);
  const shared = segments.filter((s) => s.title === null);
  if (levels.length === 0 || (!referred && shared.length === 0)) return undefined;
  return cumulativeLevels(
    shared.flatMap((s) => s.items),
    levels.map((l) => ({ title: l.title!, items: l.items })),
  );
}

export function parseBroadSpec(text: string, hints: ReadHints = {}): ReadSpec {
  const lines = toLines(text);
  const warnings: string[] = [];
  let dropped = 0;
  const warn = (w: string) => {
    if (warnings.includes(w)) return;
    if (warnings.length < MAX_WARNINGS) warnings.push(w);
    else dropped++;
  };
  const sections: SpecSection[] = [];
  const items: ParsedItem[] = [];
  const title = findBroadTitle(lines, hints.title ?? null);

  let block: Block | null = null;
  let blank = false;
  let lastItemLine = -1;
  // Series specs: inside a KSA section, "All Levels:" and each level's title open a segment.
  let inKsa = false;
  // Under "PREFERRED QUALIFICATIONS" / "Desirable Qualifications": a line with its own lead-in is a preferred KSA.
  let preferred = false;
  const segments: Segment[] = [];
  let segment: Segment | null = null;
  let referred = false;
  const levelOnly: { level: string; item: ParsedItem; line: number }[] = [];

  const add = (category: Category, raw: string, line: number, opts: { qualifier?: Qualifier; name?: string | null } = {}) => {
    const name = opts.name ? cleanText(opts.name) : null;
    const above = stripAbove(raw);
    if (above.above) referred = true;
    const t = finish(above.text);
    if (t === '' || isCatchAllStatement(t)) return;
    if (t.length > LONG_ITEM) warn(`line ${line}: a ${t.length}-character paragraph kept as one item`);
    const qualifier = category === 'knowledge' ? (opts.qualifier ?? null) : null;
    items.push({
      category,
      name,
      text: t,
      qualifier,
      requiredLevel: category === 'knowledge' ? levelOf(qualifier) : 3,
      requiredAtEntry: block?.atEntry ?? false,
      key: competencyKey(category, name, t),
    });
    if (segment) segment.items.push(items[items.length - 1]);
    if (block) {
      block.items++;
      if (block.sub) block.subItems++;
    }
    lastItemLine = line;
  };

  /** One statement line (or paragraph) inside a KSA block. */
  const statement = (text: string, line: number) => {
    let content = text;
    const b = block!;
    if (b.named || (b.sub?.category ?? b.category) === 'competency') {
      // "Communicates Effectively, Customer Focused, Values and Respects Others, …": one name each.
      const names = content.split(/\s*,\s*/);
      if (names.length >= 3 && names.every((n) => isBareName(n))) {
        b.named = true;
        for (const n of names) add('competency', n, line);
        return;
      }
      const named = titleCaseNamed(content);
      if (named) {
        b.named = true;
        add('competency', named.text, line, { name: named.name });
        return;
      }
      if (isBareName(content)) {
        b.named = true;
        add('competency', content, line, { name: content });
        return;
      }
      if (b.named) {
        block = null;
        return;
      } // prose after a list of named competencies
    }
    // "(If Ruby else delete) A good knowledge of …": an editing note before a bulleted criterion.
    const note = b.bulleted ? /^\(([^()]{1,40})\)\s+(?=[A-Z])/.exec(content) : null;
    if (note) {
      warn(`line ${line}: left out the note "(${note[1]})" before a statement`);
      content = content.slice(note[0].length);
    }
    // "Leadership and guidance: You know how to …" (a bold run-in name on a web page) under a
    // heading of every kind ("Essential"): a named competency, its paragraph whole.
    const runInName = b.category === null && !b.sub && b.bulleted ? /^([A-Z][a-z]+(?:\s+[a-z]+){0,5}):\s+(You\s.*)$/.exec(content) : null;
    if (runInName) {
      add('competency', runInName[2], line, { name: runInName[1] });
      return;
    }
    // "Programming and build - You can write …": a named skill in sentence case.
    const dashed = /^([A-Z][a-z]+(?:\s+[a-z]+){0,4})\s+[-\u2013\u2014]\s+(You\s.*)$/.exec(content);
    if (dashed && (b.sub?.category ?? b.category) !== null) {
      add((b.sub?.category ?? b.category)!, dashed[2], line, { name: dashed[1] });
      return;
    }
    const parts = statements(content);
    if (b.runIn && !b.bulleted && parts.every((p) => leadIn(p) === null)) {
      // "Greater emphasis is placed on …" after "Knowledge of: A; B." / "Ability to: C; D.": a note.
      warn(`line ${line}: a sentence after run-in "Knowledge of:"/"Ability to:" lists, not read as a statement`);
      return;
    }
    if (parts.length > 1) warn(`line ${line}: split ${parts.length} sentences into separate statements`);
    for (const part of parts) {
      const lead = ownLeadIn(part);
      if (lead && lead.colon) {
        for (const p of splitRunIn(lead.rest)) add(lead.category, p, line, { qualifier: lead.qualifier });
      } else if (lead) {
        // "knowledge of accounting procedures …" in lower case under "Extensive knowledge of:" keeps the list's depth.
        const listDepth = lead.qualifier === null && /^[a-z]/.test(part) && b.sub?.category === lead.category ? b.sub.qualifier : null;
        if (/;\s*(?:and|or)?$/i.test(content) && /;\s*\S/.test(lead.rest.replace(/;\s*(?:and|or)?\s*$/i, ''))) {
          // "Ability to collect …; ability to use …;" / "Ability to communicate …; prepare …;" on one
          // line of a list whose lines end in ";": each part a statement, a part with its own lead-in
          // taking that lead-in's category.
          for (const p of splitRunIn(lead.rest)) {
            const own = ownLeadIn(p);
            if (own) add(own.category, own.rest, line, { qualifier: own.qualifier });
            else add(lead.category, p, line, { qualifier: lead.qualifier ?? listDepth });
          }
        } else add(lead.category, lead.rest, line, { qualifier: lead.qualifier ?? listDepth });
      } else if (b.sub && /;\s*(?:and|or)?$/i.test(content) && /;\s*\S/.test(part.replace(/;\s*(?:and|or)?\s*$/i, ''))) {
        // "computerized information systems; data management; …; and electronic file transfers;" on
        // one line of a list whose lines end in ";" (under "Extensive knowledge of:"): the semicolons
        // inside the line separate statements as the line ends do. A line ending in "." is one
        // sentence ("On a continuous basis, sit …; intermittently twist …; and lift lightweight …").
        const category = b.sub.category;
        for (const p of splitRunIn(part)) add(category, p, line, { qualifier: category === 'knowledge' ? b.sub.qualifier : null });
      } else {
        const category = b.sub?.category ?? b.category ?? guessCategory(part);
        add(category, part, line, { qualifier: category === 'knowledge' ? (b.sub?.qualifier ?? null) : null });
      }
    }
  };

  /** "Knowledge of: A; B; and C. D." — the last item may hold more sentences. */
  const runIn = (category: Category, qualifier: Qualifier, rest: string, line: number) => {
    // "…; work independently. Operate a personal computer …; …": a full stop inside the list ends a statement too.
    for (const p of splitRunIn(rest).flatMap((x) => sentences(x))) {
      const only = LEVEL_ONLY.exec(p);
      if (only) {
        // "At the Appraiser III level, must: possess ability to direct …": a statement of that level only.
        add(leadIn(only[2])?.category ?? category, p.slice(only[0].length), line, { qualifier });
        levelOnly.push({ level: only[1], item: items[items.length - 1], line });
        continue;
      }
      add(category, p, line, { qualifier });
    }
  };

  /** A heading with its paragraph on the same line: only sentences with their own lead-in are statements. */
  const inline = (rest: string, line: number) => {
    for (const s of sentences(rest)) {
      const lead = leadIn(s);
      if (!lead) continue;
      if (lead.colon) runIn(lead.category, lead.qualifier, lead.rest, line);
      else add(lead.category, lead.rest, line, { qualifier: lead.qualifier });
    }
  };

  const open = (opener: Opener, category: Category | null): Block => {
    block = {
      opener,
      category,
      sub: null,
      atEntry: false,
      items: 0,
      bulleted: false,
      named: false,
      runIn: false,
      subItems: 0,
      subGapped: false,
    };
    return block;
  };

  /** Statements without a heading: a line with its own lead-in after a blank line, and another within reach. */
  const implicitStart = (i: number): boolean => {
    const lead = leadIn(lines[i]);
    if (!lead || lead.colon || !blank) return false;
    let n = 0;
    for (let j = i; j < Math.min(lines.length, i + LOOKAHEAD); j++) {
      const t = lines[j].trim();
      if (j > i && (otherHeading(t) || ksaHeading(t))) break;
      if (leadIn(t)) n++;
    }
    return n >= 2;
  };

  for (let i = 0; i < lines.length; i++) {
    const t = lines[i].trim();
    const line = i + 1;
    if (t === '') {
      blank = true;
      continue;
    }
    if (isNoise(t)) continue;
    const cur = block as Block | null;

    const heading = ksaHeading(t);
    if (heading) {
      sections.push({ heading: t.length > 60 ? `${t.slice(0, 57)}…` : t, line, kind: 'ksa' });
      if (heading.rest) {
        open('inline', heading.category);
        inline(heading.rest, line);
        block = null;
      } else open('heading', heading.category);
      inKsa = true;
      blank = false;
      continue;
    }
    if (inKsa) {
      // "All Levels:", "Level II: All of the above, and", or a level's title above its statements.
      const shared = sharedLevelLine(t);
      const level =
        shared === null
          ? (levelLine(t) ?? (titleCaseHeading(t) && statementFollows(lines, i) ? { title: t.replace(/:$/, ''), rest: '' } : null))
          : null;
      if (shared !== null || level) {
        segment = { title: level ? level.title : null, line, items: [] };
        segments.push(segment);
        sections.push({ heading: t.length > 60 ? `${t.slice(0, 57)}…` : t, line, kind: 'ksa' });
        open('heading', null);
        const rest = shared ?? level!.rest;
        if (rest) statement(rest, line);
        blank = false;
        continue;
      }
    }
    const bare = bareSubHeading(t) ?? (experienceLeadIn(lines, i) ? 'competency' : null);
    const sub = bare ? { category: bare, qualifier: null as Qualifier, rest: '' } : subHeading(t);
    if (sub) {
      const b = cur && !(cur.opener === 'sub' && blank && cur.items > 0) ? cur : open('sub', null);
      if (b !== cur) sections.push({ heading: t.length > 60 ? `${t.slice(0, 57)}…` : t, line, kind: 'ksa' });
      b.sub = { category: sub.category, qualifier: sub.qualifier };
      b.subItems = 0;
      b.subGapped = false;
      b.atEntry = /^\(?[^)]*\bat entry\b[^)]*\)?:?$/i.test(sub.rest);
      if (sub.rest && !/^\(.*\):?$/.test(sub.rest)) {
        runIn(sub.category, sub.qualifier, sub.rest, line);
        b.runIn = true;
      }
      blank = false;
      continue;
    }
    // "In addition to the above:", "When assigned to Elections:": the statements after it still belong to the block.
    if (cur && ASSIGNMENT_LINE.test(t)) {
      blank = false;
      continue;
    }
    // "Delivering Results: Meeting goals" is a named competency, not a section, inside a competency block.
    const inCompetencies = cur !== null && (cur.sub?.category ?? cur.category) === 'competency';
    // "Special Personal Characteristics" after "Ability to: …" lines ends the block like "DEFINITION".
    const plainHeading = cur !== null && !inCompetencies && !cur.named && bulletText(t) === null && titleCaseHeading(t);
    if (otherHeading(t) || plainHeading || (labelledSection(t) && !inCompetencies)) {
      if (otherHeading(t) || plainHeading) sections.push({ heading: t.length > 60 ? `${t.slice(0, 57)}…` : t, line, kind: 'other' });
      preferred = PREFERRED_HEADING.test(t);
      block = null;
      inKsa = false;
      segment = null;
      blank = false;
      continue;
    }

    const bullet = bulletText(t);
    const content = bullet ?? t;
    if (cur) {
      // A bulleted list ends at a line without a bullet that is not the rest of a wrapped item.
      // A line ending in ";" or "; and" promises more of the list, blank line or not.
      const more = /[;,]\s*(?:and|or)?$/i.test(lines[lastItemLine - 1]?.trim() ?? '');
      const ends =
        (cur.opener === 'sub' && blank && cur.items > 0 && !(more && bullet === null && ownLeadIn(content) === null)) ||
        (cur.bulleted && bullet === null && (blank || /^[A-Z]/.test(t)));
      // A list of plain lines under "Ability to:", one statement a line with no blank line between,
      // ends at a blank line: what follows is the next paragraph of the page ("Physical requirements
      // include …", "This job description is intended to be generic …"), not one more statement.
      const tightEnds =
        !ends &&
        cur.sub !== null &&
        blank &&
        bullet === null &&
        cur.subItems >= 2 &&
        !cur.subGapped &&
        !cur.runIn &&
        ownLeadIn(content) === null &&
        !more;
      if (ends || tightEnds) block = null;
      else if (cur.sub && blank && cur.subItems > 0) cur.subGapped = true;
    }
    if (!block && implicitStart(i)) {
      open('implicit', null);
      sections.push({ heading: '(no heading)', line, kind: 'ksa' });
      warn(`line ${line}: no KSA heading; read the statements from here to the next heading`);
    }
    const b = block as Block | null;
    const ownLead = !b && preferred ? leadIn(content) : null;
    if (ownLead && !ownLead.colon && ownLead.rest !== '') {
      // "Knowledgeable with Arizona State Statues." among the degrees and certificates of a
      // preferred-qualifications section: a statement of its own category, one line each.
      add(ownLead.category, ownLead.rest, line, { qualifier: ownLead.qualifier });
      blank = false;
      continue;
    }
    if (!b) {
      for (const s of strayLeadIns(content))
        warn(`line ${line}: "${s.length > 50 ? `${s.slice(0, 47)}…` : s}" is outside the KSA sections, not read as a statement`);
    }
    // "We’ll assess you against these technical skills …" above a list: the list's introduction.
    if (b && bullet === null && b.items === 0 && !leadIn(content) && /[a-z]$/.test(content) && nextIsBullet(lines, i)) {
      blank = false;
      continue;
    }
    if (b) {
      if (bullet !== null) b.bulleted = true;
      const prev = items[items.length - 1];
      // A wrapped line: lower-case start, no blank line, no bullet, the previous statement unfinished.
      if (
        bullet === null &&
        !blank &&
        prev &&
        lastItemLine === i &&
        /^[a-z(]/.test(content) &&
        !/[.;:]$/.test(prev.text) &&
        wrapped(lines[i - 1])
      ) {
        prev.text = finish(`${prev.text} ${content}`);
        prev.key = competencyKey(prev.category, prev.name, prev.text);
        lastItemLine = line;
      } else {
        statement(content, line);
      }
    }
    blank = false;
  }

  // Job bulletins name their KSAs only inside a sentence of another section ("candidates may be
  // examined for knowledge of: A; B; and the ability to: C; D; and other necessary skills …").
  // Read those when the document holds no statement otherwise.
  if (items.length === 0) {
    for (const run of embeddedRunIns(lines)) {
      for (const part of run.parts) add(part.category, part.text, run.line, { qualifier: part.qualifier });
    }
    if (items.length)
      warn(`line ${items.length ? lastItemLine : 0}: no KSA section; read the "knowledge of:" / "ability to:" lists inside the text`);
    const seen = new Set<string>();
    const once = items.filter((it) => {
      const k = `${it.category}:${it.key}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
    items.splice(0, items.length, ...once);
  }

  // A series: every statement of the series once in `items` (a level repeats a lower level's
  // statement now and then), each level's complete statements in `levels`, and a warning that says so.
  const levels = seriesLevels(segments, referred) ?? namedLevels(lines, items, levelOnly);
  if (levels) {
    const inSeries = new Set(segments.flatMap((s) => s.items));
    const seen = new Set<string>();
    const keep = items.filter((it) => {
      if (!inSeries.has(it)) return true;
      const key = `${it.category}:${it.key}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    items.splice(0, items.length, ...keep);
    const first = segments[0]?.line ?? levelOnly[0]?.line ?? 1;
    warn(
      `line ${first}: a series of ${levels.length} level${levels.length === 1 ? '' : 's'} (${levels.map((l) => l.title).join(', ')}); each level holds the ` +
        'statements shared by every level and those of the levels below it; the import offers one class per level or one class for the whole series',
    );
  }
  if (items.length === 0) {
    throw new SpecParseError(
      title ? NOT_A_SPEC : 'Not a class specification: no CLASS TITLE and no Knowledge/Skills/Abilities block found',
    );
  }
  if (!title) {
    warn(
      'no title found (looked for a "Title:" or "Class Title:" line, the heading above DEFINITION, a line with its ' +
        'class code, and an HTML <title>/<h1>); the import asks for one',
    );
  }
  items.sort((a, b) => CATEGORY_ORDER.indexOf(a.category) - CATEGORY_ORDER.indexOf(b.category));
  const seen = new Map<string, ParsedItem>();
  for (const it of items) {
    if (seen.has(it.key)) warn(`two items share the key "${it.key}" (${seen.get(it.key)!.category} and ${it.category})`);
    else seen.set(it.key, it);
  }
  if (dropped) warnings.push(`… and ${dropped} more warnings`);
  return {
    title: title?.title ?? null,
    code: title?.code ?? null,
    family: familyField(lines) ?? familyInProse(text),
    service: null,
    group: null,
    series: null,
    ...emptySpecSections(),
    items,
    warnings,
    layout: 'broad',
    sections,
    ...(levels ? { levels } : {}),
  };
}
