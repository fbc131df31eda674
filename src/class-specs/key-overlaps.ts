import { type Category } from '../competency/category';
import { sameWording, slugWords } from '../competency/competency-key';
// Keys whose names agree but sit under different categories: the cases an administrator should
// look at and may merge (see sameWording for what a key means across categories). Pure.

export interface OverlapKey {
  id: number;
  label: string;
  category: Category;
  itemCount: number;
  classCount: number;
}

export interface Overlap<K extends OverlapKey = OverlapKey> {
  /** The name as written on the key that would be kept. */
  name: string;
  /** The key the others merge into: the most used one, then the oldest. */
  keep: K;
  others: K[];
  /** Every other key shares a definition with the kept one (an import after this change would have joined them). */
  definitionsAgree: boolean;
}

/** Groups of two or more keys with the same name under at least two categories, most used first. */
export function groupSameName<K extends OverlapKey>(keys: K[]): K[][] {
  const byName = new Map<string, K[]>();
  for (const k of keys) {
    const name = slugWords(k.label).join(' ');
    if (name === '') continue;
    byName.set(name, [...(byName.get(name) ?? []), k]);
  }
  const used = (g: K[]) => g.reduce((n, k) => n + k.classCount, 0);
  return [...byName.values()]
    .filter((g) => new Set(g.map((k) => k.category)).size > 1)
    .map((g) => [...g].sort(keepOrder))
    .sort((a, b) => used(b) - used(a) || a[0].label.localeCompare(b[0].label));
}

function keepOrder(a: OverlapKey, b: OverlapKey): number {
  return b.classCount - a.classCount || b.itemCount - a.itemCount || a.id - b.id;
}

/** One group described: which key is kept and whether the definitions agree. */
export function describeOverlap<K extends OverlapKey>(group: K[], definitions: ReadonlyMap<number, string[]>): Overlap<K> {
  const [keep, ...others] = [...group].sort(keepOrder);
  const kept = definitions.get(keep.id) ?? [];
  const definitionsAgree = others.every((k) => (definitions.get(k.id) ?? []).some((d) => kept.some((e) => sameWording(d, e))));
  return { name: keep.label, keep, others, definitionsAgree };
}
