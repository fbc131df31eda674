// The correctable preview of an import: the read spec as HR fixes it before confirming (title,
// header fields, items' text, category, name, level and entry; delete, add, split, merge, move).
// Pure: form values in, a new draft or a ValidationError with a message per field out.
import { CATEGORY_ORDER, type Category } from '../competency/category';
import { competencyKey } from '../competency/competency-key';
import { ValidationError } from '../errors';
import type { ParsedItem, ParsedSpec, ReadSpec } from './parser/types';
import { TEXT } from './class-specs.text';
import { seriesSources, storedForm } from './spec-series-draft';

export interface DraftSpec extends ReadSpec {
  /** Edits made on the preview, counted by kind (header, item, delete, add, split, merge, move, title). */
  corrections: Record<string, number>;
  /** Bumped by every edit; each form carries the revision it was drawn from, so an edit from a stale page is refused. */
  revision: number;
  /**
   * Series specs only (see spec-series-draft.ts): for each item, the positions in the parser's item
   * list it came from — one for an item as read or edited, several for a merge, none for an added
   * item. Kept through every edit so that a per-level import can carry corrections to each level.
   */
  origins?: number[][];
  /** Series specs only: for each of `levels`, the positions in the parser's item list it holds. */
  levelSources?: number[][];
}

export const HEADER_FIELDS = ['title', 'code', 'family', 'service', 'group', 'series'] as const;
type HeaderField = (typeof HEADER_FIELDS)[number];
const HEADER_MAX: Record<HeaderField, number> = { title: 300, code: 40, family: 200, service: 200, group: 200, series: 200 };
const TEXT_MAX = 2000;
const NAME_MAX = 300;

export type DraftEdit =
  | { kind: 'header'; values: Record<string, string> }
  | { kind: 'item'; index: number; values: Record<string, string> }
  | { kind: 'add'; values: Record<string, string> }
  | { kind: 'delete'; index: number }
  | { kind: 'split'; index: number; parts: string }
  | { kind: 'merge'; index: number }
  | { kind: 'move'; index: number; direction: string };

/** A pending payload of any age as a draft (previews stored before drafts had no sections or counters). */
export function draftOf(spec: ReadSpec | ParsedSpec | DraftSpec): DraftSpec {
  const d = spec as Partial<DraftSpec> & ParsedSpec;
  const draft: DraftSpec = {
    ...d,
    layout: d.layout ?? 'chicago',
    sections: d.sections ?? [],
    corrections: d.corrections ?? {},
    revision: d.revision ?? 0,
  };
  // A fresh series parse: where each item and each level's statements come from. A preview edited
  // before these were kept has none, and is imported as one class.
  return draft.levels?.length && !draft.origins && draft.revision === 0 ? { ...draft, ...seriesSources(draft) } : draft;
}

/** How many edits were made on the preview. */
export const correctionCount = (d: DraftSpec) => Object.values(d.corrections).reduce((a, b) => a + b, 0);

/** The spec to store, once it has a title. */
export function storableSpec(d: DraftSpec): ParsedSpec | null {
  return d.title ? storedForm(d, d.title, d.items) : null;
}

