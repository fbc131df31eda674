// Parses the text of a job class specification (as extracted from PDF/Word) into the
// "parsed form" of PRODUCT.md. Pure: no I/O, no app imports. What it had to guess is in
// `warnings`; text that is not a class spec throws SpecParseError.
import { assembleBlocks, type BlockMode } from './spec-blocks';
import { headingContinues, headingOf, isBoilerplate, parseGroupLine, SECTION_LABELS, type SectionId } from './spec-headings';
import { knowledgeItems, listEntries, namedItems, type ItemContext } from './spec-items';
import { buildVocabulary, joinLines, PAGE_BREAK, splitInteriorBullets, toLines, usesStarBullets } from './spec-text';
import { familyInProse } from './spec-family';
import { readHeader, stripArtefacts } from './spec-header';
import { emptySpecSections, SpecParseError, type ParsedItem, type ParsedSpec } from './types';
import type { Category } from '../../competency/category';

interface Chunk {
  section: SectionId;
  lines: string[];
}

const KSA_SECTIONS = new Set<SectionId>(['ksa', 'knowledge', 'skills', 'abilities', 'competencies']);

/** Cut the document at its headings. Boilerplate after the KSA block ends all sections. */
function splitSections(lines: string[]): Chunk[] {
  const chunks: Chunk[] = [{ section: 'preamble', lines: [] }];
  let current = chunks[0];
  let skipContinuation = false;
  for (const line of lines) {
    if (skipContinuation && line.trim() !== '' && !/[a-z]/.test(line)) {
      skipContinuation = false;
      continue;
    }
    skipContinuation = false;
    const heading = headingOf(line);
    let next: SectionId | null = heading;
    if (!next && isBoilerplate(line)) next = 'tail';
    // A stand-alone "Considerable knowledge of:" without a "Knowledge" sub-heading above it.
    if (!next && current.section !== 'knowledge' && parseGroupLine(line)?.rest === '') next = 'knowledge';
    if (next) {
      current = { section: next, lines: [] };
      chunks.push(current);
      if (heading === 'ksa') skipContinuation = headingContinues(line);
      if (!heading) current.lines.push(line); // the lead-in itself is content
      continue;
    }
    current.lines.push(line);
  }
  return chunks;
}

const ITEM_SECTIONS: Partial<Record<SectionId, { mode: BlockMode; category: Category }>> = {
  ksa: { mode: 'knowledge', category: 'knowledge' },
  knowledge: { mode: 'knowledge', category: 'knowledge' },
  skills: { mode: 'named', category: 'skill' },
  abilities: { mode: 'named', category: 'ability' },
  competencies: { mode: 'named', category: 'competency' },
};
/** A page of warnings is useful; thousands (a garbled upload) are not. */
const MAX_WARNINGS = 50;
const CATEGORY_ORDER: Category[] = ['knowledge', 'skill', 'ability', 'competency'];

function paragraphs(lines: string[], ctx: ItemContext): string[] {
  const out: string[] = [];
  let buf: string[] = [];
  const flush = () => {
    if (buf.length) out.push(joinLines(buf, ctx.vocab, ctx.warn));
    buf = [];
  };
  for (const l of lines) {
    if (l.trim() === '' || l === PAGE_BREAK) flush();
    else buf.push(l);
  }
  flush();
  return out.filter((p) => p !== '');
}

