import type { FieldErrors } from '../errors';
import { isIsoDate } from '../core/dates';
import type { AuditFilter } from './audit-query.repository';

// The audit log's filter, read and checked without I/O. It is a GET page that lists entries even
// when a date is malformed (the date is then not applied), so the messages travel with the filter
// rather than as a thrown ValidationError.

export interface AuditFilterInput {
  person: string;
  action: string;
  from: string;
  to: string;
}

/** The filter as typed, a message per malformed date, and the filter to apply (bad dates left out). */
export function checkAuditFilter(input: AuditFilterInput): { filter: AuditFilter; errors: FieldErrors } {
  const errors: FieldErrors = {};
  for (const k of ['from', 'to'] as const) {
    if (input[k] && !isIsoDate(input[k])) errors[k] = 'Enter a date as YYYY-MM-DD, for example 2026-03-31.';
  }
  if (!errors.from && !errors.to && input.from && input.to && input.from > input.to)
    errors.to = 'The end date must be on or after the start date.';
  return {
    filter: {
      person: input.person,
      action: input.action,
      from: input.from && !errors.from ? input.from : null,
      to: input.to && !errors.to ? input.to : null,
    },
    errors,
  };
}
