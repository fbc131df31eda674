// Turns stored audit details (JSON) into one short, readable line. Pure; the view escapes it.
import { AUDIT_TEXT, ITEM_KIND } from './audit.text';

const MAX = 300;
const ITEM_TEXT_MAX = 80;

/** A class-spec statement as an entry names it: its catalogue wording, never a rating of it. */
export interface AuditItem {
  category: string;
  name: string | null;
  text: string;
}

/** "ACTIVE LEARNING (skill)", or the knowledge statement's words (shortened) when it has no name. */
export function itemLabel(item: AuditItem): string {
  const words = item.name ?? (item.text.length > ITEM_TEXT_MAX ? `${item.text.slice(0, ITEM_TEXT_MAX - 1)}…` : item.text);
  return `${words} (${ITEM_KIND[item.category] ?? item.category})`;
}

/** The statement ids named by `itemId` in stored details, so that the page can look them up. */
export function itemIdsIn(details: string | null): number[] {
  if (!details) return [];
  try {
    const parsed = JSON.parse(details) as unknown;
    const id = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>).itemId : undefined;
    return typeof id === 'number' && Number.isInteger(id) ? [id] : [];
  } catch {
    return [];
  }
}

function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '(empty)';
  if (Array.isArray(value)) return value.length ? value.map(show).join(', ') : '(none)';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value); // an object: parsed JSON holds nothing else
}

/**
 * `items` are the statements the page looked up: an `itemId` found there is shown as the
 * statement (category and name or words) rather than as a database id.
 */
export function summariseDetails(details: string | null, max = MAX, items: ReadonlyMap<number, AuditItem> = new Map()): string {
  if (!details) return '';
  let parsed: unknown;
  try {
    parsed = JSON.parse(details);
  } catch {
    return details.slice(0, max);
  }
  let text: string;
  if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
    const obj = parsed as Record<string, unknown>;
    const changes = obj.changes;
    if (changes && typeof changes === 'object' && !Array.isArray(changes)) {
      text = Object.entries(changes as Record<string, { from?: unknown; to?: unknown }>)
        .map(([k, v]) => `${k}: ${show(v?.from)} → ${show(v?.to)}`)
        .join('; ');
    } else if ('from' in obj && 'to' in obj && Object.keys(obj).length === 2) {
      text = `${show(obj.from)} → ${show(obj.to)}`;
    } else {
      text = Object.entries(obj)
        .map(([k, v]) => {
          const item = k === 'itemId' && typeof v === 'number' ? items.get(v) : undefined;
          return item ? `${AUDIT_TEXT.item}: ${itemLabel(item)}` : `${k}: ${show(v)}`;
        })
        .join('; ');
    }
  } else {
    text = show(parsed);
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
