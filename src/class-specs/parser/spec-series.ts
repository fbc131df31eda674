// Series specs: one document for several levels of a class ("Personnel Specialist Series"), with an
// "All Levels:" block of statements every level holds and a block per level, often beginning
// "All of the above, and …" — so each level holds the shared statements, those of the levels below
// it and its own. The lines that open those blocks, and the levels' complete statements. Pure.
import type { ParsedItem, SeriesLevel } from './types';

/** "All Levels:", "Both Levels:", "All levels: Knowledge of …" — the rest of the line, or null. */
export function sharedLevelLine(line: string): string | null {
  const m = /^(?:all|both)\s+levels?\s*(?::\s*(.*)|$)/i.exec(line.trim());
  return m ? (m[1] ?? '').trim() : null;
}

/** "Level II:", "Elections Specialist II:", "II." — a short line naming a level, ending in ":" or "."; with the rest of the line. */
const LEVEL_LINE = /^((?:level\s+)?(?:[A-Z][A-Za-z&/'-]*\s+){0,6}(?:[IVX]{1,4}|\d{1,2}))\s*[:.]\s*(.*)$/;

export function levelLine(line: string): { title: string; rest: string } | null {
  const m = LEVEL_LINE.exec(line.trim());
  return m ? { title: m[1].trim(), rest: m[2].trim() } : null;
}

/**
 * "All of the above, and …", "Perform all of the above, and …", "All of the above plus …": the
 * statement after the reference to the lower levels ('' when the line is only the reference).
 */
export function stripAbove(text: string): { text: string; above: boolean } {
  const m = /^(?:[A-Z][a-z]+\s+)?all\s+(?:of\s+)?the\s+above\b\s*[,:.…-]*\s*((?:and|plus)\b\s*[,:…-]*\s*)?/i.exec(text.trim());
  if (!m) return { text, above: false };
  const rest = text.trim().slice(m[0].length);
  // "All of the above in practice and application": the statements above, deeper — no new one.
  if (!m[1] && /^(?:in|at|with|as)\b/i.test(rest)) return { text: '', above: true };
  return { text: rest, above: true };
}

/**
 * Each level's complete statements: the shared ones, then those of every level below, then its
 * own; a statement met twice (same key) is kept once.
 */
export function cumulativeLevels(shared: ParsedItem[], levels: { title: string; items: ParsedItem[] }[]): SeriesLevel[] {
  const out: SeriesLevel[] = [];
  let acc: ParsedItem[] = [];
  for (const i of shared) if (!acc.some((a) => a.category === i.category && a.key === i.key)) acc.push(i);
  for (const l of levels) {
    const keys = new Set(acc.map((i) => `${i.category}:${i.key}`));
    const own: ParsedItem[] = [];
    for (const i of l.items) {
      const k = `${i.category}:${i.key}`;
      if (!keys.has(k)) {
        keys.add(k);
        own.push(i);
      }
    }
    acc = [...acc, ...own];
    out.push({ title: l.title, items: acc });
  }
  return out;
}
