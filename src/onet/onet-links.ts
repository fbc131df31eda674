// Which O*NET element each skill/ability key links to. Pure: the service loads keys, the mapping
// file and the elements, this decides; only differences are written, so re-running changes nothing.
import { slugWords } from '../competency/competency-key';
import type { OnetElement, OnetLinkRow } from './onet-tsv';

export type LinkStatus = 'confirmed' | 'auto' | 'admin' | 'none' | 'review';

export interface LinkableKey {
  id: number;
  key: string;
  label: string;
  category: string;
  elementId: string | null;
  status: LinkStatus | null;
}

export interface LinkChange {
  id: number;
  elementId: string | null;
  status: LinkStatus;
}

export const LINKABLE_CATEGORIES = ['skill', 'ability'];
/** An administrator's decision (a chosen element, or "none") is never overwritten by the file. */
const ADMIN_STATUSES: (LinkStatus | null)[] = ['admin', 'none'];

// Abilities live under 1.A, skills under 2.A/2.B: the only parts of the content model with level
// anchors. An exact-name match elsewhere (e.g. the knowledge area "Mathematics") is not a match.
const PREFIXES: Record<string, string[]> = { ability: ['1.A.'], skill: ['2.A.', '2.B.'] };

/** Case-, punctuation- and spelling-variant-insensitive form (JUDGEMENT = JUDGMENT). */
export function normaliseName(s: string): string {
  return slugWords(s.replace(/--[a-z]+$/, '')).join('-');
}

export function planLinks(
  keys: LinkableKey[],
  mapping: OnetLinkRow[],
  elements: Pick<OnetElement, 'elementId' | 'name'>[],
): { changes: LinkChange[]; unknownMappings: OnetLinkRow[] } {
  const known = new Set(elements.map((e) => e.elementId));
  const unknownMappings = mapping.filter((m) => !known.has(m.elementId));
  const byName = new Map<string, string>();
  for (const m of mapping) if (known.has(m.elementId)) byName.set(normaliseName(m.keyOrName), m.elementId);

  const changes: LinkChange[] = [];
  for (const k of keys) {
    if (!LINKABLE_CATEGORIES.includes(k.category) || ADMIN_STATUSES.includes(k.status)) continue;
    const want = decide(k, byName, elements);
    if (want.elementId !== k.elementId || want.status !== k.status) changes.push({ id: k.id, ...want });
  }
  return { changes, unknownMappings };
}

function decide(
  k: LinkableKey,
  byName: Map<string, string>,
  elements: Pick<OnetElement, 'elementId' | 'name'>[],
): { elementId: string | null; status: LinkStatus } {
  const mapped = byName.get(normaliseName(k.key)) ?? byName.get(normaliseName(k.label));
  if (mapped) return { elementId: mapped, status: 'confirmed' };
  const label = normaliseName(k.label);
  const prefixes = PREFIXES[k.category] ?? [];
  const exact = elements.filter((e) => normaliseName(e.name) === label && prefixes.some((p) => e.elementId.startsWith(p)));
  if (exact.length === 1) return { elementId: exact[0].elementId, status: 'auto' };
  return { elementId: null, status: 'review' };
}
