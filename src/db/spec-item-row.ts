import { type Category } from '../competency/category';
import { textOf, type Row } from './row';

/** The fields every measurement of an item needs, as a spec_items row joined to its key gives them. */
export interface ItemRowFields {
  itemId: number;
  category: Category;
  name: string | null;
  text: string;
  key: string;
  keyId: number;
  requiredLevel: number;
  requiredAtEntry: boolean;
  order: number;
}

/** The spec_items columns itemRowFields reads, selected from `spec_items as i`. */
export const ITEM_ROW_COLUMNS = ['i.id', 'i.category', 'i.name', 'i.text', 'i.required_level', 'i.required_at_entry', 'i.position'];

/**
 * Reads a spec_items row (`id`, `category`, `name`, `text`, `required_level`, `required_at_entry`,
 * `position`) with its key's slug and id under the column names the query chose for them.
 */
export function itemRowFields(r: Row, columns: { key: string; keyId: string }): ItemRowFields {
  return {
    itemId: Number(r.id),
    category: r.category as Category,
    name: (r.name as string | null) ?? null,
    text: textOf(r.text),
    key: textOf(r[columns.key]),
    keyId: Number(r[columns.keyId]),
    requiredLevel: Number(r.required_level),
    requiredAtEntry: Boolean(r.required_at_entry),
    order: Number(r.position),
  };
}
