import { z } from 'zod';
import { isIsoDate } from '../core/dates';
import { str } from '../core/form-values';
import type { FieldErrors } from '../errors';
import { CYCLE_TEXT } from './cycles.text';

// The new-cycle form, the add-people form and the dates form, as typed and as validated. Rules
// that need the database (a supervisor or class that exists, listed people) live in the service.

export const POPULATION_KINDS = ['department', 'subtree', 'everyone', 'list'] as const;
export type PopulationKindInput = (typeof POPULATION_KINDS)[number];
/** A pasted list is read in one request; larger populations are a department, a subtree or everyone. */
export const LIST_MAX = 5000;

export interface PopulationInput {
  population: string;
  department: string;
  supervisor: string;
  list: string;
}

export interface CycleFormInput extends PopulationInput {
  name: string;
  target: string; // 'own' or 'class'
  classSpecId: string;
  selfDue: string;
  reviewDue: string;
}

export type Population =
  | { kind: 'department'; department: string }
  | { kind: 'subtree'; supervisorEmail: string }
  | { kind: 'everyone' }
  | { kind: 'list'; entries: string[] };

export interface CycleValues {
  name: string;
  population: Population;
  targetClassSpecId: number | null;
  selfDue: string;
  reviewDue: string;
}

export function emptyCycleForm(): CycleFormInput {
  return { name: '', population: '', department: '', supervisor: '', list: '', target: 'own', classSpecId: '', selfDue: '', reviewDue: '' };
}

export function readPopulation(body: Record<string, unknown>): PopulationInput {
  return { population: str(body.population), department: str(body.department), supervisor: str(body.supervisor), list: str(body.list) };
}

export function readCycleForm(body: Record<string, unknown>): CycleFormInput {
  return {
    ...readPopulation(body),
    name: str(body.name),
    target: str(body.target) || 'own',
    classSpecId: str(body.classSpecId),
    selfDue: str(body.selfDue).trim(),
    reviewDue: str(body.reviewDue).trim(),
  };
}

/** The entries of a pasted list: one a line (or separated by commas, semicolons or spaces), lower-cased e-mails, no repeats. */
export function listEntries(text: string): string[] {
  const out = new Set<string>();
  for (const raw of text.split(/[\s,;]+/)) {
    const e = raw.trim();
    if (e) out.add(e.includes('@') ? e.toLowerCase() : e);
  }
  return [...out];
}

export function parsePopulation(input: PopulationInput, errors: FieldErrors): Population | undefined {
  switch (input.population) {
    case 'department': {
      const d = input.department.trim();
      if (!d) errors.department = CYCLE_TEXT.departmentRequired;
      else if (d.length > 200) errors.department = CYCLE_TEXT.tooLong(200);
      else return { kind: 'department', department: d };
      return undefined;
    }
    case 'subtree': {
      const e = input.supervisor.trim().toLowerCase();
      if (!e || e.length > 254) errors.supervisor = CYCLE_TEXT.supervisorUnknown;
      else return { kind: 'subtree', supervisorEmail: e };
      return undefined;
    }
    case 'everyone':
      return { kind: 'everyone' };
    case 'list': {
      const entries = listEntries(input.list);
      if (!entries.length) errors.list = CYCLE_TEXT.listRequired;
      else if (entries.length > LIST_MAX) errors.list = CYCLE_TEXT.listTooLong(LIST_MAX);
      else if (entries.some((e) => e.length > 254)) errors.list = CYCLE_TEXT.tooLong(254);
      else return { kind: 'list', entries };
      return undefined;
    }
    default:
      errors.population = CYCLE_TEXT.populationRequired;
      return undefined;
  }
}

/** Both due dates, checked: real days, the review not before the self-assessment. */
export function parseDates(
  input: { selfDue: string; reviewDue: string },
  errors: FieldErrors,
): { selfDue: string; reviewDue: string } | undefined {
  if (!isIsoDate(input.selfDue)) errors.selfDue = CYCLE_TEXT.dateInvalid;
  if (!isIsoDate(input.reviewDue)) errors.reviewDue = CYCLE_TEXT.dateInvalid;
  else if (isIsoDate(input.selfDue) && input.reviewDue < input.selfDue) errors.reviewDue = CYCLE_TEXT.reviewBeforeSelf;
  return errors.selfDue || errors.reviewDue ? undefined : { selfDue: input.selfDue, reviewDue: input.reviewDue };
}

/**
 * The reminder days as typed on the dates form ("7, 1"): up to 5 whole days from 0 to 365, stored
 * as "7,1" (largest first, no repeats); empty means no reminders.
 */
export function parseReminderDays(input: string, errors: FieldErrors): string | undefined {
  const parts = input
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length > 5 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 365)) {
    errors.reminderDays = CYCLE_TEXT.reminderDaysInvalid;
    return undefined;
  }
  return [...new Set(parts.map(Number))].sort((a, b) => b - a).join(',');
}

const nameSchema = z.string().trim().min(1, CYCLE_TEXT.nameRequired).max(200, CYCLE_TEXT.tooLong(200));

export function parseCycleForm(input: CycleFormInput): { values?: CycleValues; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const name = nameSchema.safeParse(input.name);
  if (!name.success) errors.name = name.error.issues[0].message;
  const population = parsePopulation(input, errors);
  let targetClassSpecId: number | null = null;
  if (input.target === 'class') {
    if (!/^\d{1,12}$/.test(input.classSpecId)) errors.classSpecId = CYCLE_TEXT.targetRequired;
    else targetClassSpecId = Number(input.classSpecId);
  } else if (input.target !== 'own') errors.target = CYCLE_TEXT.targetRequired;
  const dates = parseDates(input, errors);
  if (Object.keys(errors).length || !name.success || !population || !dates) return { errors };
  return { values: { name: name.data, population, targetClassSpecId, ...dates }, errors };
}
