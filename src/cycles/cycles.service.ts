import { startDrafts, type LifecycleActor } from '../assessments/lifecycle.service';
import { recordAudit } from '../audit/audit.service';
import { currentVersionId, findCatalogueClass } from '../class-specs/catalogue.service';
import type { Db, Queryable, Tx } from '../db/types';
import { ConflictError, NotFoundError, ValidationError, type FieldErrors } from '../errors';
import { findAccountByEmail } from '../users/people.service';
import { notifyDraftsStarted, type MailLinks } from './cycle-mail';
import {
  parseCycleForm,
  parseDates,
  parsePopulation,
  parseReminderDays,
  type CycleFormInput,
  type Population,
  type PopulationInput,
} from './cycle-form';
import { CYCLE_TEXT } from './cycles.text';
import { summarise, type Progress } from './cycle-progress';
import * as repo from './cycles.repository';

// Opening a cycle: the cycle and its people (as pending members) are stored first, then the
// pending members get their drafts through the lifecycle service (startDrafts: startDraft's rule
// for a set of people), CHUNK members per transaction. A cycle whose people fit in one chunk is opened in one transaction (a failure
// stores nothing). A larger one commits chunk by chunk, so the SQLite writer is never held for
// long; if the process dies half-way the cycle stays "opening" and resuming picks up the members
// still pending, never starting a second draft for anyone.
//
// E-mail: each draft a run starts gets its "cycle opened" message in the same chunk transaction
// (cycle-mail.ts), so a resumed or extended cycle mails exactly the people it started drafts for;
// reminders and overdue summaries come from the daily job in cycle-reminders.service.ts.

// 200 keeps each transaction (drafts, audit entries, outbox rows) near 100–160 ms at 30,000 people.
export const CHUNK = 200;

export type { Cycle, SkipReason } from './cycles.repository';

export interface RunResult {
  cycleId: number;
  createdDraftIds: number[];
  skipped: Partial<Record<repo.SkipReason, number>>;
  chunks: number;
  /** The longest single transaction of the run, in milliseconds (the SQLite writer hold). */
  longestHoldMs: number;
  /** Each transaction's duration in milliseconds, in order. */
  holdsMs: number[];
}

export interface RunOptions {
  chunkSize?: number;
}

/** Refuses a change to a closed cycle, or to one still being opened. */
function assertOpen(c: repo.Cycle): void {
  if (c.status === 'closed') throw new ConflictError(CYCLE_TEXT.closed, CYCLE_TEXT.closedTitle);
  if (c.status === 'opening') throw new ConflictError(CYCLE_TEXT.stillOpening);
}

export async function loadCycle(db: Queryable, id: number): Promise<repo.Cycle> {
  const c = await repo.findCycle(db, id);
  if (!c) throw new NotFoundError();
  return c;
}

export const listCycles = (db: Queryable) => repo.listCycles(db);
export const skippedOf = (db: Queryable, cycleId: number) => repo.skippedMembers(db, cycleId, 500);

type MemberSource = (trx: Tx, cycleId: number) => Promise<number>;

/** How the people of a population are added as pending members; bad input throws ValidationError. */
async function memberSource(db: Queryable, p: Population): Promise<MemberSource> {
  switch (p.kind) {
    case 'department':
      return (trx, id) => repo.addMembersFrom(trx, id, { kind: 'department', department: p.department });
    case 'everyone':
      return (trx, id) => repo.addMembersFrom(trx, id, { kind: 'everyone' });
    case 'subtree': {
      const sup = await findAccountByEmail(db, p.supervisorEmail);
      if (!sup) throw new ValidationError({ supervisor: CYCLE_TEXT.supervisorUnknown });
      return (trx, id) => repo.addMembersFrom(trx, id, { kind: 'subtree', supervisorId: Number(sup.id) });
    }
    case 'list': {
      const { ids, unknown } = await repo.resolvePeople(db, p.entries);
      if (unknown.length) throw new ValidationError({ list: CYCLE_TEXT.listUnknown(unknown) });
      return (trx, id) => repo.addMembersById(trx, id, ids);
    }
  }
}

function describe(p: Population): string | null {
  if (p.kind === 'department') return p.department;
  if (p.kind === 'subtree') return p.supervisorEmail;
  if (p.kind === 'list') return p.entries.join('\n');
  return null;
}

/** Creates and opens a cycle; `links` point the "cycle opened" mail at this deployment. Returns what the run did (see RunResult). */
export async function openCycle(
  db: Db,
  actor: LifecycleActor,
  input: CycleFormInput,
  links: MailLinks,
  opts: RunOptions = {},
): Promise<RunResult> {
  const { values, errors } = parseCycleForm(input);
  if (!values) throw new ValidationError(errors);
  if (values.targetClassSpecId !== null && !(await findCatalogueClass(db, values.targetClassSpecId))) {
    throw new ValidationError({ classSpecId: CYCLE_TEXT.classUnknown });
  }
  const add = await memberSource(db, values.population);
  return run(db, actor, links, opts, async (trx) => {
    const id = await repo.insertCycle(trx, {
      name: values.name,
      populationKind: values.population.kind,
      populationValue: describe(values.population),
      targetClassSpecId: values.targetClassSpecId,
      selfDue: values.selfDue,
      reviewDue: values.reviewDue,
      createdBy: actor.id,
    });
    if ((await add(trx, id)) === 0) throw new ValidationError({ population: CYCLE_TEXT.nobody }, CYCLE_TEXT.nobody);
    return id;
  });
}

