import type { Knex } from 'knex';
import { nowIso } from '../db/time';
import { insertedId } from '../db/inserted-id';
import { type Row, jsonOf } from '../db/row';
import { draftOf, type DraftSpec } from './spec-draft';

// Parsed specs held between "preview" and "Confirm import" (table pending_imports, kind 'class-spec').
type Q = Knex | Knex.Transaction;
const KIND = 'class-spec';
/** Previews nobody confirmed or cancelled within a day are of no use any more. */
const TTL_MS = 86_400_000;

export interface PendingSpec {
  id: number;
  userId: number;
  sourceName: string | null;
  spec: DraftSpec;
}

export async function insertPending(db: Q, userId: number, sourceName: string | null, spec: DraftSpec): Promise<number> {
  // Anyone's stale previews go.
  await db('pending_imports')
    .where({ kind: KIND })
    .where('created_at', '<', new Date(Date.now() - TTL_MS).toISOString())
    .del();
  const rows: unknown = await db('pending_imports')
    .insert({ user_id: userId, kind: KIND, source_name: sourceName, payload: JSON.stringify(spec), created_at: nowIso() })
    .returning('id');
  return insertedId(rows);
}

/** Only the person who made the preview can see, confirm or cancel it. */
export async function findPending(db: Q, id: number, userId: number): Promise<PendingSpec | undefined> {
  const row = await db('pending_imports')
    .where({ id, user_id: userId, kind: KIND })
    .where('created_at', '>=', new Date(Date.now() - TTL_MS).toISOString())
    .first<Row | undefined>();
  if (!row) return undefined;
  return {
    id: Number(row.id),
    userId: Number(row.user_id),
    sourceName: (row.source_name as string | null) ?? null,
    spec: draftOf(jsonOf<DraftSpec>(row.payload, {} as DraftSpec)),
  };
}

export async function deletePending(db: Q, id: number, userId: number): Promise<number> {
  return db('pending_imports').where({ id, user_id: userId, kind: KIND }).del();
}

/** Stores an edited preview; only its owner's, and only while it is still fresh. */
export async function updatePending(db: Q, id: number, userId: number, spec: DraftSpec): Promise<number> {
  return db('pending_imports')
    .where({ id, user_id: userId, kind: KIND })
    .update({ payload: JSON.stringify(spec) });
}
