import { CATEGORY_ORDER, type Category } from '../competency/category';
// Class-to-class comparison: what changes when moving from one class to another. Items meet on
// their competency key (so JUDGEMENT and JUDGMENT AND DECISION MAKING are one item). Pure.

export interface CompareItem {
  keyId: number;
  category: Category;
  name: string | null;
  text: string;
  requiredLevel: number;
  requiredAtEntry: boolean;
  position: number;
}

export interface ItemPair {
  keyId: number;
  from: CompareItem;
  to: CompareItem;
  change: number;
}

export interface Comparison {
  onlyInTarget: CompareItem[];
  onlyInSource: CompareItem[];
  rises: ItemPair[];
  falls: ItemPair[];
  /** Shared items "required at entry" in one class but not the other. */
  entryChanges: ItemPair[];
  /** Shared items with the same required level and the same entry requirement. */
  unchanged: ItemPair[];
}

function rank(c: Category): number {
  const r = CATEGORY_ORDER.indexOf(c);
  return r === -1 ? CATEGORY_ORDER.length : r;
}

const byCatalogue = (a: CompareItem, b: CompareItem) => rank(a.category) - rank(b.category) || a.position - b.position;
const pairOrder = (a: ItemPair, b: ItemPair) => byCatalogue(a.to, b.to);

function byKey(items: CompareItem[]): Map<number, CompareItem[]> {
  const m = new Map<number, CompareItem[]>();
  for (const it of [...items].sort(byCatalogue)) m.set(it.keyId, [...(m.get(it.keyId) ?? []), it]);
  return m;
}

export function compareClasses(source: CompareItem[], target: CompareItem[]): Comparison {
  const src = byKey(source);
  const tgt = byKey(target);
  const out: Comparison = { onlyInTarget: [], onlyInSource: [], rises: [], falls: [], entryChanges: [], unchanged: [] };

  for (const [keyId, toItems] of tgt) {
    const fromItems = src.get(keyId) ?? [];
    // A key used twice in one class pairs in document order; the rest is "only in" that class.
    toItems.forEach((to, i) => {
      const from = fromItems[i];
      if (!from) return out.onlyInTarget.push(to);
      const pair: ItemPair = { keyId, from, to, change: to.requiredLevel - from.requiredLevel };
      if (pair.change > 0) out.rises.push(pair);
      if (pair.change < 0) out.falls.push(pair);
      if (from.requiredAtEntry !== to.requiredAtEntry) out.entryChanges.push(pair);
      if (pair.change === 0 && from.requiredAtEntry === to.requiredAtEntry) out.unchanged.push(pair);
    });
    out.onlyInSource.push(...fromItems.slice(toItems.length));
  }
  for (const [keyId, fromItems] of src) if (!tgt.has(keyId)) out.onlyInSource.push(...fromItems);

  out.onlyInTarget.sort(byCatalogue);
  out.onlyInSource.sort(byCatalogue);
  out.rises.sort((a, b) => b.change - a.change || pairOrder(a, b));
  out.falls.sort((a, b) => a.change - b.change || pairOrder(a, b));
  out.entryChanges.sort(pairOrder);
  out.unchanged.sort(pairOrder);
  return out;
}
