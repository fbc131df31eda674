// A series spec in the import preview: one class per level, each with its complete statements as
// HR corrected them. The rule for corrections (shown on the preview, TEXT.seriesRule): HR corrects
// one list, every statement of the series once; each item remembers which of the parser's items
// it came from (`origins`, kept by applyEdit), so a level holds every corrected item that came from
// one of its statements — an edited, split or merged statement changes in every level that has it,
// a deleted one leaves them all, and an added statement goes to every level. The series' header
// fields (code, family, service, group, series) are shared; each level keeps its own title. Pure.
import type { ParsedItem, ParsedSpec, ReadSpec } from './parser/types';

type SeriesDraft = ReadSpec & { origins?: number[][]; levelSources?: number[][] };

export type SeriesChoice = 'per-level' | 'one';

/** One level as it would be imported. */
export interface LevelDraft {
  title: string;
  items: ParsedItem[];
}

const itemId = (i: ParsedItem) => `${i.category}:${i.key}`;

/**
 * Where a fresh parse's items and levels come from: each item is its own origin, and each level
 * holds the positions of its statements in the item list (matched by category and key, as the
 * parser de-duplicates them). Nothing when a level holds a statement the item list does not have.
 */
export function seriesSources(spec: Pick<ReadSpec, 'items' | 'levels'>): { origins?: number[][]; levelSources?: number[][] } {
  if (!spec.levels?.length) return {};
  const position = new Map<string, number>();
  spec.items.forEach((i, k) => {
    if (!position.has(itemId(i))) position.set(itemId(i), k);
  });
  const levelSources: number[][] = [];
  for (const level of spec.levels) {
    const found = level.items.map((i) => position.get(itemId(i)));
    if (found.some((k) => k === undefined)) return {};
    levelSources.push(found as number[]);
  }
  return { origins: spec.items.map((_, k) => [k]), levelSources };
}

/**
 * The levels of a series with their statements after HR's corrections, in the order of the
 * corrected list; null when the document is not a series, or the preview cannot tell where its
 * items came from (a preview edited before origins were kept).
 */
export function seriesLevels(d: SeriesDraft): LevelDraft[] | null {
  const { levels, origins, levelSources } = d;
  if (!levels?.length || !origins || !levelSources || origins.length !== d.items.length || levelSources.length !== levels.length)
    return null;
  return levels.map((level, n) => {
    const held = new Set(levelSources[n]);
    return { title: level.title, items: d.items.filter((_, k) => origins[k].length === 0 || origins[k].some((o) => held.has(o))) };
  });
}

/** A level's title twice would make one class of two levels. */
export function duplicateLevelTitle(levels: LevelDraft[]): string | null {
  const seen = new Set<string>();
  for (const l of levels) {
    const t = l.title.toLowerCase().replace(/\s+/g, ' ').trim();
    if (seen.has(t)) return l.title;
    seen.add(t);
  }
  return null;
}

/** The stored form of a read spec under a title with these items (what an import stores of one class). */
export function storedForm(d: ReadSpec, title: string, items: ParsedItem[], series = d.series): ParsedSpec {
  return {
    title,
    code: d.code,
    family: d.family,
    service: d.service,
    group: d.group,
    series,
    characteristics: d.characteristics,
    duties: d.duties,
    qualifications: d.qualifications,
    workingConditions: d.workingConditions,
    equipment: d.equipment,
    physicalRequirements: d.physicalRequirements,
    items,
    warnings: d.warnings,
  };
}

/**
 * One storable spec per level: the level's title and statements, the series' header fields and
 * descriptive sections; `series` names the series (the document's title when it has no Series
 * field), so the classes can be found together in the catalogue.
 */
export function levelSpecs(d: SeriesDraft, levels: LevelDraft[]): ParsedSpec[] {
  return levels.map((level) => storedForm(d, level.title, level.items, d.series ?? d.title));
}

/** The choice posted with the confirmation: per level unless HR chose one class. */
export const seriesChoiceOf = (raw: string): SeriesChoice => (raw === 'one' ? 'one' : 'per-level');
