import { CATEGORY_LABELS, QUALIFIER_LABELS, SCALE, levelLabel } from '../competency/scale';
import { TEXT } from './class-specs.text';
import { CATEGORY_ORDER } from '../competency/category';
import { dayOf } from '../core/dates';

/** Shared by every class-spec view: labels and helpers for categories, qualifiers, levels and dates. */
export const VIEW_HELPERS = {
  CATEGORY_LABELS,
  CATEGORY_ORDER,
  QUALIFIER_LABELS,
  SCALE,
  levelLabel,
  TEXT,
  CATEGORY_SINGULAR: { knowledge: 'Knowledge', skill: 'Skill', ability: 'Ability', competency: 'Competency' },
  day: dayOf,
};
