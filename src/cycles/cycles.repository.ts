import type { Knex } from 'knex';
import { insertedId } from '../db/inserted-id';
import { nowIso, toIso } from '../db/time';

// Cycles and their members. Populations are read from `users` here, in SQL, rather than as id
// lists from the users feature: "everyone" is 30,000 people, and one INSERT … SELECT stores them
// as pending members in milliseconds instead of 30,000 ids travelling out and back in.

type Q = Knex | Knex.Transaction;

export type CycleStatus = 'opening' | 'open' | 'closed';
export type PopulationKind = 'department' | 'subtree' | 'everyone' | 'list';
export type MemberState = 'pending' | 'created' | 'skipped';
export type SkipReason = 'open-assessment' | 'no-job-class' | 'deactivated' | 'no-version';

export interface Cycle {
  id: number;
  name: string;
  populationKind: PopulationKind;
  populationValue: string | null;
  targetClassSpecId: number | null;
  targetClassTitle: string | null;
  selfDue: string;
  reviewDue: string;
  /** Days before each due date on which reminders go to people not done yet, largest first. */
  reminderDays: number[];
  status: CycleStatus;
  createdAt: string | null;
  openedAt: string | null;
  closedAt: string | null;
}

interface CycleRow {
  id: number;
  name: string;
  population_kind: PopulationKind;
  population_value: string | null;
  target_class_spec_id: number | null;
  target_title: string | null;
  self_due: string;
  review_due: string;
  reminder_days: string | null;
  status: CycleStatus;
  created_at: unknown;
  opened_at: unknown;
  closed_at: unknown;
}

/** "7,1" → [7, 1]: whole days from 0 to 365, without repeats, largest first. */
export function reminderDaysOf(s: string | null): number[] {
  const days = (s ?? '')
    .split(',')
    .map((d) => d.trim())
    .filter((d) => /^\d{1,3}$/.test(d))
    .map(Number)
    .filter((d) => d <= 365);
  return [...new Set(days)].sort((a, b) => b - a);
}

function toCycle(r: CycleRow): Cycle {
  return {
    id: Number(r.id),
    name: r.name,
    populationKind: r.population_kind,
    populationValue: r.population_value,
    targetClassSpecId: r.target_class_spec_id == null ? null : Number(r.target_class_spec_id),
    targetClassTitle: r.target_title ?? null,
    selfDue: r.self_due,
    reviewDue: r.review_due,
    reminderDays: reminderDaysOf(r.reminder_days),
    status: r.status,
    createdAt: toIso(r.created_at),
    openedAt: toIso(r.opened_at),
    closedAt: toIso(r.closed_at),
  };
}

/** Adds the CTE `sub` (everyone below the supervisor, any depth) to a query. */
function withSubtree(db: Q, qb: Knex.QueryBuilder, supervisorId: number): Knex.QueryBuilder {
  return qb.withRecursive('sub', ['id', 'depth'], (b) => {
    b.select('id', db.raw('1'))
      .from('users')
      .where('supervisor_id', supervisorId)
      .unionAll((u) => {
        u.select('u.id', db.raw('sub.depth + 1')).from('users as u').join('sub', 'u.supervisor_id', 'sub.id').where('sub.depth', '<', 100);
      });
  });
}

const cycleQuery = (db: Q) =>
  db('cycles as y').leftJoin('class_specs as c', 'c.id', 'y.target_class_spec_id').select('y.*', 'c.title as target_title');

export async function findCycle(db: Q, id: number): Promise<Cycle | undefined> {
  const r = await cycleQuery(db).where('y.id', id).first<CycleRow | undefined>();
  return r ? toCycle(r) : undefined;
}

export async function listCycles(db: Q): Promise<(Cycle & { members: number })[]> {
  const rows = await cycleQuery(db)
    .select(db.raw("(select count(*) from cycle_members m where m.cycle_id = y.id and m.state = 'created') as members"))
    .orderBy('y.id', 'desc')
    .limit(200)
    .select<(CycleRow & { members: unknown })[]>();
  return rows.map((r) => ({ ...toCycle(r), members: Number(r.members) }));
}

