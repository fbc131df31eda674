import { z } from 'zod';
import type { FieldErrors } from '../errors';
import { str } from '../core/form-values';
import { USER_TEXT } from './users.text';
import type { Role } from '../auth/roles';

/** The roles an administrator can give; employee is implicit for everyone. */
export const ASSIGNABLE_ROLES = ['supervisor', 'training', 'admin'] as const satisfies readonly Role[];

/** What the form holds, as typed (kept on re-render). */
export interface UserFormInput {
  email: string;
  displayName: string;
  employeeId: string;
  department: string;
  jobTitle: string;
  jobClass: string; // the class spec id, '' for none
  supervisor: string; // the supervisor's email, '' for none
  roles: string[];
}

export interface UserFormValues {
  email: string;
  displayName: string;
  employeeId: string | null;
  department: string | null;
  jobTitle: string | null;
  jobClassId: number | null;
  supervisorEmail: string | null;
  roles: Role[];
}

const optional = (max: number) =>
  z
    .string()
    .trim()
    .max(max, USER_TEXT.tooLong(max))
    .transform((v) => (v === '' ? null : v));

const schema = z.object({
  email: z
    .string()
    .trim()
    .min(1, USER_TEXT.emailRequired)
    .max(254, USER_TEXT.tooLong(254))
    .pipe(z.email(USER_TEXT.emailInvalid))
    .transform((v) => v.toLowerCase()),
  displayName: z.string().trim().min(1, USER_TEXT.nameRequired).max(200, USER_TEXT.tooLong(200)),
  employeeId: optional(64),
  department: optional(200),
  jobTitle: optional(200),
  jobClass: z
    .string()
    .trim()
    .regex(/^\d{0,12}$/, USER_TEXT.jobClassUnknown)
    .transform((v) => (v === '' ? null : Number(v))),
  supervisor: z
    .string()
    .trim()
    .max(254, USER_TEXT.tooLong(254))
    .transform((v) => (v === '' ? null : v.toLowerCase())),
  roles: z.array(z.enum(ASSIGNABLE_ROLES)),
});

export function readUserForm(body: Record<string, unknown>): UserFormInput {
  const rawRoles = body.roles;
  const roles = (Array.isArray(rawRoles) ? rawRoles : rawRoles == null ? [] : [rawRoles]).map(String);
  return {
    email: str(body.email),
    displayName: str(body.displayName),
    employeeId: str(body.employeeId),
    department: str(body.department),
    jobTitle: str(body.jobTitle),
    jobClass: str(body.jobClass),
    supervisor: str(body.supervisor),
    roles,
  };
}

/** Validates the shape of the form; rules that need the database live in the service. */
export function parseUserForm(input: UserFormInput): { values?: UserFormValues; errors: FieldErrors } {
  const result = schema.safeParse({ ...input, roles: input.roles.filter((r) => r !== 'employee') });
  if (result.success) {
    const v = result.data;
    return { values: { ...v, jobClassId: v.jobClass, supervisorEmail: v.supervisor, roles: [...v.roles] }, errors: {} };
  }
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? 'form');
    errors[field] ??= field === 'roles' ? 'Choose roles from the list.' : issue.message;
  }
  return { errors };
}

export function emptyUserForm(): UserFormInput {
  return { email: '', displayName: '', employeeId: '', department: '', jobTitle: '', jobClass: '', supervisor: '', roles: [] };
}
