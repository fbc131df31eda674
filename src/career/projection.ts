// Career readiness projects what is already known about a person onto any class: the latest
// level per competency key, from every submitted or reviewed assessment, becomes the rating of
// each item sharing that key. Pure; computeGap turns the projection into figures.
import type { GapItemInput } from '../competency/gap';
import type { CompareItem } from './compare';

/** One stored rating of one item in a submitted or reviewed assessment. */
export interface RatingRecord {
  keyId: number;
  assessmentId: number;
  classSpecId: number;
  classTitle: string;
  reviewed: boolean;
  selfLevel: number | null;
  supervisorLevel: number | null;
  /** ISO time the assessment was reviewed (if reviewed) or submitted. */
  assessedAt: string;
}

/** The level we know for a key and where it comes from. */
export interface KnownLevel {
  keyId: number;
  level: number;
  source: 'supervisor' | 'self';
  assessmentId: number;
  classSpecId: number;
  classTitle: string;
  assessedAt: string;
}

/** The item fields the projection needs (SpecItem from the catalogue fits). */
export interface ProjectableItem extends CompareItem {
  id: number;
  key: string;
}

function isNewer(a: { assessedAt: string; assessmentId: number }, b: { assessedAt: string; assessmentId: number }): boolean {
  const ta = Date.parse(a.assessedAt);
  const tb = Date.parse(b.assessedAt);
  return ta !== tb ? ta > tb : a.assessmentId > b.assessmentId;
}

/**
 * Latest level per key. The level of a rating follows the gap rule: the supervisor's level once
 * reviewed (else the employee's own). A rating without any level tells nothing and is skipped.
 */
export function latestLevels(records: RatingRecord[]): Map<number, KnownLevel> {
  const out = new Map<number, KnownLevel>();
  for (const r of records) {
    const useSupervisor = r.reviewed && r.supervisorLevel !== null;
    const level = useSupervisor ? r.supervisorLevel : r.selfLevel;
    if (level === null) continue;
    const candidate: KnownLevel = {
      keyId: r.keyId,
      level,
      source: useSupervisor ? 'supervisor' : 'self',
      assessmentId: r.assessmentId,
      classSpecId: r.classSpecId,
      classTitle: r.classTitle,
      assessedAt: r.assessedAt,
    };
    const current = out.get(r.keyId);
    if (!current || isNewer(candidate, current)) out.set(r.keyId, candidate);
  }
  return out;
}

/**
 * The class's items as gap input with the known levels as self levels. Items whose key was never
 * rated stay unrated (selfLevel null): computeGap lists them as unrated, never as a gap of 0 or
 * of the full required level. Compute with `{ reviewed: false }`: the level is already chosen.
 */
export function projectClass(items: ProjectableItem[], known: Map<number, KnownLevel>): GapItemInput[] {
  return items.map((item) => ({
    itemId: item.id,
    category: item.category,
    name: item.name,
    text: item.text,
    key: item.key,
    requiredLevel: item.requiredLevel,
    requiredAtEntry: item.requiredAtEntry,
    order: item.position,
    selfLevel: known.get(item.keyId)?.level ?? null,
    supervisorLevel: null,
  }));
}
