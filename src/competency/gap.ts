// The one gap computation behind every report, page and export (PRODUCT.md "Gap computation").
// Pure: callers load the items and ratings, this turns them into figures, so numbers agree everywhere.

import { CATEGORY_ORDER, type Category } from './category';

export interface GapItemInput {
  itemId: number;
  category: Category;
  name: string | null;
  text: string;
  key: string;
  requiredLevel: number;
  requiredAtEntry: boolean;
  order: number;
  selfLevel: number | null;
  supervisorLevel: number | null;
}

export interface GapItemResult extends GapItemInput {
  level: number | null;
  gap: number | null;
  weight: 1 | 2;
  priority: number | null;
  met: boolean;
  calibration: 'blind-spot' | 'hidden-strength' | null;
}

export interface CategorySummary {
  category: Category;
  items: number;
  met: number;
  unrated: number;
  readiness: number | null;
  meanGap: number | null;
}

export interface GapReport {
  items: GapItemResult[];
  readiness: number;
  coverage: number;
  totalItems: number;
  metItems: number;
  unratedItems: number;
  categories: CategorySummary[];
  priorities: GapItemResult[];
  calibration: GapItemResult[];
  unrated: GapItemResult[];
}

// A self/supervisor difference this large is worth a conversation; 1 point is ordinary noise.
const CALIBRATION_THRESHOLD = 2;

/**
 * One decimal, half away from zero. Multiplying by 10 exposes binary float error
 * (1.45 * 10 = 14.499999999999998), so the product is snapped to 12 significant digits first.
 */
export function roundOne(n: number): number {
  if (!Number.isFinite(n)) return n;
  const scaled = Number((Math.abs(n) * 10).toPrecision(12));
  const rounded = (Math.sign(n) * Math.round(scaled)) / 10;
  return rounded === 0 ? 0 : rounded; // no -0 in reports
}

/** How every page, chart and PDF prints a readiness or coverage figure: one decimal, "20.0%". */
export function formatPercent(n: number): string {
  return `${n.toFixed(1)}%`;
}

function percent(part: number, whole: number): number {
  return roundOne((part / whole) * 100);
}

function categoryRank(category: Category): number {
  const rank = CATEGORY_ORDER.indexOf(category);
  return rank === -1 ? CATEGORY_ORDER.length : rank;
}

// Catalogue order: the order people rated in and read the class spec in.
function byCatalogueOrder(a: GapItemInput, b: GapItemInput): number {
  return categoryRank(a.category) - categoryRank(b.category) || a.order - b.order || a.itemId - b.itemId;
}

function byPriority(a: GapItemResult, b: GapItemResult): number {
  return (b.priority ?? 0) - (a.priority ?? 0) || (b.gap ?? 0) - (a.gap ?? 0) || byCatalogueOrder(a, b);
}

/**
 * The level-and-gap rule, the only place it is written: every report, the stored per-item results
 * and the training-need totals get an item's level and gap from here (through computeGap).
 * A reviewed assessment is judged on the supervisor's view; a missing supervisor rating falls back
 * to the employee's own rather than leaving the item unrated. Exceeding the requirement is no
 * negative gap: a surplus on one item does not offset a shortfall on another.
 */
export function levelAndGap(
  item: Pick<GapItemInput, 'requiredLevel' | 'selfLevel' | 'supervisorLevel'>,
  reviewed: boolean,
): { level: number | null; gap: number | null } {
  const level = reviewed ? (item.supervisorLevel ?? item.selfLevel) : item.selfLevel;
  return { level, gap: level === null ? null : Math.max(0, item.requiredLevel - level) };
}

function assess(item: GapItemInput, reviewed: boolean): GapItemResult {
  const { level, gap } = levelAndGap(item, reviewed);
  const weight: 1 | 2 = item.requiredAtEntry ? 2 : 1;
  const priority = gap === null ? null : gap * weight;

  let calibration: GapItemResult['calibration'] = null;
  if (item.selfLevel !== null && item.supervisorLevel !== null) {
    const diff = item.selfLevel - item.supervisorLevel;
    if (diff >= CALIBRATION_THRESHOLD) calibration = 'blind-spot';
    else if (diff <= -CALIBRATION_THRESHOLD) calibration = 'hidden-strength';
  }

  // Object.assign, not object spread: the same own fields, but spread of these item objects
  // measured ~30 times slower on Node 20 and dominated the team view's CPU time.
  return Object.assign({}, item, { level, gap, weight, priority, met: level !== null && level >= item.requiredLevel, calibration });
}

function summarise(category: Category, items: GapItemResult[]): CategorySummary {
  const rated = items.filter((i) => i.gap !== null);
  const met = items.filter((i) => i.met).length;
  return {
    category,
    items: items.length,
    met,
    unrated: items.length - rated.length,
    readiness: items.length === 0 ? null : percent(met, items.length),
    meanGap: rated.length === 0 ? null : roundOne(rated.reduce((sum, i) => sum + (i.gap ?? 0), 0) / rated.length),
  };
}

export function computeGap(items: GapItemInput[], opts: { reviewed: boolean }): GapReport {
  const results = [...items].sort(byCatalogueOrder).map((item) => assess(item, opts.reviewed));

  const metItems = results.filter((i) => i.met).length;
  const unrated = results.filter((i) => i.level === null);
  const requiredSum = results.reduce((sum, i) => sum + i.requiredLevel, 0);
  const creditSum = results.reduce((sum, i) => sum + (i.level === null ? 0 : Math.min(i.level, i.requiredLevel)), 0);

  let coverage: number;
  if (results.length === 0) coverage = 0;
  else if (requiredSum === 0)
    coverage = 100; // nothing is required, so nothing is missing
  else coverage = percent(creditSum, requiredSum);

  return {
    items: results,
    readiness: results.length === 0 ? 0 : percent(metItems, results.length),
    coverage,
    totalItems: results.length,
    metItems,
    unratedItems: unrated.length,
    categories: CATEGORY_ORDER.map((c) =>
      summarise(
        c,
        results.filter((i) => i.category === c),
      ),
    ),
    priorities: results.filter((i) => i.gap !== null && i.gap > 0).sort(byPriority),
    calibration: results.filter((i) => i.calibration !== null),
    unrated,
  };
}
