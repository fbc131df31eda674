// Series specs: one document for several levels of a class ("Elections Specialist I/II/III"),
// with an "All levels:" block of statements every level holds and a block per level that begins
// "All of the above, and …" — so each level holds the shared statements, those of the levels below
// it and its own. Pure; reads blocks with parseBroadSpec so that every layout it knows works here.
import type { ParsedItem, SeriesLevel } from './types';

const ALL_LEVELS = /^all\s+levels?\s*:?\s*(.*)$/i;
const ABOVE = /\ball\s+of\s+the\s+above,?\s+(?:and|plus)\b[\s:.…-]*(.*)$/i;
/** "Level II:", "Elections Specialist II:", "II." — a short line naming a level, ending in ":" or ".". */
const LEVEL_LINE = /^((?:level\s+)?(?:[A-Z][A-Za-z&/'-]*\s+){0,6}(?:[IVX]{1,4}|\d{1,2}))\s*[:.]\s*(.*)$/;

interface Segment {
  title: string | null;
  start: number;
  lines: string[];
}

/** The "All levels" block and the level blocks after it, or null when the text is not a series. */
export function seriesSegments(lines: string[]): { shared: Segment; levels: Segment[] } | null {
  const start = lines.findIndex((l) => ALL_LEVELS.test(l.trim()));
  if (start < 0) return null;
  const shared: Segment = { title: null, start, lines: [ALL_LEVELS.exec(lines[start].trim())![1]] };
  const levels: Segment[] = [];
  let cur = shared;
  for (let i = start + 1; i < lines.length; i++) {
    const t = lines[i].trim();
    const level = LEVEL_LINE.exec(t);
    const next = level ? `${level[2]} ${lines[i + 1] ?? ''}` : '';
    if (level && (ABOVE.test(next) || levels.length > 0)) {
      const rest = level[2].replace(ABOVE, '$1');
      cur = { title: level[1].trim(), start: i, lines: [ABOVE.test(level[2]) ? rest : level[2]] };
      levels.push(cur);
      continue;
    }
    cur.lines.push(cur !== shared && ABOVE.test(t) ? t.replace(ABOVE, '$1') : t);
  }
  return levels.length ? { shared, levels } : null;
}

/**
 * Each level's complete statements: the shared ones, then those of every level below, then its
 * own; a statement met twice (same key) is kept once.
 */
export function cumulativeLevels(shared: ParsedItem[], levels: { title: string; items: ParsedItem[] }[]): SeriesLevel[] {
  const out: SeriesLevel[] = [];
  let acc: ParsedItem[] = [...shared];
  for (const l of levels) {
    const keys = new Set(acc.map((i) => `${i.category}:${i.key}`));
    acc = [...acc, ...l.items.filter((i) => !keys.has(`${i.category}:${i.key}`))];
    out.push({ title: l.title, items: acc });
  }
  return out;
}
