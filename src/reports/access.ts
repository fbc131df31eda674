import { findAssessment, type Assessment } from '../assessments/assessment-read.service';
import type { Queryable } from '../db/types';
import { NotFoundError } from '../errors';
import { isInSupervisorChain } from '../users/people.service';
import { type SessionUser } from '../auth/session-user';

// The one access rule for reports, downloads, charts and plans (PRODUCT.md "Roles and access"):
// only submitted or reviewed assessments have a report, and only their owner and the people above
// the owner in the reporting chain may see it. Roles do not widen this: training staff and
// administrators see aggregates elsewhere, never a person's report. Everyone else gets 404.

export function hasReport(a: Pick<Assessment, 'status'>): boolean {
  return a.status === 'submitted' || a.status === 'reviewed';
}

export async function canSeeReport(db: Queryable, user: Pick<SessionUser, 'id'>, a: Assessment): Promise<boolean> {
  if (!hasReport(a)) return false;
  if (a.employeeId === user.id) return true;
  return isInSupervisorChain(db, user.id, a.employeeId);
}

/** The assessment if this person may see its report, else NotFoundError. */
export async function loadReportableAssessment(db: Queryable, user: Pick<SessionUser, 'id'>, id: number): Promise<Assessment> {
  const a = await findAssessment(db, id);
  if (!a || !(await canSeeReport(db, user, a))) throw new NotFoundError();
  return a;
}

/** Reviewing is for the supervisor chain only (never the owner), on submitted/reviewed assessments. */
export async function loadReviewableAssessment(db: Queryable, user: Pick<SessionUser, 'id'>, id: number): Promise<Assessment> {
  const a = await findAssessment(db, id);
  if (!a || !hasReport(a) || a.employeeId === user.id || !(await isInSupervisorChain(db, user.id, a.employeeId))) {
    throw new NotFoundError();
  }
  return a;
}