export interface NewCycle {
  name: string;
  populationKind: PopulationKind;
  populationValue: string | null;
  targetClassSpecId: number | null;
  selfDue: string;
  reviewDue: string;
  createdBy: number;
}

export async function insertCycle(trx: Q, c: NewCycle): Promise<number> {
  const now = nowIso();
  const row = {
    name: c.name,
    population_kind: c.populationKind,
    population_value: c.populationValue,
    target_class_spec_id: c.targetClassSpecId,
    self_due: c.selfDue,
    review_due: c.reviewDue,
    status: 'opening',
    created_by: c.createdBy,
    created_at: now,
    updated_at: now,
  };
  return insertedId(await trx('cycles').insert(row).returning('id'));
}

export async function setCycleStatus(trx: Q, id: number, status: CycleStatus): Promise<void> {
  const now = nowIso();
  await trx('cycles')
    .where({ id })
    .update({
      status,
      updated_at: now,
      ...(status === 'open' ? { opened_at: now } : {}),
      ...(status === 'closed' ? { closed_at: now } : {}),
    });
}

export async function setCycleDates(trx: Q, id: number, selfDue: string, reviewDue: string, reminderDays: string): Promise<void> {
  await trx('cycles').where({ id }).update({ self_due: selfDue, review_due: reviewDue, reminder_days: reminderDays, updated_at: nowIso() });
}

// ---- Members ----

/** The people of a population, as pending members of the cycle; people already members stay as they are. Returns how many were added. */
export async function addMembersFrom(
  trx: Q,
  cycleId: number,
  population: { kind: 'department'; department: string } | { kind: 'subtree'; supervisorId: number } | { kind: 'everyone' },
): Promise<number> {
  const before = await countMembers(trx, cycleId);
  // added_at takes the column default: a bound timestamp in an INSERT … SELECT list is text to PostgreSQL.
  // Not already members: knex leaves ON CONFLICT off an INSERT … SELECT, so the select skips them.
  const notMember = (col: string) => (qb: Knex.QueryBuilder) => {
    qb.whereNotExists((e) => {
      e.select(trx.raw('1')).from('cycle_members as cm').where('cm.cycle_id', cycleId).whereRaw(`cm.user_id = ${col}`);
    });
  };
  const people =
    population.kind === 'subtree'
      ? withSubtree(
          trx,
          trx
            .select(trx.raw('cast(? as integer)', [cycleId]), 'sub.id', trx.raw("'pending'"))
            .from('sub')
            .modify(notMember('sub.id')),
          population.supervisorId,
        )
      : trx('users')
          .select(trx.raw('cast(? as integer)', [cycleId]), 'id', trx.raw("'pending'"))
          .modify(notMember('users.id'))
          .modify((qb) => {
            if (population.kind === 'department') qb.whereRaw('lower(department) = lower(?)', [population.department]);
          });
  await trx.into(trx.raw('cycle_members (cycle_id, user_id, state)')).insert(people);
  return (await countMembers(trx, cycleId)) - before;
}

/** Adds the listed people (by id) as pending members; people already members stay as they are. */
export async function addMembersById(trx: Q, cycleId: number, userIds: number[]): Promise<number> {
  const now = nowIso();
  const before = await countMembers(trx, cycleId);
  for (let i = 0; i < userIds.length; i += 500) {
    await trx('cycle_members')
      .insert(userIds.slice(i, i + 500).map((id) => ({ cycle_id: cycleId, user_id: id, state: 'pending', added_at: now })))
      .onConflict(['cycle_id', 'user_id'])
      .ignore();
  }
  return (await countMembers(trx, cycleId)) - before;
}

