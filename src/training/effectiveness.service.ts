import type { Db } from '../db/types';
import { suppressEffectiveness, type EffectivenessCells, type EffectivenessRaw } from './suppression';
import * as repo from './effectiveness.repository';

export interface EffectivenessRow {
  programId: number;
  title: string;
  active: boolean;
  cells: EffectivenessCells;
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

/**
 * Per program: people who completed a linked plan action and have a later assessment of the same
 * class. Each person counts once per program (their first completed action); their level on the
 * program's keys is the mean over those items, before and after; they "closed their gap" when some
 * item of those keys had a gap before and none has one after.
 */
export function computeEffectiveness(
  programs: repo.ProgramSummary[],
  actions: repo.CompletedAction[],
  results: repo.ResultRow[],
): { programId: number; raw: EffectivenessRaw }[] {
  const byAssessment = new Map<number, repo.ResultRow[]>();
  for (const r of results) {
    const list = byAssessment.get(r.assessmentId) ?? [];
    list.push(r);
    byAssessment.set(r.assessmentId, list);
  }
  return programs.map((p) => {
    const keys = new Set(p.keyIds);
    const seen = new Set<number>();
    const before: number[] = [];
    const after: number[] = [];
    let gapBefore = 0;
    let closed = 0;
    for (const a of actions) {
      if (a.programId !== p.id || a.afterId === null || seen.has(a.employeeId)) continue;
      const b = (byAssessment.get(a.beforeId) ?? []).filter((r) => keys.has(r.keyId));
      const c = (byAssessment.get(a.afterId) ?? []).filter((r) => keys.has(r.keyId));
      if (b.length === 0 || c.length === 0) continue;
      seen.add(a.employeeId);
      before.push(mean(b.map((r) => r.level)));
      after.push(mean(c.map((r) => r.level)));
      if (b.some((r) => r.gap > 0)) {
        gapBefore += 1;
        if (c.every((r) => r.gap === 0)) closed += 1;
      }
    }
    const people = seen.size;
    return {
      programId: p.id,
      raw: { people, meanBefore: people ? mean(before) : 0, meanAfter: people ? mean(after) : 0, gapBefore, closed },
    };
  });
}

export async function loadEffectiveness(db: Db): Promise<EffectivenessRow[]> {
  const [programs, actions] = await Promise.all([repo.programsWithKeys(db), repo.completedActions(db)]);
  const ids = [...new Set(actions.flatMap((a) => (a.afterId === null ? [] : [a.beforeId, a.afterId])))];
  const results = await repo.resultsOf(db, ids);
  const computed = new Map(computeEffectiveness(programs, actions, results).map((c) => [c.programId, c.raw]));
  return programs
    .filter((p) => p.active || (computed.get(p.id)?.people ?? 0) > 0)
    .map((p) => ({ programId: p.id, title: p.title, active: p.active, cells: suppressEffectiveness(computed.get(p.id)!) }));
}
