// Reporting periods of training needs: calendar quarters, from a fixed list — never free dates.
// A date that can be moved a day at a time lets two answers differ by one person (the one assessed
// that day), which gives that person's gaps away; quarters change the answer only in steps of
// whole quarters, and the differencing rule (suppression.ts) covers what is left.

/** How many quarters the period filter offers, counted back from the latest assessment. */
export const QUARTERS_OFFERED = 8;

const QUARTER = /^(\d{4})-Q([1-4])$/;

export function isQuarter(value: string): boolean {
  return QUARTER.test(value);
}

/** The quarter an ISO timestamp falls in (UTC), as "2026-Q4". */
export function quarterOf(iso: string): string {
  const d = new Date(iso);
  return `${d.getUTCFullYear()}-Q${Math.floor(d.getUTCMonth() / 3) + 1}`;
}

/** The quarter's bounds as ISO timestamps: from its first day (inclusive) to the next quarter's (exclusive). */
export function quarterRange(quarter: string): { from: string; toExclusive: string } {
  const m = QUARTER.exec(quarter);
  if (!m) throw new Error(`not a quarter: ${quarter}`);
  const year = Number(m[1]);
  const q = Number(m[2]);
  return {
    from: new Date(Date.UTC(year, (q - 1) * 3, 1)).toISOString(),
    toExclusive: new Date(Date.UTC(year, q * 3, 1)).toISOString(),
  };
}

/** The quarters from the one of `first` to the one of `last`, newest first, at most `limit` of them. */
export function quartersBetween(first: string | null, last: string | null, limit = QUARTERS_OFFERED): string[] {
  if (!first || !last) return [];
  const [fy, fq] = quarterOf(first).split('-Q').map(Number);
  let [y, q] = quarterOf(last).split('-Q').map(Number);
  const out: string[] = [];
  while (out.length < limit && (y > fy || (y === fy && q >= fq))) {
    out.push(`${y}-Q${q}`);
    q -= 1;
    if (q === 0) {
      q = 4;
      y -= 1;
    }
  }
  return out;
}

/** A cycle as a reporting period: a fixed choice like a quarter, never free dates. */
export function cyclePeriod(cycleId: number): string {
  return `cycle-${cycleId}`;
}

/** The cycle of a period value, or null for a quarter or anything else. */
export function cycleIdOfPeriod(period: string): number | null {
  const m = /^cycle-(\d{1,12})$/.exec(period);
  return m ? Number(m[1]) : null;
}

/** "2026-Q4" → "2026 Q4 (October–December 2026)": what the period select shows. */
export function quarterLabel(quarter: string): string {
  const m = QUARTER.exec(quarter);
  if (!m) return quarter;
  const months = ['January–March', 'April–June', 'July–September', 'October–December'][Number(m[2]) - 1];
  return `${m[1]} Q${m[2]} (${months} ${m[1]})`;
}