async function countMembers(db: Q, cycleId: number): Promise<number> {
  const r = await db('cycle_members').where({ cycle_id: cycleId }).count({ n: '*' }).first<{ n: unknown } | undefined>();
  return Number(r?.n ?? 0);
}

/** The people whose e-mail or employee id is in the list, with the entries that matched nobody. */
export async function resolvePeople(db: Q, entries: string[]): Promise<{ ids: number[]; unknown: string[] }> {
  const found = new Map<string, number>();
  for (let i = 0; i < entries.length; i += 400) {
    const part = entries.slice(i, i + 400);
    const rows = await db('users')
      .whereIn('email', part)
      .orWhereIn('employee_id', part)
      .select<{ id: number; email: string; employee_id: string | null }[]>('id', 'email', 'employee_id');
    for (const r of rows) {
      found.set(r.email, Number(r.id));
      if (r.employee_id) found.set(r.employee_id, Number(r.id));
    }
  }
  const ids = new Set<number>();
  const unknown: string[] = [];
  for (const e of entries) {
    const id = found.get(e);
    if (id === undefined) unknown.push(e);
    else ids.add(id);
  }
  return { ids: [...ids], unknown };
}

export interface PendingMember {
  memberId: number;
  userId: number;
  active: boolean;
  jobClassId: number | null;
}

/** The next pending members of a cycle (oldest first), with what deciding their draft needs. */
export async function nextPending(db: Q, cycleId: number, limit: number): Promise<PendingMember[]> {
  const rows = await db('cycle_members as m')
    .join('users as u', 'u.id', 'm.user_id')
    .where({ 'm.cycle_id': cycleId, 'm.state': 'pending' })
    .orderBy('m.id')
    .limit(limit)
    .select<{ id: number; user_id: number; active: unknown; job_class_id: number | null }[]>(
      'm.id',
      'm.user_id',
      'u.active',
      'u.job_class_id',
    );
  return rows.map((r) => ({
    memberId: Number(r.id),
    userId: Number(r.user_id),
    active: Boolean(r.active),
    jobClassId: r.job_class_id == null ? null : Number(r.job_class_id),
  }));
}

/**
 * Marks members whose cycle draft was just started, with that draft and its class: one UPDATE per
 * 200 members with CASE lists (a statement per member would be 500 round trips per chunk).
 */
export async function markCreated(trx: Q, rows: { memberId: number; assessmentId: number; classSpecId: number }[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    const part = rows.slice(i, i + 200);
    const cases = (pick: (r: (typeof part)[number]) => number) =>
      trx.raw(
        `case id ${part.map(() => 'when ? then cast(? as integer)').join(' ')} end`,
        part.flatMap((r) => [r.memberId, pick(r)]),
      );
    await trx('cycle_members')
      .whereIn(
        'id',
        part.map((r) => r.memberId),
      )
      .update({
        state: 'created',
        stage: 'not_started', // a cycle's draft starts empty (startDrafts prefills nothing)
        skip_reason: null,
        assessment_id: cases((r) => r.assessmentId),
        class_spec_id: cases((r) => r.classSpecId),
      });
  }
}

/** Marks members skipped for one reason, with the class they would have been assessed against. */
export async function markSkipped(trx: Q, memberIds: number[], reason: SkipReason, targetClassSpecId: number | null): Promise<void> {
  for (let i = 0; i < memberIds.length; i += 500) {
    await trx('cycle_members')
      .whereIn('id', memberIds.slice(i, i + 500))
      .update({
        state: 'skipped',
        stage: 'not_started',
        skip_reason: reason,
        assessment_id: null,
        class_spec_id: targetClassSpecId ?? trx.raw('(select u.job_class_id from users u where u.id = cycle_members.user_id)'),
      });
  }
}

export async function countPending(db: Q, cycleId: number): Promise<number> {
  const r = await db('cycle_members').where({ cycle_id: cycleId, state: 'pending' }).count({ n: '*' }).first<{ n: unknown } | undefined>();
  return Number(r?.n ?? 0);
}

