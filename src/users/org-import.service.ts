import type { Db } from '../db/types';
import { recordAudit, recordAuditMany } from '../audit/audit.service';
import { hashPassword, temporaryPassword } from '../auth/passwords';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import type { UploadParser } from '../uploads/isolated-parse';
import { parseOrgFile, type ImportColumns, type ImportRow } from './org-import-parse';
import { planImport, type ImportPlan, type ImportSummary, type RowStatus } from './org-import-plan';
import { applyPlan, findPendingImport, insertPendingImport, loadDirectory, updatePendingPayload } from './org-import.repository';

/**
 * Temporary passwords are ~119 bits from the CSPRNG and must be replaced at first sign-in, so their
 * strength comes from entropy, not from the work factor: a low scrypt cost (stored in the hash) is
 * as safe here as the normal 2^17 and makes 30,000 accounts take seconds instead of half an hour.
 * (Measured on 2 cores: cost 14 ≈ 56 ms/hash → 28 min for 30,000; cost 10 ≈ 2.7 ms → 80 s;
 * cost 5 ≈ 0.11 ms → 3.4 s.) The person's own password, set at first sign-in, uses the full cost.
 */
export const IMPORT_PASSWORD_COST = 5;
const HASH_BATCH = 256;

/** One row of the preview as stored: [row number, status, email, name, errors or changed fields]. */
export type PreviewRow = [number, RowStatus, string, string, string[]];

export interface OrgImportPayload {
  state: 'preview' | 'applied';
  columns: ImportColumns;
  rows: ImportRow[];
  summary: ImportSummary;
  preview: PreviewRow[];
  applied?: { created: number; updated: number; unchanged: number; at: string };
  credentials?: [string, string, string][] | null;
}

export interface Actor {
  id: number;
  ip?: string | null;
}

function previewRows(plan: ImportPlan): PreviewRow[] {
  return plan.rows.map((p) => [p.row, p.status, p.email, p.displayName, p.status === 'error' ? p.errors : p.changes]);
}

/** Reads the file, checks every row against the people already stored, and keeps the preview server-side. A file that cannot be used throws ValidationError. */
export async function previewOrgImport(
  db: Db,
  actor: Actor,
  file: { buffer: Buffer; originalname: string } | undefined,
  uploads: UploadParser,
): Promise<{ id: number; summary: ImportSummary }> {
  if (!file || file.buffer.length === 0) throw new ValidationError({ file: 'Choose a CSV or Excel (.xlsx) file to upload.' });
  const parsed = await parseOrgFile(file.buffer, file.originalname, uploads);
  const plan = planImport(parsed.rows, parsed.columns, await loadDirectory(db), actor.id);
  const payload: OrgImportPayload = {
    state: 'preview',
    columns: parsed.columns,
    rows: parsed.rows,
    summary: plan.summary,
    preview: previewRows(plan),
  };
  const id = await insertPendingImport(db, actor.id, file.originalname || 'upload', payload);
  return { id, summary: plan.summary };
}

export async function loadOrgImport(db: Db, actor: Actor, id: number) {
  const pending = await findPendingImport<OrgImportPayload>(db, id, actor.id);
  if (!pending) throw new NotFoundError();
  return pending;
}

async function hashAll(passwords: Map<string, string>): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const entries = [...passwords];
  for (let i = 0; i < entries.length; i += HASH_BATCH) {
    const batch = entries.slice(i, i + HASH_BATCH);
    const hashes = await Promise.all(batch.map(([, pw]) => hashPassword(pw, IMPORT_PASSWORD_COST)));
    batch.forEach(([email], j) => out.set(email, hashes[j]));
  }
  return out;
}

/**
 * Applies the previewed file in one transaction, or nothing at all. The plan is computed again
 * inside the transaction so that what is applied matches the database at that moment.
 */
export async function confirmOrgImport(db: Db, actor: Actor, id: number): Promise<OrgImportPayload['applied']> {
  const pending = await loadOrgImport(db, actor, id);
  const payload = pending.payload;
  if (payload.state === 'applied') throw new ConflictError('This import has already been applied.', 'Already imported');
  if (payload.summary.errors > 0)
    throw new ValidationError({}, 'This file has rows with errors. Correct the file and upload it again; nothing has been imported.');

  // Hash outside the transaction: it is CPU work, and SQLite has one connection.
  const outside = planImport(payload.rows, payload.columns, await loadDirectory(db), actor.id);
  const passwords = new Map(outside.rows.filter((p) => p.status === 'new').map((p) => [p.email, temporaryPassword()]));
  const hashes = await hashAll(passwords);

  const result = await db.transaction(async (trx) => {
    const plan = planImport(payload.rows, payload.columns, await loadDirectory(trx), actor.id);
    if (plan.summary.errors > 0) {
      throw new ConflictError(
        'People were changed since this preview and the file no longer applies cleanly. Upload it again to see a new preview; nothing has been imported.',
      );
    }
    for (const p of plan.rows) {
      if (p.status === 'new' && !hashes.has(p.email)) {
        const pw = temporaryPassword();
        passwords.set(p.email, pw);
        hashes.set(p.email, await hashPassword(pw, IMPORT_PASSWORD_COST));
      }
    }
    const { people, ...counts } = await applyPlan(trx, plan, hashes);
    const applied = { ...counts, unchanged: plan.summary.unchanged, at: new Date().toISOString() };
    // One row per person created or changed, so the log shows who created any given account.
    await recordAuditMany(
      trx,
      people.map((p) => ({
        actorId: actor.id,
        action: p.status === 'new' ? 'user.created' : 'user.updated',
        entityType: 'user',
        entityId: p.id,
        details:
          p.status === 'new'
            ? { email: p.email, via: 'org import', import: id }
            : { email: p.email, via: 'org import', import: id, changed: p.changes },
        ip: actor.ip,
      })),
    );
    await recordAudit(trx, {
      actorId: actor.id,
      action: 'org.imported',
      entityType: 'import',
      entityId: id,
      details: {
        file: pending.sourceName,
        rows: plan.summary.total,
        created: counts.created,
        updated: counts.updated,
        unchanged: plan.summary.unchanged,
      },
      ip: actor.ip,
    });
    const credentials = plan.rows
      .filter((p) => p.status === 'new')
      .map((p): [string, string, string] => [p.email, p.displayName, passwords.get(p.email)!]);
    // The preview rows are no longer needed; the temporary passwords wait here until shown once.
    await updatePendingPayload(trx, id, { ...payload, rows: [], preview: [], state: 'applied', applied, credentials });
    return applied;
  });
  return result;
}

/** Hands out the temporary passwords of an applied import exactly once, then erases them. */
export async function takeCredentials(db: Db, actor: Actor, id: number): Promise<[string, string, string][] | null> {
  return db.transaction(async (trx) => {
    const pending = await findPendingImport<OrgImportPayload>(trx, id, actor.id);
    if (!pending || pending.payload.state !== 'applied') throw new NotFoundError();
    const creds = pending.payload.credentials ?? null;
    if (creds) await updatePendingPayload(trx, id, { ...pending.payload, credentials: null });
    return creds;
  });
}
