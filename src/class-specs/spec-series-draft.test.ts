import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { htmlToText } from './parser/spec-html';
import { readClassSpec } from './parser/spec-read';
import { applyEdit, draftOf, type DraftSpec } from './spec-draft';
import { duplicateLevelTitle, levelSpecs, seriesChoiceOf, seriesLevels } from './spec-series-draft';

const CALHR = path.resolve(__dirname, '../../test/fixtures/class-specs/state-of-california-calhr');
function read(name: string) {
  const html = htmlToText(fs.readFileSync(path.join(CALHR, name), 'utf8'));
  return readClassSpec(html.text, { title: html.title });
}
const personnel = () => draftOf(read('personnel-specialist-series-1303.html'));
const texts = (d: DraftSpec) => seriesLevels(d)!.map((l) => l.items.map((i) => i.text));
const item = (d: DraftSpec, k: number) => ({
  text: d.items[k].text,
  name: d.items[k].name ?? '',
  category: d.items[k].category,
  level: String(d.items[k].requiredLevel),
  entry: d.items[k].requiredAtEntry ? '1' : '',
});

describe('a series in the import preview', () => {
  it("holds, per level and before any correction, the parser's statements of that level", () => {
    const parsed = read('personnel-specialist-series-1303.html');
    const levels = seriesLevels(draftOf(parsed))!;
    expect(levels.map((l) => l.title)).toEqual(parsed.levels!.map((l) => l.title));
    levels.forEach((l, n) => {
      const own = parsed.levels![n].items.map((i) => `${i.category}:${i.key}`);
      expect(l.items.map((i) => `${i.category}:${i.key}`).sort()).toEqual([...own].sort());
    });
  });

  it('is no series for a single-level spec, or for a preview corrected before origins were kept', () => {
    const parsed = read('staff-services-analyst-general-5157.html');
    expect(seriesLevels(draftOf(parsed))).toBeNull();
    const old = { ...personnel(), origins: undefined, levelSources: undefined, revision: 3 };
    expect(seriesLevels(draftOf(old))).toBeNull();
  });

  it('carries an edit of a shared statement to every level and a deletion of a top-level one to the top level only', () => {
    const d = personnel();
    const [low, high] = texts(d);
    const shared = d.items.findIndex((i) => i.text === low[0]);
    const topOnly = d.items.findIndex((i) => !low.includes(i.text));
    let e = applyEdit(d, { kind: 'item', index: shared, values: { ...item(d, shared), text: 'Current office methods (corrected)' } });
    e = applyEdit(e, { kind: 'delete', index: topOnly });
    const [low2, high2] = texts(e);
    expect(low2).toHaveLength(low.length);
    expect(high2).toHaveLength(high.length - 1);
    for (const l of [low2, high2]) {
      expect(l).toContain('Current office methods (corrected)');
      expect(l).not.toContain(low[0]);
    }
  });

  it('gives every part of a split statement to the levels that held it, a merge to the levels of either, an added one to every level', () => {
    const d = personnel();
    const [low, high] = texts(d);
    const shared = d.items.findIndex((i) => i.text === low[1]);
    let e = applyEdit(d, { kind: 'split', index: shared, parts: 'first half\nsecond half' });
    expect(texts(e)[0]).toEqual(expect.arrayContaining(['first half', 'second half']));
    expect(texts(e)[0]).toHaveLength(low.length + 1);
    // Merge the last shared-by-all statement with a top-level one that follows it in the list.
    const lastLow = Math.max(...e.items.map((i, k) => (texts(e)[0].includes(i.text) ? k : -1)));
    e = applyEdit(e, { kind: 'merge', index: lastLow });
    e = applyEdit(e, { kind: 'add', values: { text: 'Added statement', name: '', category: 'ability', level: '2', entry: '' } });
    e = applyEdit(e, { kind: 'move', index: 0, direction: 'down' });
    const [low3, high3] = texts(e);
    expect(low3).toContain('Added statement');
    expect(high3).toContain('Added statement');
    // The merged statement is in both levels (it holds a statement of each).
    const merged = e.items[lastLow].text;
    expect(low3).toContain(merged);
    expect(high3).toContain(merged);
    // Split +1 in both; the merge joins two of the top level's statements (one in the lower level); the addition +1.
    expect(low3).toHaveLength(low.length + 2);
    expect(high3).toHaveLength(high.length + 1);
    expect(e.origins).toHaveLength(e.items.length);
  });

  it("makes one spec per level with the level's title and the series' header fields", () => {
    const d = { ...personnel(), code: '1303', family: 'Personnel' };
    const specs = levelSpecs(d, seriesLevels(d)!);
    expect(specs.map((s) => [s.title, s.code, s.family, s.series, s.items.length])).toEqual([
      ['Senior Personnel Specialist', '1303', 'Personnel', 'Personnel Specialist Series', 18],
      ['Personnel Supervisor I and Above', '1303', 'Personnel', 'Personnel Specialist Series', 24],
    ]);
    expect(levelSpecs({ ...d, series: 'Personnel' }, seriesLevels(d)!)[0].series).toBe('Personnel');
  });

  it('finds a level title given twice, and reads the choice (per level unless "one")', () => {
    expect(
      duplicateLevelTitle([
        { title: 'Analyst I', items: [] },
        { title: 'analyst  i', items: [] },
      ]),
    ).toBe('analyst  i');
    expect(
      duplicateLevelTitle([
        { title: 'Analyst I', items: [] },
        { title: 'Analyst II', items: [] },
      ]),
    ).toBeNull();
    expect([seriesChoiceOf('one'), seriesChoiceOf('per-level'), seriesChoiceOf(''), seriesChoiceOf('x')]).toEqual([
      'one',
      'per-level',
      'per-level',
      'per-level',
    ]);
  });
});
