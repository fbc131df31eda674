import type { Db, Queryable, Tx } from '../db/types';
import { recordAudit } from '../audit/audit.service';
import { hashPassword, temporaryPassword } from '../auth/passwords';
import { destroyUserSessions } from '../auth/session-store';
import { NotFoundError, ValidationError, type FieldErrors } from '../errors';
import { parseUserForm, type UserFormInput, type UserFormValues } from './user-form';
import { USER_TEXT } from './users.text';
import {
  countActiveReports,
  countMissing,
  findUserByEmail,
  findUserById,
  findUserByEmployeeId,
  insertUser,
  isInSupervisorChain,
  replaceRoles,
  rolesOf,
  setPasswordHash,
  setUserActive,
  updateUserFields,
  type UserRow,
  type MissingField,
} from './users.repository';
import type { Role } from '../auth/roles';
import { type SessionUser } from '../auth/session-user';
import { findCatalogueClass } from '../class-specs/catalogue.service';

type Q = Queryable;

export interface Actor {
  user: SessionUser;
  ip?: string | null;
}

/** Checks that need the database: unique email and employee id, supervisor active and not a loop. */
async function checkAgainstDb(
  db: Q,
  v: UserFormValues,
  existing: UserRow | null,
): Promise<{ errors: FieldErrors; supervisorId: number | null }> {
  const errors: FieldErrors = {};
  if (v.jobClassId !== null && !(await findCatalogueClass(db, v.jobClassId))) errors.jobClass = USER_TEXT.jobClassUnknown;
  const byEmail = await findUserByEmail(db, v.email);
  if (byEmail && byEmail.id !== existing?.id) errors.email = USER_TEXT.emailTaken;
  if (v.employeeId) {
    const byEmp = await findUserByEmployeeId(db, v.employeeId);
    if (byEmp && byEmp.id !== existing?.id) errors.employeeId = USER_TEXT.employeeIdTaken;
  }
  let supervisorId: number | null = null;
  if (v.supervisorEmail) {
    const sup = await findUserByEmail(db, v.supervisorEmail);
    // An existing (even deactivated) supervisor may stay; a new choice must be an active person.
    const unchanged = sup && existing && existing.supervisor_id === sup.id;
    if (!sup || (!sup.active && !unchanged)) errors.supervisor = USER_TEXT.supervisorUnknown;
    else if (existing && sup.id === existing.id) errors.supervisor = USER_TEXT.supervisorSelf;
    else if (existing && (await isInSupervisorChain(db, existing.id, sup.id)))
      errors.supervisor = USER_TEXT.supervisorCycle(sup.display_name);
    else supervisorId = sup.id;
  }
  return { errors, supervisorId };
}

/** The form's values, or a ValidationError with a message per field. */
function valuesOf(input: UserFormInput): UserFormValues {
  const { values, errors } = parseUserForm(input);
  if (!values) throw new ValidationError(errors);
  return values;
}

/** Creates the account; bad input throws ValidationError (the route's form shows the messages). */
export async function createUserAccount(
  db: Db,
  actor: Actor,
  input: UserFormInput,
): Promise<{ id: number; password: string; name: string }> {
  const values = valuesOf(input);
  const password = temporaryPassword();
  const hash = await hashPassword(password);
  return db.transaction(async (trx) => {
    const checked = await checkAgainstDb(trx, values, null);
    if (Object.keys(checked.errors).length) throw new ValidationError(checked.errors);
    const id = await insertUser(trx, {
      email: values.email,
      displayName: values.displayName,
      passwordHash: hash,
      roles: values.roles,
      supervisorId: checked.supervisorId,
      department: values.department,
      jobTitle: values.jobTitle,
      jobClassId: values.jobClassId,
      employeeId: values.employeeId,
      mustChangePassword: true,
    });
    await recordAudit(trx, {
      actorId: actor.user.id,
      action: 'user.created',
      entityType: 'user',
      entityId: id,
      details: { ...auditedValues(values), roles: values.roles },
      ip: actor.ip,
    });
    return { id, password, name: values.displayName };
  });
}