const clean = (s: string | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
const withKey = (i: Omit<ParsedItem, 'key'>): ParsedItem => ({ ...i, key: competencyKey(i.category, i.name, i.text) });

/** The title a confirmation supplies when the document had none: required, like the header's. */
export function readTitle(raw: string, field: string): string {
  const title = clean(raw);
  if (!title) throw new ValidationError({ [field]: TEXT.titleMissing });
  if (title.length > HEADER_MAX.title) throw new ValidationError({ [field]: TEXT.tooLong(HEADER_MAX.title) });
  return title;
}

function readHeader(values: Record<string, string>): Pick<ReadSpec, HeaderField> {
  const errors: Record<string, string> = {};
  const out = {} as Pick<ReadSpec, HeaderField>;
  for (const f of HEADER_FIELDS) {
    const v = clean(values[f]);
    if (v.length > HEADER_MAX[f]) errors[f] = TEXT.tooLong(HEADER_MAX[f]);
    out[f] = v || null;
  }
  if (!out.title) errors.title = TEXT.titleMissing;
  if (Object.keys(errors).length) throw new ValidationError(errors);
  return out;
}

/** An item's form (edit: ids item-N-…, add: ids add-…): every field checked, a message per field. */
function readItem(values: Record<string, string>, prefix: string, old: ParsedItem | null): ParsedItem {
  const errors: Record<string, string> = {};
  const text = clean(values.text);
  const name = clean(values.name) || null;
  const category = values.category as Category;
  const levelRaw = (values.level ?? '').trim();
  if (!text) errors[`${prefix}text`] = TEXT.itemTextMissing;
  else if (text.length > TEXT_MAX) errors[`${prefix}text`] = TEXT.tooLong(TEXT_MAX);
  if (name && name.length > NAME_MAX) errors[`${prefix}name`] = TEXT.tooLong(NAME_MAX);
  if (!CATEGORY_ORDER.includes(category)) errors[`${prefix}category`] = TEXT.categoryInvalid;
  if (!/^[0-5]$/.test(levelRaw)) errors[`${prefix}level`] = TEXT.levelInvalid;
  if (Object.keys(errors).length) throw new ValidationError(errors);
  return withKey({
    category,
    name,
    text,
    // "Comprehensive/considerable/moderate knowledge of" only qualifies knowledge.
    qualifier: category === 'knowledge' ? (old?.qualifier ?? null) : null,
    requiredLevel: Number(levelRaw),
    requiredAtEntry: values.entry === '1',
  });
}

function itemAt(d: DraftSpec, index: number): ParsedItem {
  const item = Number.isInteger(index) ? d.items[index] : undefined;
  if (!item) throw new ValidationError({}, TEXT.itemGone);
  return item;
}

/** The draft after one edit (a new object; the input is not changed). */
export function applyEdit(draft: DraftSpec, edit: DraftEdit): DraftSpec {
  const items = [...draft.items];
  // Follows every change of `items`, position for position (absent for a single-level spec).
  const origins = draft.origins ? [...draft.origins] : undefined;
  let header: Partial<ReadSpec> = {};
  switch (edit.kind) {
    case 'header':
      header = readHeader(edit.values);
      break;
    case 'item':
      items[edit.index] = readItem(edit.values, `item-${edit.index}-`, itemAt(draft, edit.index));
      break;
    case 'add':
      items.push(readItem(edit.values, 'add-', null));
      origins?.push([]);
      break;
    case 'delete':
      itemAt(draft, edit.index);
      items.splice(edit.index, 1);
      origins?.splice(edit.index, 1);
      break;
    case 'split': {
      const item = itemAt(draft, edit.index);
      const parts = edit.parts
        .split(/\r?\n/)
        .map((p) => clean(p))
        .filter(Boolean);
      const field = `split-${edit.index}`;
      if (parts.length < 2) throw new ValidationError({ [field]: TEXT.splitNeedsBreak });
      if (parts.some((p) => p.length > TEXT_MAX)) throw new ValidationError({ [field]: TEXT.tooLong(TEXT_MAX) });
      // The first part keeps the item's name; the others are unnamed statements of the same kind.
      items.splice(edit.index, 1, ...parts.map((text, k) => withKey({ ...item, name: k === 0 ? item.name : null, text })));
      origins?.splice(edit.index, 1, ...parts.map(() => [...(draft.origins?.[edit.index] ?? [])]));
      break;
    }
    case 'merge': {
      const item = itemAt(draft, edit.index);
      const next = items[edit.index + 1];
      if (!next) throw new ValidationError({}, TEXT.mergeLast);
      const text = `${item.text} ${next.text}`;
      if (text.length > TEXT_MAX) throw new ValidationError({}, TEXT.mergeTooLong(TEXT_MAX));
      items.splice(edit.index, 2, withKey({ ...item, text, requiredAtEntry: item.requiredAtEntry || next.requiredAtEntry }));
      origins?.splice(edit.index, 2, [...new Set([...(origins[edit.index] ?? []), ...(origins[edit.index + 1] ?? [])])]);
      break;
    }
    case 'move': {
      itemAt(draft, edit.index);
      const to = edit.direction === 'up' ? edit.index - 1 : edit.direction === 'down' ? edit.index + 1 : -1;
      if (to < 0 || to >= items.length) throw new ValidationError({}, TEXT.moveNowhere);
      [items[edit.index], items[to]] = [items[to], items[edit.index]];
      if (origins) [origins[edit.index], origins[to]] = [origins[to], origins[edit.index]];
      break;
    }
  }
  return {
    ...draft,
    ...header,
    items,
    ...(origins ? { origins } : {}),
    corrections: { ...draft.corrections, [edit.kind]: (draft.corrections[edit.kind] ?? 0) + 1 },
    revision: draft.revision + 1,
  };
}
