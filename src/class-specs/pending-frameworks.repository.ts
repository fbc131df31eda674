import type { Knex } from 'knex';
import { nowIso } from '../db/time';
import { insertedId } from '../db/inserted-id';
import { type Row, jsonOf } from '../db/row';
import type { FrameworkPlan } from './framework-plan';

// Framework files held between "preview" and "Confirm import" (table pending_imports, kind 'class-framework').
type Q = Knex | Knex.Transaction;
const KIND = 'class-framework';
/** Previews nobody confirmed or cancelled within a day are of no use any more. */
const TTL_MS = 86_400_000;

export interface PendingFramework {
  id: number;
  sourceName: string | null;
  plan: FrameworkPlan;
}

export async function insertPendingFramework(db: Q, userId: number, sourceName: string, plan: FrameworkPlan): Promise<number> {
  await db('pending_imports')
    .where({ kind: KIND })
    .where('created_at', '<', new Date(Date.now() - TTL_MS).toISOString())
    .del();
  const rows: unknown = await db('pending_imports')
    .insert({ user_id: userId, kind: KIND, source_name: sourceName, payload: JSON.stringify(plan), created_at: nowIso() })
    .returning('id');
  return insertedId(rows);
}

/** Only the person who uploaded the file can see, confirm or cancel its preview. */
export async function findPendingFramework(db: Q, id: number, userId: number): Promise<PendingFramework | undefined> {
  const row = await db('pending_imports')
    .where({ id, user_id: userId, kind: KIND })
    .where('created_at', '>=', new Date(Date.now() - TTL_MS).toISOString())
    .first<Row | undefined>();
  if (!row) return undefined;
  return {
    id: Number(row.id),
    sourceName: (row.source_name as string | null) ?? null,
    plan: jsonOf<FrameworkPlan>(row.payload, { rows: [], classes: [], errorRows: 0 }),
  };
}

export async function deletePendingFramework(db: Q, id: number, userId: number): Promise<number> {
  return db('pending_imports').where({ id, user_id: userId, kind: KIND }).del();
}
