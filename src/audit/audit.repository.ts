import type { Knex } from 'knex';

export interface AuditEntry {
  actorId: number | null;
  action: string;
  entityType?: string | null;
  entityId?: string | number | null;
  details?: unknown;
  ip?: string | null;
}

/** Appends to the audit log; pass the transaction so the entry commits with the change it describes. */
export async function recordAudit(db: Knex | Knex.Transaction, entry: AuditEntry): Promise<void> {
  await db('audit_log').insert(auditRow(entry));
}

export async function recordAuditMany(db: Knex | Knex.Transaction, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  for (let i = 0; i < entries.length; i += 200) {
    await db('audit_log').insert(entries.slice(i, i + 200).map(auditRow));
  }
}

function auditRow(entry: AuditEntry) {
  return {
    at: new Date().toISOString(),
    actor_id: entry.actorId,
    action: entry.action,
    entity_type: entry.entityType ?? null,
    entity_id: entry.entityId == null ? null : String(entry.entityId),
    details: entry.details === undefined ? null : JSON.stringify(entry.details),
    ip: entry.ip ?? null,
  };
}
