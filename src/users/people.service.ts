import type { Queryable } from '../db/types';
import * as repo from './users.repository';
import type { Role } from '../auth/roles';

// The reporting structure as other features need it (who is above whom, who is below a
// supervisor, a person's name). The users feature owns the data; this is its read side.

export type { SubtreeMember } from './users.repository';

/** True when `supervisorId` is anywhere above `employeeId` in the reporting chain. */
export function isInSupervisorChain(db: Queryable, supervisorId: number, employeeId: number): Promise<boolean> {
  return repo.isInSupervisorChain(db, supervisorId, employeeId);
}

/** Everyone below `supervisorId`, with depth 1 for direct reports. */
export function subtreeOf(db: Queryable, supervisorId: number): Promise<{ id: number; depth: number }[]> {
  return repo.subtreeOf(db, supervisorId);
}

/** subtreeOf with each person's name and whether they are active, by name. */
export function subtreePeopleOf(db: Queryable, supervisorId: number): Promise<repo.SubtreeMember[]> {
  return repo.subtreePeopleOf(db, supervisorId);
}

/** A person's id and display name (active or not), or undefined. */
export async function findPerson(db: Queryable, userId: number): Promise<{ id: number; displayName: string } | undefined> {
  const u = await repo.findUserById(db, userId);
  return u ? { id: Number(u.id), displayName: String(u.display_name) } : undefined;
}

// ---- Accounts, as signing in needs them ----

/** The account signing in with this e-mail (any case), with its password hash; undefined if none. */
export function findAccountByEmail(db: Queryable, email: string): Promise<repo.UserRow | undefined> {
  return repo.findUserByEmail(db, email);
}

/** An account by id, with its password hash (to check the current password before a change). */
export function findAccountById(db: Queryable, id: number): Promise<repo.UserRow | undefined> {
  return repo.findUserById(db, id);
}

/** Stores a new password hash; `mustChange` asks for another change at the next sign-in. */
export function setPasswordHash(db: Queryable, userId: number, hash: string, mustChange: boolean): Promise<void> {
  return repo.setPasswordHash(db, userId, hash, mustChange);
}

/** The roles stored for a person (employee is implicit and not stored). */
export function rolesOf(db: Queryable, userId: number): Promise<Role[]> {
  return repo.rolesOf(db, userId);
}