/** The fields compared for the `user.updated` audit entry (roles are audited on their own). */
const AUDITED_FIELDS = ['email', 'displayName', 'employeeId', 'department', 'jobTitle', 'jobClassId', 'supervisor'] as const;

/** The fields the audit log records for a person, as the form gave them. */
function auditedValues(values: UserFormValues): Record<(typeof AUDITED_FIELDS)[number], string | null> {
  return {
    email: values.email,
    displayName: values.displayName,
    employeeId: values.employeeId,
    department: values.department,
    jobTitle: values.jobTitle,
    jobClassId: values.jobClassId == null ? null : String(values.jobClassId),
    supervisor: values.supervisorEmail,
  };
}

export async function updateUserAccount(
  db: Db,
  actor: Actor,
  id: number,
  input: UserFormInput,
): Promise<{ changed: boolean; name: string }> {
  const values = valuesOf(input);
  return db.transaction(async (trx) => {
    const existing = await findUserById(trx, id);
    if (!existing) throw new NotFoundError();
    const checked = await checkAgainstDb(trx, values, existing);
    const oldRoles = (await rolesOf(trx, id)).filter((r) => r !== 'employee');
    if (actor.user.id === id && oldRoles.includes('admin') && !values.roles.includes('admin'))
      checked.errors.roles = USER_TEXT.ownAdminRole;
    if (Object.keys(checked.errors).length) throw new ValidationError(checked.errors);

    const oldSup = existing.supervisor_id ? await findUserById(trx, existing.supervisor_id) : undefined;
    const before: Record<string, string | null> = {
      email: existing.email,
      displayName: existing.display_name,
      employeeId: existing.employee_id,
      department: existing.department,
      jobTitle: existing.job_title,
      jobClassId: existing.job_class_id == null ? null : String(existing.job_class_id),
      supervisor: oldSup?.email ?? null,
    };
    const after: Record<string, string | null> = auditedValues(values);
    const changes: Record<string, { from: string | null; to: string | null }> = {};
    for (const key of AUDITED_FIELDS) {
      if ((before[key] ?? null) !== (after[key] ?? null)) changes[key] = { from: before[key] ?? null, to: after[key] ?? null };
    }
    const rolesChanged = sortedRoles(oldRoles).join(',') !== sortedRoles(values.roles).join(',');
    if (Object.keys(changes).length) {
      await updateUserFields(trx, id, {
        email: values.email,
        displayName: values.displayName,
        employeeId: values.employeeId,
        department: values.department,
        jobTitle: values.jobTitle,
        jobClassId: values.jobClassId,
        supervisorId: checked.supervisorId,
      });
      await recordAudit(trx, {
        actorId: actor.user.id,
        action: 'user.updated',
        entityType: 'user',
        entityId: id,
        details: { changes },
        ip: actor.ip,
      });
    }
    if (rolesChanged) {
      await replaceRoles(trx, id, values.roles);
      await recordAudit(trx, {
        actorId: actor.user.id,
        action: 'user.roles_changed',
        entityType: 'user',
        entityId: id,
        details: { from: sortedRoles(oldRoles), to: sortedRoles(values.roles) },
        ip: actor.ip,
      });
    }
    return { changed: rolesChanged || Object.keys(changes).length > 0, name: values.displayName };
  });
}

function sortedRoles(roles: Role[]): Role[] {
  return [...new Set(roles)].filter((r) => r !== 'employee').sort();
}

async function loadOther(db: Q, actor: Actor, id: number, selfMessage: string): Promise<UserRow> {
  const user = await findUserById(db, id);
  if (!user) throw new NotFoundError();
  if (user.id === actor.user.id) throw new ValidationError({}, selfMessage);
  return user;
}

/** Sets whether the person can sign in, with its audit entry, in the caller's transaction. */
async function changeActive(trx: Tx, actor: Actor, id: number, active: boolean, details: Record<string, unknown>): Promise<void> {
  await setUserActive(trx, id, active);
  await recordAudit(trx, {
    actorId: actor.user.id,
    action: active ? 'user.reactivated' : 'user.deactivated',
    entityType: 'user',
    entityId: id,
    details,
    ip: actor.ip,
  });
}

