// Groups the lines of one section into blocks (one block = one bullet item or paragraph).
// PDF extraction breaks items in every way: wrapped lines, a blank line inside an item,
// a lone bullet glyph with the text on the next line, missing bullets. Pure.
import type { KnowledgeGroup } from './spec-headings';
import { isCatchAll, isNote, isOrSeparator, parseGroupLine } from './spec-headings';
import { PAGE_BREAK, parseBullet } from './spec-text';
import { parseNamedStrict } from './spec-named';

export type BlockMode = 'list' | 'knowledge' | 'named';

export interface Block {
  lines: string[];
  /** Started by a bullet (rather than by a paragraph break or a recognisable item start). */
  bullet: boolean;
  /** A paragraph that is not content: NOTE, catch-all lines. */
  ignored: boolean;
  /** Started by a line that is an item by its own form ("Knowledge of …", "NAME - …"). */
  selfEvident: boolean;
  /** Knowledge group in force when the block started. */
  group: KnowledgeGroup | null;
}

export interface Assembled {
  blocks: Block[];
  hasBullets: boolean;
}

type Starter = 'separator' | 'ignore' | 'item' | null;

function starterKind(text: string, mode: BlockMode): Starter {
  if (isOrSeparator(text)) return 'separator';
  if (isNote(text)) return 'ignore';
  if (mode === 'list') return null;
  if (isCatchAll(text)) return 'ignore';
  if (mode === 'knowledge' && /^\*?\s*knowledge\s+of\b/i.test(text)) return 'item';
  if (mode === 'named' && parseNamedStrict(text.replace(/^\*+\s*/, ''))) return 'item';
  return null;
}

/**
 * After a blank line, text continues the open item only when it reads as the rest of a
 * sentence (lower-case or "(" start). In a knowledge list without bullets every item starts
 * lower-case, so there a blank line always ends the item.
 */
function continuesAfterBlank(text: string, mode: BlockMode, hasBullets: boolean): boolean {
  if (!hasBullets && mode === 'knowledge') return false;
  return /^[a-z(]/.test(text);
}

export function assembleBlocks(lines: string[], mode: BlockMode, starBullets: boolean, warn: (w: string) => void): Assembled {
  const parsed = lines.map((raw) => ({ text: raw.trim(), bullet: parseBullet(raw, starBullets) }));
  const hasBullets = parsed.some((p) => p.bullet !== null);
  const blocks: Block[] = [];
  let cur: Block | null = null;
  let group: KnowledgeGroup | null = null;
  let blank = false;
  let pageBreak = false;

  const close = () => {
    if (cur && cur.lines.length > 0) blocks.push(cur);
    cur = null;
  };
  const open = (first: string[], fields: Partial<Block> = {}) => {
    close();
    cur = { lines: first, bullet: false, ignored: false, selfEvident: false, group, ...fields };
  };

  for (const p of parsed) {
    if (p.text === '') {
      blank = true;
      continue;
    }
    if (p.text === PAGE_BREAK) {
      // In a bulleted list only a bullet starts an item, so text after a page break goes on.
      if (hasBullets) pageBreak = true;
      else blank = true;
      continue;
    }
    const content = p.bullet ? p.bullet.text.trim() : p.text;
    const groupLine = mode === 'knowledge' ? parseGroupLine(content) : null;
    if (groupLine) {
      close();
      group = groupLine.group;
      if (!groupLine.known) {
        warn(`"${groupLine.group.label}" is not Comprehensive/Considerable/Moderate; its items got required level 3`);
      }
      if (groupLine.rest) open([groupLine.rest], { selfEvident: true, bullet: p.bullet !== null });
    } else if (p.bullet) {
      open(content ? [content] : [], { bullet: true, ignored: isCatchAll(content) || isNote(content) });
    } else {
      const starter = starterKind(content, mode);
      const c = cur as Block | null;
      if (starter === 'separator') close();
      else if (starter === 'ignore') open([content], { ignored: true });
      else if (starter === 'item') open([content], { selfEvident: true });
      else if (c && c.lines.length === 0)
        c.lines.push(content); // text of a lone bullet glyph
      else if (c && (!blank || continuesAfterBlank(content, mode, hasBullets))) {
        if (pageBreak && !blank && /^[A-Z]/.test(content) && !c.ignored) {
          warn(`joined text across a page break: "${content.slice(0, 50)}"`);
        }
        c.lines.push(content);
      } else open([content]);
    }
    blank = false;
    pageBreak = false;
  }
  close();
  return { blocks, hasBullets };
}
