import type { SpecItem } from '../class-specs/catalogue.service';
import { formatPercent } from '../competency/gap';

import type { StoredRating } from './assessments.repository';
import { CATEGORY_LABELS, QUALIFIER_LABELS, SCALE, levelLabel, EVIDENCE_MAX } from '../competency/scale';
import { fingerprint, type RawEntry } from './rating-input';
import { CATEGORY_ORDER, type Category } from '../competency/category';
import { dayOf } from '../core/dates';
import { TEXT } from './assessment-text';

// Turns items, stored ratings and (after a rejected post) the person's typed entries into what
// the form and the read-only view render. Pure.

export interface FormItem {
  id: number;
  name: string | null;
  text: string;
  qualifierLabel: string | null;
  requiredLevel: number;
  requiredLabel: string;
  requiredAtEntry: boolean;
  /** The level to show as checked (what was typed, else what is stored), as a string. */
  level: string | null;
  evidence: string;
  was: string;
  levelError?: string;
  evidenceError?: string;
  stored?: StoredRating;
  /** Last time's agreed level on a reassessment, shown for reference only. */
  previousLabel: string | null;
  /** The supervisor's comment on this item (shown on a returned draft and after review). */
  supervisorComment: string | null;
}

export interface FormSection {
  category: Category;
  label: string;
  items: FormItem[];
  rated: number;
  total: number;
}

export function buildSections(
  items: SpecItem[],
  ratings: Map<number, StoredRating>,
  overlay: Map<number, RawEntry> = new Map(),
  errors: Record<string, string> = {},
  previous: Map<number, number> = new Map(),
): { sections: FormSection[]; rated: number; total: number } {
  const sections: FormSection[] = [];
  for (const category of CATEGORY_ORDER) {
    const inCat = items.filter((i) => i.category === category);
    if (!inCat.length) continue;
    const formItems = inCat.map((i): FormItem => {
      const stored = ratings.get(i.id);
      const typed = overlay.get(i.id);
      return {
        id: i.id,
        name: i.name,
        text: i.text,
        qualifierLabel: i.qualifier ? QUALIFIER_LABELS[i.qualifier] : null,
        requiredLevel: i.requiredLevel,
        requiredLabel: levelLabel(i.requiredLevel),
        requiredAtEntry: i.requiredAtEntry,
        level: typed?.level ?? (stored?.selfLevel == null ? null : String(stored.selfLevel)),
        evidence: typed?.evidence ?? stored?.evidence ?? '',
        was: fingerprint(stored?.selfLevel, stored?.evidence),
        levelError: errors[`item-${i.id}`],
        evidenceError: errors[`evidence-${i.id}`],
        stored,
        previousLabel: previous.has(i.id) ? levelLabel(previous.get(i.id)) : null,
        supervisorComment: stored?.supervisorComment ?? null,
      };
    });
    sections.push({
      category,
      label: CATEGORY_LABELS[category],
      items: formItems,
      // The levels the form shows (after a refused save, what was typed): as the script counts checked levels.
      rated: formItems.filter((f) => f.level !== null && /^[0-5]$/.test(f.level.trim())).length,
      total: formItems.length,
    });
  }
  return { sections, rated: sections.reduce((s, x) => s + x.rated, 0), total: items.length };
}

export interface ErrorGroup {
  text: string;
  links: { href: string; label: string }[];
}

/**
 * The error summary, one line per kind of problem (no level, a bad level, evidence too long) with a
 * link to each item, instead of one line per item: 40 unrated items read as one problem.
 */
export function errorGroups(errors: Record<string, string>, sections: FormSection[]): ErrorGroup[] {
  const kinds: Record<'missing' | 'bad' | 'evidence', ErrorGroup['links']> = { missing: [], bad: [], evidence: [] };
  for (const it of sections.flatMap((s) => s.items)) {
    const label = it.name ?? it.text;
    if (it.levelError) (it.level === null || it.level.trim() === '' ? kinds.missing : kinds.bad).push({ href: `#item-${it.id}`, label });
    if (it.evidenceError) kinds.evidence.push({ href: `#evidence-${it.id}`, label });
  }
  const known = new Set(sections.flatMap((s) => s.items.flatMap((it) => [`item-${it.id}`, `evidence-${it.id}`])));
  const groups: ErrorGroup[] = [];
  if (kinds.missing.length) groups.push({ text: TEXT.groupMissing(kinds.missing.length), links: kinds.missing });
  if (kinds.bad.length) groups.push({ text: TEXT.groupBadLevel(kinds.bad.length), links: kinds.bad });
  if (kinds.evidence.length) groups.push({ text: TEXT.groupEvidence(kinds.evidence.length), links: kinds.evidence });
  // Anything else (not tied to an item) keeps its own line.
  for (const [key, message] of Object.entries(errors))
    if (!known.has(key)) groups.push({ text: message, links: [{ href: `#${key}`, label: message }] });
  return groups;
}

/** YYYY-MM-DD (UTC) or an empty string. */
export const day = dayOf;

export function percent(n: number | null): string {
  return n == null ? '' : formatPercent(n);
}

export const STATUS_LABELS = { draft: 'Draft', submitted: 'Submitted', reviewed: 'Reviewed' } as const;

export const viewHelpers = {
  SCALE,
  levelLabel,
  EVIDENCE_MAX,
  day,
  percent,
  STATUS_LABELS,
  CATEGORY_LABELS,
  SELF_RATED_READINESS: TEXT.selfRatedReadiness,
};