/** Deactivation ends every session of the person in the same transaction. */
export async function deactivateUser(db: Db, actor: Actor, id: number): Promise<string> {
  return db.transaction(async (trx) => {
    const user = await loadOther(trx, actor, id, USER_TEXT.ownDeactivate);
    const reports = await countActiveReports(trx, id);
    if (user.active) {
      await changeActive(trx, actor, id, false, { email: user.email, activeReports: reports });
    }
    await destroyUserSessions(trx, id);
    return USER_TEXT.deactivated(user.display_name, reports);
  });
}

export async function reactivateUser(db: Db, actor: Actor, id: number): Promise<string> {
  return db.transaction(async (trx) => {
    const user = await findUserById(trx, id);
    if (!user) throw new NotFoundError();
    if (!user.active) {
      await changeActive(trx, actor, id, true, { email: user.email });
    }
    return USER_TEXT.reactivated(user.display_name);
  });
}

/** Sets a one-time password that must be changed at next sign-in and signs the person out everywhere. */
export async function resetUserPassword(db: Db, actor: Actor, id: number): Promise<{ password: string; name: string }> {
  const target = await loadOther(db, actor, id, USER_TEXT.ownReset);
  const password = temporaryPassword();
  const hash = await hashPassword(password);
  await db.transaction(async (trx) => {
    await setPasswordHash(trx, id, hash, true);
    await destroyUserSessions(trx, id);
    await recordAudit(trx, {
      actorId: actor.user.id,
      action: 'user.password_reset',
      entityType: 'user',
      entityId: id,
      details: { email: target.email },
      ip: actor.ip,
    });
  });
  return { password, name: target.display_name };
}

/** What single sign-on needs to know about an account a provider's claims point at. */
export interface SignInCandidate {
  id: number;
  email: string;
  employeeId: string | null;
  active: boolean;
}

function candidate(row: UserRow | undefined): SignInCandidate | null {
  return row ? { id: row.id, email: row.email, employeeId: row.employee_id, active: row.active } : null;
}

/** The accounts (active or not) holding this employee ID and this email; either may be null. */
export async function findSignInCandidates(
  db: Q,
  claims: { employeeId: string | null; email: string | null },
): Promise<{ byEmployeeId: SignInCandidate | null; byEmail: SignInCandidate | null }> {
  return {
    byEmployeeId: claims.employeeId ? candidate(await findUserByEmployeeId(db, claims.employeeId)) : null,
    byEmail: claims.email ? candidate(await findUserByEmail(db, claims.email)) : null,
  };
}

/**
 * An employee-only account for a person the identity provider vouches for (OIDC_CREATE_ACCOUNTS):
 * no password (they sign in through the provider), no roles beyond employee, no supervisor until
 * HR sets one. Audited as `user.created` with no actor. Someone taking the email or employee ID
 * in the meantime makes the unique index refuse it rather than give one person two accounts.
 */
export async function createAccountFromSignIn(
  db: Db,
  person: { email: string; displayName: string; employeeId: string | null },
  ip: string | null | undefined,
): Promise<number> {
  return db.transaction(async (trx) => {
    const id = await insertUser(trx, {
      email: person.email,
      displayName: person.displayName,
      passwordHash: null,
      employeeId: person.employeeId,
    });
    await recordAudit(trx, {
      actorId: null,
      action: 'user.created',
      entityType: 'user',
      entityId: id,
      details: { email: person.email, displayName: person.displayName, employeeId: person.employeeId, roles: [], via: 'sso' },
      ip,
    });
    return id;
  });
}

export type { MissingField } from './users.repository';

/** How many active people have no supervisor, and no job class (the administrator's home page). */
export function countPeopleMissing(db: Queryable): Promise<Record<MissingField, number>> {
  return countMissing(db);
}