/** Adds people to an open cycle; people already in it are left as they are. */
export async function addPeople(
  db: Db,
  actor: LifecycleActor,
  cycleId: number,
  input: PopulationInput,
  links: MailLinks,
  opts: RunOptions = {},
): Promise<RunResult> {
  assertOpen(await loadCycle(db, cycleId));
  const errors: FieldErrors = {};
  const population = parsePopulation(input, errors);
  if (!population) throw new ValidationError(errors);
  const add = await memberSource(db, population);
  return run(db, actor, links, opts, async (trx) => {
    assertOpen(await loadCycle(trx, cycleId));
    await add(trx, cycleId);
    return cycleId;
  });
}

/** Finishes opening a cycle that was interrupted (its pending members get their drafts). */
export async function resumeOpening(
  db: Db,
  actor: LifecycleActor,
  cycleId: number,
  links: MailLinks,
  opts: RunOptions = {},
): Promise<RunResult> {
  const c = await loadCycle(db, cycleId);
  if (c.status !== 'opening') throw new ConflictError('This cycle is open already.');
  return run(db, actor, links, opts, () => Promise.resolve(cycleId));
}

/**
 * Runs `start` (which stores the cycle's new pending members) and then starts the pending members'
 * drafts. When they fit in one chunk everything happens in `start`'s transaction.
 */
async function run(
  db: Db,
  actor: LifecycleActor,
  links: MailLinks,
  opts: RunOptions,
  start: (trx: Tx) => Promise<number>,
): Promise<RunResult> {
  const chunkSize = opts.chunkSize ?? CHUNK;
  const result: RunResult = { cycleId: 0, createdDraftIds: [], skipped: {}, chunks: 0, longestHoldMs: 0, holdsMs: [] };
  const timed = async <T>(fn: (trx: Tx) => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const out = await db.transaction(fn);
    const ms = performance.now() - t0;
    result.longestHoldMs = Math.max(result.longestHoldMs, ms);
    result.holdsMs.push(Math.round(ms));
    result.chunks += 1;
    return out;
  };
  let finished = await timed(async (trx) => {
    result.cycleId = await start(trx);
    if ((await repo.countPending(trx, result.cycleId)) > chunkSize) return false;
    await processChunk(trx, actor, links, result, chunkSize);
    await finish(trx, actor, result);
    return true;
  });
  while (!finished) {
    // Let requests waiting for the writer in between two chunks.
    await new Promise((resolve) => setImmediate(resolve));
    finished = await timed(async (trx) => {
      if ((await processChunk(trx, actor, links, result, chunkSize)) > 0) return false;
      await finish(trx, actor, result);
      return true;
    });
  }
  return result;
}

/** Starts the drafts of the next pending members; returns how many members it decided. */
async function processChunk(trx: Tx, actor: LifecycleActor, links: MailLinks, result: RunResult, chunkSize: number): Promise<number> {
  const cycle = await loadCycle(trx, result.cycleId);
  const batch = await repo.nextPending(trx, cycle.id, chunkSize);
  const versions = new Map<number, number | undefined>();
  const skipped = new Map<repo.SkipReason, number[]>();
  const skip = (reason: repo.SkipReason, memberId: number) => skipped.set(reason, [...(skipped.get(reason) ?? []), memberId]);
  const wanted: { memberId: number; employeeId: number; classSpecId: number; classVersionId: number }[] = [];
  for (const m of batch) {
    const classSpecId = cycle.targetClassSpecId ?? m.jobClassId;
    if (!m.active) skip('deactivated', m.memberId);
    else if (classSpecId === null) skip('no-job-class', m.memberId);
    else {
      if (!versions.has(classSpecId)) versions.set(classSpecId, await currentVersionId(trx, classSpecId));
      const classVersionId = versions.get(classSpecId);
      if (classVersionId === undefined) skip('no-version', m.memberId);
      else wanted.push({ memberId: m.memberId, employeeId: m.userId, classSpecId, classVersionId });
    }
  }
  const ids = await startDrafts(trx, actor, wanted, { cycleId: cycle.id, auditDetails: { source: 'cycle' } });
  const created: { memberId: number; assessmentId: number; classSpecId: number }[] = [];
  ids.forEach((id, i) => {
    if (id === null) skip('open-assessment', wanted[i].memberId);
    else {
      created.push({ memberId: wanted[i].memberId, assessmentId: id, classSpecId: wanted[i].classSpecId });
      result.createdDraftIds.push(id);
    }
  });
  await repo.markCreated(trx, created);
  await notifyDraftsStarted(
    trx,
    cycle,
    created.map((c) => c.assessmentId),
    links,
  );
  for (const [reason, memberIds] of skipped) {
    await repo.markSkipped(trx, memberIds, reason, cycle.targetClassSpecId);
    result.skipped[reason] = (result.skipped[reason] ?? 0) + memberIds.length;
  }
  return batch.length;
}

