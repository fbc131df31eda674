import { assessmentsOf, countWaitingForReview } from '../assessments/assessment-read.service';
import type { Queryable } from '../db/types';
import { subtreeOf } from '../users/people.service';
import { dueFor } from '../cycles/cycles.service';

export interface HomeSummary {
  open: { id: number; title: string; status: string; returned: boolean }[];
  reviewed: number;
  waitingForReview: number | null;
  /** Cycle work due: the person's self-assessments and, for supervisors, their people's reviews. */
  due: Awaited<ReturnType<typeof dueFor>>;
}

/** The few figures the home page shows: your open assessments and, for supervisors, the review queue. */
export async function homeSummary(db: Queryable, userId: number, isSupervisor: boolean): Promise<HomeSummary> {
  // A person has a handful of assessments: read once, counted here.
  const mine = await assessmentsOf(db, userId);
  const open = mine.filter((a) => a.status === 'draft' || a.status === 'submitted');
  const reviewed = mine.filter((a) => a.status === 'reviewed').length;
  const waitingForReview = isSupervisor
    ? await countWaitingForReview(
        db,
        (await subtreeOf(db, userId)).map((r) => r.id),
      )
    : null;
  return {
    open: open.map((a) => ({ id: a.id, title: a.classTitle, status: a.status, returned: a.status === 'draft' && a.returnedAt != null })),
    reviewed,
    waitingForReview,
    due: await dueFor(db, userId, isSupervisor),
  };
}
