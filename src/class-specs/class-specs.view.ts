import { CATEGORY_LABELS, QUALIFIER_LABELS, SCALE, levelLabel } from '../assessments/scale';
import { CATEGORY_ORDER } from '../reports/gap';
import { TEXT } from './class-specs.text';

/** Shared by every class-spec view: labels and helpers for categories, qualifiers, levels and dates. */
export const VIEW_HELPERS = {
  CATEGORY_LABELS,
  CATEGORY_ORDER,
  QUALIFIER_LABELS,
  SCALE,
  levelLabel,
  TEXT,
  day: (iso: string | null) => (iso ? iso.slice(0, 10) : ''),
};
