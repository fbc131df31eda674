// Pure: the training-need figures as people count in them. The unit is a person × competency key:
// their largest gap on the key over their latest results, and whether an entry-required item of the
// key has a gap (the per-person reduction itself is one SQL query, `perPersonKey` in
// results.repository.ts, shared by the writer and every reader). Per key: people assessed, people
// with a gap, the sum of their gaps (mean = sum ÷ assessed) and entry gaps.

export interface PersonNeed {
  gap: number;
  entryGap: boolean;
}
/** employee id → competency key id → that person's need on the key. */
export type PeopleNeeds = Map<number, Map<number, PersonNeed>>;
export interface NeedCounts {
  assessed: number;
  withGap: number;
  gapSum: number;
  entryGaps: number;
}

const NONE: NeedCounts = { assessed: 0, withGap: 0, gapSum: 0, entryGaps: 0 };

/** What one person adds to a key's totals. */
export function contribution(n: PersonNeed | undefined): NeedCounts {
  return n ? { assessed: 1, withGap: n.gap > 0 ? 1 : 0, gapSum: n.gap, entryGaps: n.entryGap ? 1 : 0 } : NONE;
}

export function isZero(d: NeedCounts): boolean {
  return !d.assessed && !d.withGap && !d.gapSum && !d.entryGaps;
}

/**
 * How the per-key totals move when these people's needs go from `before` to `after` (one entry
 * per key that moves). Summed over the people, so a chunk of assessments moves each key once.
 */
export function needsDelta(before: PeopleNeeds, after: PeopleNeeds): Map<number, NeedCounts> {
  const out = new Map<number, NeedCounts>();
  for (const employeeId of new Set([...before.keys(), ...after.keys()])) {
    const b = before.get(employeeId) ?? new Map<number, PersonNeed>();
    const a = after.get(employeeId) ?? new Map<number, PersonNeed>();
    for (const keyId of new Set([...b.keys(), ...a.keys()])) {
      const x = contribution(b.get(keyId));
      const y = contribution(a.get(keyId));
      const t = out.get(keyId) ?? { ...NONE };
      t.assessed += y.assessed - x.assessed;
      t.withGap += y.withGap - x.withGap;
      t.gapSum += y.gapSum - x.gapSum;
      t.entryGaps += y.entryGaps - x.entryGaps;
      out.set(keyId, t);
    }
  }
  for (const [keyId, d] of out) if (isZero(d)) out.delete(keyId);
  return out;
}

/** Mean gap of the people assessed on a key (0 when nobody is). */
export function meanGap(t: Pick<NeedCounts, 'assessed' | 'gapSum'>): number {
  return t.assessed ? t.gapSum / t.assessed : 0;
}