export interface SkippedMember {
  userId: number;
  name: string;
  email: string;
  reason: SkipReason;
}

/** Who the cycle skipped and why, by name. */
export async function skippedMembers(db: Q, cycleId: number, limit: number): Promise<{ rows: SkippedMember[]; total: number }> {
  const rows = await db('cycle_members as m')
    .join('users as u', 'u.id', 'm.user_id')
    .where({ 'm.cycle_id': cycleId, 'm.state': 'skipped' })
    .orderBy('u.display_name')
    .limit(limit)
    .select<{ user_id: number; display_name: string; email: string; skip_reason: SkipReason }[]>(
      'm.user_id',
      'u.display_name',
      'u.email',
      'm.skip_reason',
    );
  const t = await db('cycle_members').where({ cycle_id: cycleId, state: 'skipped' }).count({ n: '*' }).first<{ n: unknown } | undefined>();
  return {
    rows: rows.map((r) => ({ userId: Number(r.user_id), name: r.display_name, email: r.email, reason: r.skip_reason })),
    total: Number(t?.n ?? 0),
  };
}

export async function skipCounts(db: Q, cycleId: number): Promise<Record<string, number>> {
  const rows = await db('cycle_members')
    .where({ cycle_id: cycleId, state: 'skipped' })
    .groupBy('skip_reason')
    .select<{ skip_reason: string; n: unknown }[]>('skip_reason', db.raw('count(*) as n'));
  return Object.fromEntries(rows.map((r) => [r.skip_reason, Number(r.n)]));
}

// ---- Progress ----

export interface ProgressRow {
  department: string | null;
  supervisorId: number | null;
  supervisorName: string | null;
  stage: string;
  n: number;
}

/**
 * Members with a cycle draft, counted per department, direct supervisor and stage. The stage is
 * the member row's own (cycle_members.stage, kept by the assessment lifecycle in the transaction
 * of each change), so 30,000 members group from cycle_members joined to users only. With
 * `underSupervisorId` only the people below that supervisor (any depth) are counted.
 */
export async function progressCounts(db: Q, cycleId: number, underSupervisorId: number | null): Promise<ProgressRow[]> {
  let q: Knex.QueryBuilder = db('cycle_members as m')
    .join('users as u', 'u.id', 'm.user_id')
    .where({ 'm.cycle_id': cycleId, 'm.state': 'created' });
  if (underSupervisorId !== null) {
    q = withSubtree(db, q, underSupervisorId).whereIn('m.user_id', db.select('id').from('sub'));
  }
  // Grouped first, then the supervisors' names joined to the groups (a few thousand rows at
  // 30,000 members) rather than to every member.
  const groups = q
    .groupBy('u.department', 'u.supervisor_id', 'm.stage')
    .select('u.department', 'u.supervisor_id', 'm.stage', db.raw('count(*) as n'));
  const rows = await db
    .from(groups.as('g'))
    .leftJoin('users as s', 's.id', 'g.supervisor_id')
    .select<{ department: string | null; supervisor_id: number | null; supervisor_name: string | null; stage: string; n: unknown }[]>(
      'g.department',
      'g.supervisor_id',
      's.display_name as supervisor_name',
      'g.stage',
      'g.n',
    );
  return rows.map((r) => ({
    department: r.department,
    supervisorId: r.supervisor_id == null ? null : Number(r.supervisor_id),
    supervisorName: r.supervisor_name,
    stage: r.stage,
    n: Number(r.n),
  }));
}

/** True when someone below the supervisor is a member with a draft of this cycle. */
export async function hasMemberUnder(db: Q, cycleId: number, supervisorId: number): Promise<boolean> {
  const rows = await progressCounts(db, cycleId, supervisorId);
  return rows.length > 0;
}

// ---- What is due (home page) ----

