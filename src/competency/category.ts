/** The four kinds of ratable statement in a class spec (PRODUCT.md), in report order. */
export type Category = 'knowledge' | 'skill' | 'ability' | 'competency';

export const CATEGORY_ORDER: readonly Category[] = ['knowledge', 'skill', 'ability', 'competency'];
