import type { Assessment } from '../assessments/assessment-read.service';
import { recordAudit } from '../audit/audit.service';
import type { Db } from '../db/types';
import { nowIso } from '../db/time';
import { NotFoundError, ValidationError, type FieldErrors } from '../errors';
import { deletePlanAction, findPlanAction, insertPlanAction, updatePlanActionStatus, type PlanAction } from './reports.repository';
import { PLAN_STATUS_LABELS, type ReportData } from './reports.service';
import { isIsoDate } from '../core/dates';

export const PLAN_DESCRIPTION_MAX = 500;
type Status = PlanAction['status'];

export interface PlanInput {
  itemId: string;
  description: string;
  programId: string;
  targetDate: string;
  status: string;
}

function isStatus(s: string): s is Status {
  return Object.prototype.hasOwnProperty.call(PLAN_STATUS_LABELS, s);
}

/** Field messages for a new action; ids must be a gap item of this report and an active program. */
export function validatePlanInput(input: PlanInput, report: ReportData): FieldErrors {
  const errors: FieldErrors = {};
  if (!report.gap.priorities.some((p) => String(p.itemId) === input.itemId))
    errors['plan-item'] = 'Choose the item with a gap this action is for';
  const description = input.description.trim();
  if (!description) errors['plan-description'] = 'Enter what will be done';
  else if (description.length > PLAN_DESCRIPTION_MAX)
    errors['plan-description'] = `What will be done must be ${PLAN_DESCRIPTION_MAX} characters or fewer`;
  if (input.programId && !report.programs.some((p) => String(p.id) === input.programId))
    errors['plan-program'] = 'Choose a program from the list, or none';
  if (input.targetDate && !isIsoDate(input.targetDate)) errors['plan-target'] = 'Enter a real date as YYYY-MM-DD, for example 2026-12-31';
  if (!isStatus(input.status)) errors['plan-status'] = 'Choose planned, in progress or done';
  return errors;
}

/** Adds an action to the plan of `report`'s assessment; bad input throws ValidationError. */
export async function addPlanAction(
  db: Db,
  a: Assessment,
  report: ReportData,
  actorId: number,
  input: PlanInput,
  ip: string | null,
): Promise<number> {
  const errors = validatePlanInput(input, report);
  if (Object.keys(errors).length) throw new ValidationError(errors);
  const now = nowIso();
  const status = input.status as Status;
  return db.transaction(async (trx) => {
    const id = await insertPlanAction(trx, {
      assessmentId: a.id,
      itemId: Number(input.itemId),
      description: input.description.trim(),
      programId: input.programId ? Number(input.programId) : null,
      targetDate: input.targetDate || null,
      status,
      completedAt: status === 'done' ? now : null,
      createdBy: actorId,
      now,
    });
    await recordAudit(trx, {
      actorId,
      action: 'plan.action_added',
      entityType: 'assessment',
      entityId: a.id,
      ip,
      details: {
        actionId: id,
        itemId: Number(input.itemId),
        status,
        programId: input.programId ? Number(input.programId) : null,
        targetDate: input.targetDate || null,
      },
    });
    return id;
  });
}

/** Changes an action's status; a status that is not one of the three throws ValidationError on that row's select. */
export async function updatePlanStatus(
  db: Db,
  a: Assessment,
  actorId: number,
  actionId: number,
  status: string,
  ip: string | null,
): Promise<void> {
  if (!isStatus(status)) throw new ValidationError({ [`status-${actionId}`]: 'Choose planned, in progress or done' });
  await db.transaction(async (trx) => {
    const action = await findPlanAction(trx, a.id, actionId);
    if (!action) throw new NotFoundError();
    if (action.status === status) return;
    const now = nowIso();
    await updatePlanActionStatus(trx, a.id, actionId, status, now);
    await recordAudit(trx, {
      actorId,
      action: 'plan.action_updated',
      entityType: 'assessment',
      entityId: a.id,
      ip,
      details: { actionId, from: action.status, to: status },
    });
  });
}

export async function removePlanAction(db: Db, a: Assessment, actorId: number, actionId: number, ip: string | null): Promise<void> {
  await db.transaction(async (trx) => {
    const action = await findPlanAction(trx, a.id, actionId);
    if (!action) throw new NotFoundError();
    await deletePlanAction(trx, a.id, actionId);
    await recordAudit(trx, {
      actorId,
      action: 'plan.action_removed',
      entityType: 'assessment',
      entityId: a.id,
      ip,
      details: { actionId, itemId: action.itemId, description: action.description },
    });
  });
}