/** The run's audit entry; a cycle being opened becomes open. */
async function finish(trx: Tx, actor: LifecycleActor, result: RunResult): Promise<void> {
  const cycle = await loadCycle(trx, result.cycleId);
  const details = { created: result.createdDraftIds.length, skipped: result.skipped };
  if (cycle.status === 'opening') {
    await repo.setCycleStatus(trx, cycle.id, 'open');
    await recordAudit(trx, {
      actorId: actor.id,
      action: 'cycle.opened',
      entityType: 'cycle',
      entityId: cycle.id,
      ip: actor.ip,
      details: {
        name: cycle.name,
        population: cycle.populationKind,
        targetClassSpecId: cycle.targetClassSpecId,
        selfDue: cycle.selfDue,
        reviewDue: cycle.reviewDue,
        ...details,
      },
    });
  } else {
    await recordAudit(trx, {
      actorId: actor.id,
      action: 'cycle.people_added',
      entityType: 'cycle',
      entityId: cycle.id,
      ip: actor.ip,
      details,
    });
  }
}

/**
 * Changes the due dates of an open cycle and, when `reminderDays` is given ("7, 1"), the days
 * before each due date on which reminders go out.
 */
export async function changeDates(
  db: Db,
  actor: LifecycleActor,
  cycleId: number,
  input: { selfDue: string; reviewDue: string; reminderDays?: string },
): Promise<boolean> {
  const errors: FieldErrors = {};
  const dates = parseDates(input, errors);
  const typedDays = input.reminderDays === undefined ? undefined : parseReminderDays(input.reminderDays, errors);
  if (!dates || Object.keys(errors).length) throw new ValidationError(errors);
  return db.transaction(async (trx) => {
    const c = await loadCycle(trx, cycleId);
    assertOpen(c);
    const before = c.reminderDays.join(',');
    const reminderDays = typedDays ?? before;
    if (c.selfDue === dates.selfDue && c.reviewDue === dates.reviewDue && reminderDays === before) return false;
    await repo.setCycleDates(trx, cycleId, dates.selfDue, dates.reviewDue, reminderDays);
    await recordAudit(trx, {
      actorId: actor.id,
      action: 'cycle.dates_changed',
      entityType: 'cycle',
      entityId: cycleId,
      ip: actor.ip,
      details: { from: { selfDue: c.selfDue, reviewDue: c.reviewDue, reminderDays: before }, to: { ...dates, reminderDays } },
    });
    return true;
  });
}

/** Closes a cycle: read-only from now on; its drafts stay drafts that their owners can finish. */
export async function closeCycle(db: Db, actor: LifecycleActor, cycleId: number): Promise<void> {
  await db.transaction(async (trx) => {
    assertOpen(await loadCycle(trx, cycleId));
    await repo.setCycleStatus(trx, cycleId, 'closed');
    await recordAudit(trx, { actorId: actor.id, action: 'cycle.closed', entityType: 'cycle', entityId: cycleId, ip: actor.ip });
  });
}

// ---- Progress and what is due ----

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Completion counts of a cycle; with `supervisorId` only that supervisor's people (any level below). */
export async function progressOf(db: Queryable, c: repo.Cycle, supervisorId: number | null = null): Promise<Progress> {
  return summarise(await repo.progressCounts(db, c.id, supervisorId), c, today());
}

/** A cycle a supervisor may see: one with people below them; any other answers 404. */
export async function loadCycleForSupervisor(db: Queryable, cycleId: number, supervisorId: number): Promise<repo.Cycle> {
  const c = await repo.findCycle(db, cycleId);
  if (!c || c.status === 'opening' || !(await repo.hasMemberUnder(db, cycleId, supervisorId))) throw new NotFoundError();
  return c;
}

export const cyclesForSupervisor = (db: Queryable, supervisorId: number) => repo.cyclesUnder(db, supervisorId);

export interface DueLine {
  assessmentId: number;
  classTitle: string;
  due: string;
  daysLeft: number;
}

/** Whole days from today to a due day (negative when overdue). */
export function daysUntil(due: string, from = today()): number {
  return Math.round((Date.parse(`${due}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The home page's cycle lines: self-assessments due, and for supervisors the reviews due. */
export async function dueFor(
  db: Queryable,
  userId: number,
  isSupervisor: boolean,
): Promise<{ selfAssessments: DueLine[]; reviews: { cycleId: number; name: string; due: string; daysLeft: number; count: number }[] }> {
  const mine = await repo.selfAssessmentsDue(db, userId);
  const reviews = isSupervisor ? await repo.reviewsDue(db, userId) : [];
  return {
    selfAssessments: mine.map((d) => ({
      assessmentId: d.assessmentId,
      classTitle: d.classTitle,
      due: d.selfDue,
      daysLeft: daysUntil(d.selfDue),
    })),
    reviews: reviews.map((r) => ({ cycleId: r.cycleId, name: r.name, due: r.reviewDue, daysLeft: daysUntil(r.reviewDue), count: r.n })),
  };
}
