import { insertedId } from '../db/inserted-id';
import type { Queryable } from '../db/types';

/** Claims one run of `job` (e.g. the digest of one day); null when another instance already has. */
export async function claimRun(q: Queryable, job: string, runKey: string, now: number): Promise<number | null> {
  const rows = await q('scheduled_runs')
    .insert({ job, run_key: runKey, started_at: now })
    .onConflict(['job', 'run_key'])
    .ignore()
    .returning('id');
  return Array.isArray(rows) && rows.length ? insertedId(rows) : null;
}

export async function finishRun(q: Queryable, id: number, now: number, outcome: string): Promise<void> {
  await q('scheduled_runs')
    .where({ id })
    .update({ finished_at: now, outcome: outcome.slice(0, 300) });
}
