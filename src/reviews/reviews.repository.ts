import type { Knex } from 'knex';
import { toIso } from '../db/time';

type Q = Knex | Knex.Transaction;

export interface QueueRow {
  id: number;
  employeeId: number;
  employeeName: string;
  classTitle: string;
  depth: number;
  submittedAt: string | null;
  reviewedAt: string | null;
  reviewerName: string | null;
}

const REVIEWED_LIMIT = 100;

function query(db: Q, ids: number[]) {
  return db('assessments as a')
    .join('users as u', 'u.id', 'a.employee_id')
    .join('class_specs as c', 'c.id', 'a.class_spec_id')
    .leftJoin('users as rv', 'rv.id', 'a.reviewer_id')
    .whereIn('a.employee_id', ids)
    .select('a.id', 'a.employee_id', 'a.submitted_at', 'a.reviewed_at', 'u.display_name', 'c.title', 'rv.display_name as reviewer_name');
}

/**
 * Submitted assessments of everyone in `subtree` (the people below a supervisor; direct reports
 * first, then oldest submitted first) and the most recently reviewed ones.
 */
export async function reviewQueue(db: Q, subtree: { id: number; depth: number }[]): Promise<{ waiting: QueueRow[]; reviewed: QueueRow[] }> {
  if (subtree.length === 0) return { waiting: [], reviewed: [] };
  const { ids, toRow } = rowsOf(subtree);
  const waiting = await waitingQueue(db, subtree);
  const reviewed = (
    await query(db, ids).where('a.status', 'reviewed').orderBy('a.reviewed_at', 'desc').orderBy('a.id', 'desc').limit(REVIEWED_LIMIT)
  ).map(toRow);
  return { waiting, reviewed };
}

/** Only the waiting part of reviewQueue, for a subtree the caller already has (the team view). */
export async function waitingQueue(db: Q, subtree: { id: number; depth: number }[]): Promise<QueueRow[]> {
  if (subtree.length === 0) return [];
  const { ids, toRow } = rowsOf(subtree);
  const waiting = (await query(db, ids).where('a.status', 'submitted')).map(toRow);
  waiting.sort((x, y) => x.depth - y.depth || String(x.submittedAt).localeCompare(String(y.submittedAt)) || x.id - y.id);
  return waiting;
}

function rowsOf(subtree: { id: number; depth: number }[]) {
  const depth = new Map(subtree.map((s) => [s.id, s.depth]));
  const ids = [...depth.keys()];
  const toRow = (r: Record<string, unknown>): QueueRow => ({
    id: Number(r.id),
    employeeId: Number(r.employee_id),
    employeeName: String(r.display_name),
    classTitle: String(r.title),
    depth: depth.get(Number(r.employee_id)) ?? 0,
    submittedAt: toIso(r.submitted_at),
    reviewedAt: toIso(r.reviewed_at),
    reviewerName: (r.reviewer_name as string | null) ?? null,
  });
  return { ids, toRow };
}

export async function upsertSupervisorRating(
  db: Q,
  assessmentId: number,
  itemId: number,
  level: number | null,
  comment: string | null,
  now: string,
): Promise<void> {
  await db('ratings')
    .insert({ assessment_id: assessmentId, item_id: itemId, supervisor_level: level, supervisor_comment: comment, updated_at: now })
    .onConflict(['assessment_id', 'item_id'])
    .merge(['supervisor_level', 'supervisor_comment', 'updated_at']);
}