export interface DueItem {
  cycleId: number;
  assessmentId: number;
  classTitle: string;
  selfDue: string;
  status: string;
}

/** The person's open-cycle drafts not yet submitted, with their due date. */
export async function selfAssessmentsDue(db: Q, userId: number): Promise<DueItem[]> {
  const rows = await db('cycle_members as m')
    .join('cycles as y', 'y.id', 'm.cycle_id')
    .join('assessments as a', 'a.id', 'm.assessment_id')
    .join('class_specs as c', 'c.id', 'a.class_spec_id')
    .where({ 'm.user_id': userId, 'y.status': 'open', 'a.status': 'draft' })
    .orderBy('y.self_due')
    .select<{ cycle_id: number; assessment_id: number; title: string; self_due: string; status: string }[]>(
      'm.cycle_id',
      'm.assessment_id',
      'c.title',
      'y.self_due',
      'a.status',
    );
  return rows.map((r) => ({
    cycleId: Number(r.cycle_id),
    assessmentId: Number(r.assessment_id),
    classTitle: r.title,
    selfDue: r.self_due,
    status: r.status,
  }));
}

/** Per open cycle, how many submitted cycle assessments of the supervisor's people wait for review. */
export async function reviewsDue(db: Q, supervisorId: number): Promise<{ cycleId: number; name: string; reviewDue: string; n: number }[]> {
  const rows = await withSubtree(db, db.from('cycle_members as m'), supervisorId)
    .join('cycles as y', 'y.id', 'm.cycle_id')
    .join('assessments as a', 'a.id', 'm.assessment_id')
    .where({ 'y.status': 'open', 'a.status': 'submitted' })
    .whereIn('m.user_id', db.select('id').from('sub'))
    .groupBy('y.id', 'y.name', 'y.review_due')
    .orderBy('y.review_due')
    .select<{ id: number; name: string; review_due: string; n: unknown }[]>('y.id', 'y.name', 'y.review_due', db.raw('count(*) as n'));
  return rows.map((r) => ({ cycleId: Number(r.id), name: r.name, reviewDue: r.review_due, n: Number(r.n) }));
}

/** The open and closed cycles with at least one member below the supervisor. */
export async function cyclesUnder(db: Q, supervisorId: number): Promise<Cycle[]> {
  const rows = await withSubtree(db, cycleQuery(db), supervisorId)
    .whereExists((e) => {
      e.select(db.raw('1'))
        .from('cycle_members as m')
        .whereRaw('m.cycle_id = y.id')
        .where('m.state', 'created')
        .whereIn('m.user_id', db.select('id').from('sub'));
    })
    .orderBy('y.id', 'desc')
    .select<CycleRow[]>();
  return rows.map(toCycle);
}

// ---- E-mail: who gets the cycle's messages ----

export interface DraftRecipient {
  assessmentId: number;
  employeeId: number;
  employeeName: string;
  classTitle: string;
}

type RecipientRow = { id: number; employee_id: number; display_name: string; title: string };

/** Drafts with their owner's name and class title, for messages to the owner. */
const recipientQuery = (db: Q) =>
  db('assessments as a')
    .join('users as u', 'u.id', 'a.employee_id')
    .join('class_specs as c', 'c.id', 'a.class_spec_id')
    .select('a.id', 'a.employee_id', 'u.display_name', 'c.title');

const toRecipient = (r: RecipientRow): DraftRecipient => ({
  assessmentId: Number(r.id),
  employeeId: Number(r.employee_id),
  employeeName: r.display_name,
  classTitle: r.title,
});

/** The owner and class of each of these drafts (for the "cycle opened" message). */
export async function draftRecipients(db: Q, assessmentIds: number[]): Promise<DraftRecipient[]> {
  const out: DraftRecipient[] = [];
  for (let i = 0; i < assessmentIds.length; i += 500) {
    const rows = await recipientQuery(db)
      .whereIn('a.id', assessmentIds.slice(i, i + 500))
      .orderBy('a.id')
      .select<RecipientRow[]>();
    out.push(...rows.map(toRecipient));
  }
  return out;
}

