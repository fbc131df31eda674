import type { Knex } from 'knex';
import { subtreeOf } from '../users/users.repository';

export interface HomeSummary {
  open: { id: number; title: string; status: string; returned: boolean }[];
  reviewed: number;
  waitingForReview: number | null;
}

/** The few figures the home page shows: your open assessments and, for supervisors, the review queue. */
export async function homeSummary(db: Knex, userId: number, isSupervisor: boolean): Promise<HomeSummary> {
  // Open and reviewed assessments in one query (a person has a handful); counted here.
  const mine = await db('assessments as a')
    .join('class_specs as c', 'c.id', 'a.class_spec_id')
    .where('a.employee_id', userId)
    .whereIn('a.status', ['draft', 'submitted', 'reviewed'])
    .orderBy('a.started_at', 'desc')
    .select('a.id', 'c.title', 'a.status', 'a.returned_at');
  const open = mine.filter((r: { status: string }) => r.status === 'draft' || r.status === 'submitted');
  const reviewedRow = { n: mine.length - open.length };
  let waitingForReview: number | null = null;
  if (isSupervisor) {
    const ids = (await subtreeOf(db, userId)).map((r) => r.id);
    waitingForReview = 0;
    for (let i = 0; i < ids.length; i += 500) {
      const row = await db('assessments').whereIn('employee_id', ids.slice(i, i + 500)).where({ status: 'submitted' }).count({ n: '*' }).first();
      waitingForReview += Number(row?.n ?? 0);
    }
  }
  return {
    open: open.map((r: Record<string, unknown>) => ({ id: Number(r.id), title: String(r.title), status: String(r.status), returned: r.status === 'draft' && r.returned_at != null })),
    reviewed: Number(reviewedRow?.n ?? 0),
    waitingForReview,
  };
}
