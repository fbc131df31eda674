import type { Knex } from 'knex';
import { nowIso } from '../db/time';
import { insertedId } from '../db/inserted-id';
import { type Row, jsonOf } from '../db/row';
import { draftOf, type DraftSpec } from './spec-draft';
import type { FrameworkPlan } from './framework-plan';

// Class-spec imports held between "preview" and "Confirm import" (table pending_imports): a read
// spec as HR corrects it (kind 'class-spec'), and a checked framework file (kind 'class-framework').
type Q = Knex | Knex.Transaction;
type Kind = 'class-spec' | 'class-framework';
/** Previews nobody confirmed or cancelled within a day are of no use any more. */
const TTL_MS = 86_400_000;
const staleBefore = () => new Date(Date.now() - TTL_MS).toISOString();

async function insertOf(db: Q, kind: Kind, userId: number, sourceName: string | null, payload: unknown): Promise<number> {
  // Anyone's stale previews go.
  await db('pending_imports').where({ kind }).where('created_at', '<', staleBefore()).del();
  const rows: unknown = await db('pending_imports')
    .insert({ user_id: userId, kind, source_name: sourceName, payload: JSON.stringify(payload), created_at: nowIso() })
    .returning('id');
  return insertedId(rows);
}

/** Only the person who made the preview can see, change, confirm or cancel it. */
function ownedFresh(db: Q, kind: Kind, id: number, userId: number) {
  return db('pending_imports').where({ id, user_id: userId, kind }).where('created_at', '>=', staleBefore());
}

export interface PendingSpec {
  id: number;
  userId: number;
  sourceName: string | null;
  spec: DraftSpec;
}

export function insertPending(db: Q, userId: number, sourceName: string | null, spec: DraftSpec): Promise<number> {
  return insertOf(db, 'class-spec', userId, sourceName, spec);
}

export async function findPending(db: Q, id: number, userId: number): Promise<PendingSpec | undefined> {
  const row = await ownedFresh(db, 'class-spec', id, userId).first<Row | undefined>();
  if (!row) return undefined;
  return {
    id: Number(row.id),
    userId: Number(row.user_id),
    sourceName: (row.source_name as string | null) ?? null,
    spec: draftOf(jsonOf<DraftSpec>(row.payload, {} as DraftSpec)),
  };
}

/** Stores an edited preview; only its owner's, and only while it is still fresh. */
export async function updatePending(db: Q, id: number, userId: number, spec: DraftSpec): Promise<number> {
  return ownedFresh(db, 'class-spec', id, userId).update({ payload: JSON.stringify(spec) });
}

export async function deletePending(db: Q, id: number, userId: number): Promise<number> {
  return db('pending_imports').where({ id, user_id: userId, kind: 'class-spec' }).del();
}

export interface PendingFramework {
  id: number;
  sourceName: string | null;
  plan: FrameworkPlan;
}

export function insertPendingFramework(db: Q, userId: number, sourceName: string, plan: FrameworkPlan): Promise<number> {
  return insertOf(db, 'class-framework', userId, sourceName, plan);
}

export async function findPendingFramework(db: Q, id: number, userId: number): Promise<PendingFramework | undefined> {
  const row = await ownedFresh(db, 'class-framework', id, userId).first<Row | undefined>();
  if (!row) return undefined;
  return {
    id: Number(row.id),
    sourceName: (row.source_name as string | null) ?? null,
    plan: jsonOf<FrameworkPlan>(row.payload, { rows: [], classes: [], errorRows: 0 }),
  };
}

export async function deletePendingFramework(db: Q, id: number, userId: number): Promise<number> {
  return db('pending_imports').where({ id, user_id: userId, kind: 'class-framework' }).del();
}