export async function openCycles(db: Q): Promise<Cycle[]> {
  const rows = await cycleQuery(db).where('y.status', 'open').orderBy('y.id').select<CycleRow[]>();
  return rows.map(toCycle);
}

/** Active members of the cycle whose cycle assessment is still a draft (not started, in progress or returned). */
export async function selfNotDone(db: Q, cycleId: number): Promise<DraftRecipient[]> {
  const rows = await recipientQuery(db)
    .join('cycle_members as m', 'm.assessment_id', 'a.id')
    .where({ 'm.cycle_id': cycleId, 'm.state': 'created', 'a.status': 'draft', 'u.active': true })
    .orderBy('m.id')
    .select<RecipientRow[]>();
  return rows.map(toRecipient);
}

export interface WaitingReview {
  supervisorId: number;
  supervisorName: string;
  employeeName: string;
}

/** Members with a cycle draft `a`, the person `u` and their active direct supervisor `s`. */
const membersUnderSupervisor = (db: Q) =>
  db('cycle_members as m')
    .join('assessments as a', 'a.id', 'm.assessment_id')
    .join('users as u', 'u.id', 'm.user_id')
    .join('users as s', 's.id', 'u.supervisor_id')
    .where({ 'm.state': 'created', 's.active': true });

/** Submitted cycle assessments, with the employee's (active) direct supervisor who reviews them. */
export async function reviewsNotDone(db: Q, cycleId: number): Promise<WaitingReview[]> {
  const rows = await membersUnderSupervisor(db)
    .where({ 'm.cycle_id': cycleId, 'a.status': 'submitted' })
    .orderBy(['s.id', 'u.display_name'])
    .select<{ supervisor_id: number; supervisor_name: string; employee_name: string }[]>(
      's.id as supervisor_id',
      's.display_name as supervisor_name',
      'u.display_name as employee_name',
    );
  return rows.map((r) => ({ supervisorId: Number(r.supervisor_id), supervisorName: r.supervisor_name, employeeName: r.employee_name }));
}

export interface OverdueItem extends WaitingReview {
  cycleName: string;
  what: 'self' | 'review';
  due: string;
}

/**
 * Across open cycles, each overdue self-assessment (still a draft after its due day) and review
 * (still submitted after its due day), with the employee's active direct supervisor. Due days are
 * YYYY-MM-DD text, so "before today" is a string comparison on SQLite and PostgreSQL alike.
 */
export async function overdueBySupervisor(db: Q, today: string): Promise<OverdueItem[]> {
  const rows = await membersUnderSupervisor(db)
    .join('cycles as y', 'y.id', 'm.cycle_id')
    .where({ 'y.status': 'open', 'u.active': true })
    .where((w) => {
      w.where((x) => {
        x.where('a.status', 'draft').where('y.self_due', '<', today);
      }).orWhere((x) => {
        x.where('a.status', 'submitted').where('y.review_due', '<', today);
      });
    })
    .orderBy(['s.id', 'u.display_name', 'y.id'])
    .select<
      {
        supervisor_id: number;
        supervisor_name: string;
        employee_name: string;
        name: string;
        status: string;
        self_due: string;
        review_due: string;
      }[]
    >(
      's.id as supervisor_id',
      's.display_name as supervisor_name',
      'u.display_name as employee_name',
      'y.name',
      'a.status',
      'y.self_due',
      'y.review_due',
    );
  return rows.map((r) => {
    const self = r.status === 'draft';
    return {
      supervisorId: Number(r.supervisor_id),
      supervisorName: r.supervisor_name,
      employeeName: r.employee_name,
      cycleName: r.name,
      what: self ? 'self' : 'review',
      due: self ? r.self_due : r.review_due,
    };
  });
}
