// Turns assembled blocks into knowledge/named items and plain list entries. Pure.
import type { Assembled } from './spec-blocks';
import { isCatchAll, parseGroupLine } from './spec-headings';
import { competencyKey } from '../../competency/competency-key';
import { parseNamedLoose, parseNamedStrict } from './spec-named';
import { cleanText, joinLines, type Vocabulary } from './spec-text';
import { type Category } from '../../competency/category';
import { type ParsedItem, type Qualifier } from './types';

export interface ItemContext {
  vocab: Vocabulary;
  warn: (w: string) => void;
}

/** Short quotation of source text for a warning. */
export function quote(s: string): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return `"${t.length > 60 ? `${t.slice(0, 57)}…` : t}"`;
}

/** Leading "*" = may be required at entry. A trailing one is accepted but reported. */
function entryMarker(text: string, warn: (w: string) => void): { entry: boolean; text: string } {
  const lead = /^\*+\s*/.exec(text);
  if (lead) return { entry: true, text: text.slice(lead[0].length) };
  const trail = /\s*\*+$/.exec(text);
  if (trail) {
    warn(`took the "*" at the end of ${quote(text)} as "may be required at entry"`);
    return { entry: true, text: text.slice(0, trail.index) };
  }
  return { entry: false, text };
}

function finishText(s: string): string {
  return cleanText(s)
    .replace(/^[:;,\s-]+/, '')
    .replace(/\s*[;,]\s*(?:and|or)?$/i, '');
}

function item(
  category: Category,
  name: string | null,
  text: string,
  qualifier: Qualifier,
  requiredLevel: number,
  requiredAtEntry: boolean,
): ParsedItem {
  return { category, name, text, qualifier, requiredLevel, requiredAtEntry, key: competencyKey(category, name, text) };
}

export function knowledgeItems(asm: Assembled, ctx: ItemContext): ParsedItem[] {
  const out: ParsedItem[] = [];
  for (const block of asm.blocks) {
    if (block.ignored) continue;
    const joined = joinLines(block.lines, ctx.vocab, ctx.warn);
    if (asm.hasBullets && !block.bullet && !block.selfEvident && !joined.startsWith('*')) {
      ctx.warn(`ignored text in Knowledge that is not a bullet item: ${quote(joined)}`);
      continue;
    }
    const marked = entryMarker(joined, ctx.warn);
    let text = marked.text;
    if (isCatchAll(text)) continue;
    let qualifier: Qualifier = null;
    let level = 3;
    const plain = /^knowledge\s+of\b\s*:?\s*/i.exec(text);
    const inline = plain ? null : parseGroupLine(text);
    if (plain) {
      text = text.slice(plain[0].length);
    } else if (inline && inline.rest) {
      ({ qualifier, level } = inline.group);
      text = inline.rest;
    } else if (block.group) {
      ({ qualifier, level } = block.group);
    } else {
      ctx.warn(`knowledge item outside any "… knowledge of:" group got required level 3: ${quote(text)}`);
    }
    const entry = marked.entry || text.startsWith('*');
    text = finishText(text);
    if (text) out.push(item('knowledge', null, text, qualifier, level, entry));
  }
  return out;
}

export function namedItems(asm: Assembled, category: Category, label: string, ctx: ItemContext): ParsedItem[] {
  const out: ParsedItem[] = [];
  for (const block of asm.blocks) {
    if (block.ignored) continue;
    const joined = joinLines(block.lines, ctx.vocab, ctx.warn);
    const marked = entryMarker(joined, ctx.warn);
    if (isCatchAll(marked.text)) continue;
    let parts = parseNamedStrict(marked.text);
    if (!parts && asm.hasBullets && !block.bullet && !marked.entry) {
      ctx.warn(`ignored text in ${label} that is not a bullet item: ${quote(joined)}`);
      continue;
    }
    if (!parts) {
      parts = parseNamedLoose(marked.text);
      if (parts) ctx.warn(`guessed the name "${parts.name}" in ${label} (no "NAME - definition" dash)`);
      else ctx.warn(`item in ${label} has no upper-case NAME; kept without a name: ${quote(marked.text)}`);
    }
    const text = finishText(parts ? parts.text : marked.text);
    if (text) out.push(item(category, parts ? cleanText(parts.name) : null, text, null, 3, marked.entry));
  }
  return out;
}

export interface ListResult {
  entries: string[];
  preamble: string[];
}

/**
 * Duties, qualifications, equipment …: one entry per bullet. Paragraphs before the first
 * bullet are an introduction (returned as `preamble`); after it they are reported and left out.
 */
export function listEntries(asm: Assembled, label: string, ctx: ItemContext): ListResult {
  const entries: string[] = [];
  const preamble: string[] = [];
  let seenBullet = false;
  const content = asm.blocks.filter((b) => !b.ignored);
  for (const block of content) {
    const joined = joinLines(block.lines, ctx.vocab, ctx.warn);
    if (asm.hasBullets && !block.bullet) {
      if (seenBullet) ctx.warn(`ignored text in ${label} that is not a bullet item: ${quote(joined)}`);
      else preamble.push(joined);
      continue;
    }
    seenBullet = true;
    // "…distributed systems, **OR**": alternatives are separate entries; the joining OR goes.
    const text = finishText(joined)
      .replace(/^OR\s+/, '')
      .replace(/[\s,;]*\bOR$/, '');
    if (text) entries.push(text);
  }
  if (!asm.hasBullets && content.length > 1) {
    ctx.warn(`${label} has no bullets; each paragraph was read as one entry`);
  }
  return { entries, preamble };
}
