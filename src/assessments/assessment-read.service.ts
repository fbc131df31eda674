import type { Queryable } from '../db/types';
import * as repo from './assessments.repository';

// Assessments as other features read them (reports, reviews, career, home): the one read model of
// assessments.repository. Changes go through the lifecycle service (lifecycle.service.ts).

export type { Assessment, AssessmentStatus, ClassReadiness, ClosedSummary } from './assessments.repository';

export function findAssessment(db: Queryable, id: number): Promise<repo.Assessment | undefined> {
  return repo.findAssessment(db, id);
}

/** All of a person's assessments, newest first. */
export function assessmentsOf(db: Queryable, employeeId: number): Promise<repo.Assessment[]> {
  return repo.listForEmployee(db, employeeId);
}

/** The id of the person's open (draft or submitted) assessment of a class, if any. */
export function openAssessmentId(db: Queryable, employeeId: number, classSpecId: number): Promise<number | undefined> {
  return repo.findOpenId(db, employeeId, classSpecId);
}

/** The person's most recently submitted or reviewed assessment of a class, if any. */
export function latestClosedAssessmentId(db: Queryable, employeeId: number, classSpecId: number): Promise<number | null> {
  return repo.latestClosedId(db, employeeId, classSpecId);
}

/** Submitted/reviewed assessments of one person and class, oldest first (a report's history). */
export function closedAssessmentsOfClass(db: Queryable, employeeId: number, classSpecId: number): Promise<repo.Assessment[]> {
  return repo.listClosedOfClass(db, employeeId, classSpecId);
}

/** The submitted and reviewed assessments of a class by these people, newest first. */
export function closedOfClassFor(
  db: Queryable,
  employeeIds: number[],
  classSpecId: number,
  cycleId: number | null = null,
): Promise<repo.ClosedSummary[]> {
  return repo.closedOfClassFor(db, employeeIds, classSpecId, cycleId);
}

/** How many of these people's assessments wait for review. */
export function countWaitingForReview(db: Queryable, employeeIds: number[]): Promise<number> {
  return repo.countSubmittedOf(db, employeeIds);
}

/**
 * Readiness per class over these people's latest submitted or reviewed assessments (stored
 * figures), most people first, and how many of them have any such assessment.
 */
export function readinessByClassOf(
  db: Queryable,
  employeeIds: number[],
): Promise<{ assessedPeople: number; classes: repo.ClassReadiness[] }> {
  return repo.readinessByClassOf(db, employeeIds);
}
