// What HR's audit view and CSV may show of an entry's details. The stored record stays whole
// (old → new is what an audit is for), but PRODUCT.md keeps individual assessments from admins:
// rating levels, evidence, comments and per-person figures are replaced before display. Pure.

export const REDACTED = '(redacted)';

/** Keys whose values are a person's ratings, figures or words, whatever the action. */
const SENSITIVE_KEYS = new Set([
  'readiness',
  'coverage',
  'gap',
  'level',
  'selfLevel',
  'supervisorLevel',
  'comment',
  'comments',
  'evidence',
  'note',
  'notes',
  'returnComment',
  'acknowledgement',
]);

/** Actions about one person's assessment or development plan. */
const ASSESSMENT_ACTION = /^(rating|review|plan|assessment|acknowledg)/;

/**
 * In such entries these are the person's levels, plan statuses, dates and plan wording: the entry still shows
 * which objects it concerns and that something changed.
 */
const ASSESSMENT_VALUE_KEYS = new Set(['from', 'to', 'status', 'targetDate', 'levels', 'ratings', 'description']);

function redactValue(key: string, value: unknown, assessmentAction: boolean): unknown {
  if (SENSITIVE_KEYS.has(key)) return REDACTED;
  if (assessmentAction && ASSESSMENT_VALUE_KEYS.has(key)) return REDACTED;
  if (value && typeof value === 'object' && !Array.isArray(value)) return redactObject(value as Record<string, unknown>, assessmentAction);
  return value;
}

function redactObject(obj: Record<string, unknown>, assessmentAction: boolean): Record<string, unknown> {
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, redactValue(k, v, assessmentAction)]));
}

/**
 * The details JSON of an audit entry as an administrator may see it. Details that are not JSON
 * are kept only for actions that are not about an assessment.
 */
export function redactDetails(action: string, details: string | null): string | null {
  if (!details) return details;
  const assessmentAction = ASSESSMENT_ACTION.test(action);
  let parsed: unknown;
  try {
    parsed = JSON.parse(details);
  } catch {
    return assessmentAction ? REDACTED : details;
  }
  if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
    return JSON.stringify(redactObject(parsed as Record<string, unknown>, assessmentAction));
  }
  return assessmentAction ? JSON.stringify(REDACTED) : details;
}
