// Reading typed form and query values, shared by routes and the pure form readers of features.

/** A query or body value as one string: a parameter given twice counts by its first value. */
export function str(value: unknown): string {
  if (Array.isArray(value)) return str(value[0]);
  return typeof value === 'string' ? value : '';
}
