// The completion figures of a cycle, from member counts per department, supervisor and stage.
// Pure: the dashboard page, its CSV and the supervisor's view all come from summarise().

export const STAGES = ['not_started', 'draft', 'submitted', 'returned', 'reviewed'] as const;
export type Stage = (typeof STAGES)[number];

export interface CountRow {
  department: string | null;
  supervisorId: number | null;
  supervisorName: string | null;
  stage: string;
  n: number;
}

export interface Group {
  label: string;
  total: number;
  counts: Record<Stage, number>;
  /** Self-assessments not submitted after the self-assessment due date. */
  selfOverdue: number;
  /** Submitted assessments not reviewed after the review due date. */
  reviewOverdue: number;
}

export interface Progress {
  all: Group;
  departments: Group[];
  supervisors: Group[];
}

const SELF_OPEN: Stage[] = ['not_started', 'draft', 'returned'];

function emptyGroup(label: string): Group {
  return {
    label,
    total: 0,
    counts: { not_started: 0, draft: 0, submitted: 0, returned: 0, reviewed: 0 },
    selfOverdue: 0,
    reviewOverdue: 0,
  };
}

/** Overdue means the due day has passed: on the due day itself nothing is overdue yet. */
export function summarise(rows: CountRow[], due: { selfDue: string; reviewDue: string }, today: string): Progress {
  const selfLate = today > due.selfDue;
  const reviewLate = today > due.reviewDue;
  const all = emptyGroup('Everyone');
  const departments = new Map<string, Group>();
  const supervisors = new Map<string, Group>();
  const add = (g: Group, stage: Stage, n: number) => {
    g.total += n;
    g.counts[stage] += n;
    if (selfLate && SELF_OPEN.includes(stage)) g.selfOverdue += n;
    if (reviewLate && stage === 'submitted') g.reviewOverdue += n;
  };
  for (const r of rows) {
    const stage = (STAGES as readonly string[]).includes(r.stage) ? (r.stage as Stage) : 'not_started';
    const dept = r.department ?? 'No department';
    const sup = r.supervisorName ?? 'No supervisor';
    const supKey = `${r.supervisorId ?? 0}`;
    if (!departments.has(dept)) departments.set(dept, emptyGroup(dept));
    if (!supervisors.has(supKey)) supervisors.set(supKey, emptyGroup(sup));
    add(all, stage, r.n);
    add(departments.get(dept)!, stage, r.n);
    add(supervisors.get(supKey)!, stage, r.n);
  }
  return { all, departments: [...departments.values()], supervisors: [...supervisors.values()] };
}

/** Share of a group in a stage, in percent with one decimal (0 for an empty group). */
export function percentOf(n: number, total: number): number {
  return total === 0 ? 0 : Math.round((n / total) * 1000) / 10;
}

export const SORT_KEYS = ['label', 'total', ...STAGES, 'overdue'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export function sortKeyOf(value: string): SortKey {
  return (SORT_KEYS as readonly string[]).includes(value) ? (value as SortKey) : 'label';
}

/** Sorts groups by name, size, a stage's share or overdue count; ties by name. */
export function sortGroups(groups: Group[], key: SortKey, dir: 'asc' | 'desc'): Group[] {
  const value = (g: Group): number | string => {
    if (key === 'label') return g.label.toLowerCase();
    if (key === 'total') return g.total;
    if (key === 'overdue') return g.selfOverdue + g.reviewOverdue;
    return percentOf(g.counts[key], g.total);
  };
  const sign = dir === 'asc' ? 1 : -1;
  return [...groups].sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    const c = va < vb ? -1 : va > vb ? 1 : 0;
    return c !== 0 ? c * sign : a.label.localeCompare(b.label);
  });
}

export const STAGE_HEADINGS: Record<Stage, string> = {
  not_started: 'Not started',
  draft: 'Draft',
  submitted: 'Submitted',
  returned: 'Returned',
  reviewed: 'Reviewed',
};

/** The CSV of a dashboard: one row per department and per supervisor, after a row for everyone. */
export function progressCsvRows(p: Progress): (string | number)[][] {
  const header = ['Group', 'Name', 'People'];
  for (const s of STAGES) header.push(STAGE_HEADINGS[s], `${STAGE_HEADINGS[s]} %`);
  header.push('Self-assessments overdue', 'Reviews overdue');
  const row = (kind: string, g: Group) => [
    kind,
    g.label,
    g.total,
    ...STAGES.flatMap((s) => [g.counts[s], percentOf(g.counts[s], g.total)]),
    g.selfOverdue,
    g.reviewOverdue,
  ];
  return [header, row('All', p.all), ...p.departments.map((g) => row('Department', g)), ...p.supervisors.map((g) => row('Supervisor', g))];
}