export function parseClassSpec(text: string): ParsedSpec {
  if (typeof text !== 'string' || text.trim() === '') {
    throw new SpecParseError('Not a class specification: the text is empty');
  }
  const warnings: string[] = [];
  const seen = new Set<string>();
  let dropped = 0;
  const warn = (w: string) => {
    if (seen.has(w)) return;
    seen.add(w);
    if (warnings.length < MAX_WARNINGS) warnings.push(w);
    else dropped++;
  };

  const rawLines = toLines(text).flatMap(splitInteriorBullets);
  const header = readHeader(rawLines, warn);
  // Cheap check first, so that a large upload that is not a spec is turned away quickly.
  checkIsSpec(header.title, hasKsaBlock(rawLines));
  const lines = stripArtefacts(rawLines, header);
  const ctx: ItemContext = { vocab: buildVocabulary(lines), warn };
  const starBullets = usesStarBullets(lines);

  const spec: ParsedSpec = {
    title: header.title ?? '',
    code: header.fields.code,
    family: header.fields.family,
    service: header.fields.service,
    group: header.fields.group,
    series: header.fields.series,
    ...emptySpecSections(),
    items: [],
    warnings,
  };
  const characteristics: string[] = [];

  for (const chunk of splitSections(lines)) {
    const label = SECTION_LABELS[chunk.section];
    const itemSection = ITEM_SECTIONS[chunk.section];
    if (itemSection) {
      const asm = assembleBlocks(chunk.lines, itemSection.mode, starBullets, warn);
      if (chunk.section === 'ksa' && asm.blocks.some((b) => !b.ignored)) {
        warn('items under the KNOWLEDGE, SKILLS, ABILITIES heading before any sub-heading were read as knowledge');
      }
      spec.items.push(...(itemSection.mode === 'knowledge' ? knowledgeItems(asm, ctx) : namedItems(asm, itemSection.category, label, ctx)));
      continue;
    }
    switch (chunk.section) {
      case 'characteristics':
        characteristics.push(...paragraphs(chunk.lines, ctx));
        break;
      case 'duties': {
        const { entries, preamble } = listEntries(assembleBlocks(chunk.lines, 'list', starBullets, warn), label, ctx);
        spec.duties.push(...entries);
        characteristics.push(...preamble); // "This class is distinguished from …" describes the class
        break;
      }
      case 'qualifications':
      case 'education':
      case 'certifications':
      case 'working':
      case 'equipment':
      case 'physical': {
        const { entries, preamble } = listEntries(assembleBlocks(chunk.lines, 'list', starBullets, warn), label, ctx);
        const all = [...preamble, ...entries];
        if (chunk.section === 'certifications') spec.qualifications.certifications.push(...all);
        else if (chunk.section === 'working') spec.workingConditions.push(...all);
        else if (chunk.section === 'equipment') spec.equipment.push(...all);
        else if (chunk.section === 'physical') spec.physicalRequirements.push(...all);
        else spec.qualifications.education.push(...all);
        break;
      }
      default:
        break; // preamble (title, header fields) and closing boilerplate
    }
  }

  spec.characteristics = characteristics.length ? characteristics.join('\n\n') : null;
  // Specs without a header say it in a sentence: "This class is assigned to the … Job Family".
  spec.family ??= familyInProse(spec.characteristics);
  spec.items.sort((a, b) => CATEGORY_ORDER.indexOf(a.category) - CATEGORY_ORDER.indexOf(b.category));
  if (spec.items.length === 0) {
    throw new SpecParseError(
      'Not a class specification: no knowledge, skill, ability or competency items found ' + 'under the KSA headings',
    );
  }
  reportDuplicateKeys(spec.items, warn);
  if (dropped) warnings.push(`… and ${dropped} more warnings`);
  return spec;
}

function hasKsaBlock(lines: string[]): boolean {
  return lines.some((l) => {
    const h = headingOf(l);
    return (h !== null && KSA_SECTIONS.has(h)) || parseGroupLine(l) !== null;
  });
}

function checkIsSpec(title: string | null, ksaBlock: boolean): void {
  const missing: string[] = [];
  if (!title) missing.push('no CLASS TITLE');
  if (!ksaBlock) missing.push('no Knowledge/Skills/Abilities block');
  if (missing.length) throw new SpecParseError(`Not a class specification: ${missing.join(' and ')} found`);
}

/** Two items on one key would collide when imported; say so rather than drop one. */
function reportDuplicateKeys(items: ParsedItem[], warn: (w: string) => void): void {
  const seen = new Map<string, ParsedItem>();
  for (const it of items) {
    const first = seen.get(it.key);
    if (first) warn(`two items share the key "${it.key}" (${first.category} and ${it.category})`);
    else seen.set(it.key, it);
  }
}
