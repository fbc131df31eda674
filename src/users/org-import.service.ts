import type { Db } from '../db/types';
import { listCatalogueClasses } from '../class-specs/catalogue.service';
import { recordAudit, recordAuditMany } from '../audit/audit.service';
import { hashPassword, temporaryPassword } from '../auth/passwords';
import { issuePasswordLink } from '../auth/password-reset.service';
import type { MailLinks } from '../mail/outbox.service';
import { ConflictError, GoneError, NotFoundError, ValidationError } from '../errors';
import type { UploadParser } from '../uploads/isolated-parse';
import { parseOrgFile, type ImportColumns, type ImportRow } from './org-import-parse';
import { planImport, type Directory, type ImportSummary, type PlannedRow, type RowStatus } from './org-import-plan';
import {
  applyPlan,
  deletePendingPages,
  findPendingImport,
  findPendingPage,
  findPendingPages,
  insertPendingImport,
  loadDirectory,
  updatePendingPayload,
} from './org-import.repository';

/**
 * Temporary passwords are ~119 bits from the CSPRNG and must be replaced at first sign-in, so their
 * strength comes from entropy, not from the work factor: a low scrypt cost (stored in the hash) is
 * as safe here as the normal 2^17 and makes 30,000 accounts take seconds instead of half an hour.
 * (Measured on 2 cores: cost 14 ≈ 56 ms/hash → 28 min for 30,000; cost 10 ≈ 2.7 ms → 80 s;
 * cost 5 ≈ 0.11 ms → 3.4 s.) The person's own password, set at first sign-in, uses the full cost.
 */
export const IMPORT_PASSWORD_COST = 5;
const HASH_BATCH = 256;

/** Rows on one page of the preview, which is also one stored page (pending_import_pages). */
export const PREVIEW_PAGE_ROWS = 100;
/** Rows with errors listed above the pages (the rest are counted). */
export const ERRORS_SHOWN = 500;
const EXPIRED = 'This preview has expired; upload the file again.';

/** One row of the preview as shown: [row number, status, email, name, errors or changed fields]. */
export type PreviewRow = [number, RowStatus, string, string, string[]];

/** A row of the file as stored: the fields of ImportRow in the order of IMPORT_FIELDS. */
type StoredInput = [number, string, string, string, string, string, string, string, string, string];
const IMPORT_FIELDS = [
  'employeeId',
  'email',
  'displayName',
  'department',
  'jobTitle',
  'supervisorEmail',
  'supervisorEmployeeId',
  'roles',
  'jobClass',
] as const;
/**
 * A row of a stored page: the file's row, then what the preview found (status, then its errors or
 * changed fields), then the name shown when it is not the file's (the stored person's).
 */
type StoredRow = [...StoredInput, RowStatus, string[]] | [...StoredInput, RowStatus, string[], string];

/**
 * What pending_imports.payload holds for an org import (format 3: rows carry the job class): everything but the rows, so
 * that it stays small; the rows are kept page by page (see insertPendingImport). Previews of an
 * earlier format (rows and preview in this value) are refused as expired.
 */
export interface OrgImportPayload {
  format?: 3;
  state: 'preview' | 'applied';
  columns: ImportColumns;
  summary: ImportSummary;
  /** Stored pages of PREVIEW_PAGE_ROWS rows (0 once applied). */
  pages: number;
  /** The first ERRORS_SHOWN rows with errors. */
  errorRows: PreviewRow[];
  applied?: { created: number; updated: number; unchanged: number; at: string; emailed?: number };
  credentials?: [string, string, string][] | null;
}

export interface Actor {
  id: number;
  ip?: string | null;
}

function previewRow(p: PlannedRow): PreviewRow {
  return [p.row, p.status, p.email, p.displayName, p.status === 'error' ? p.errors : p.changes];
}

function storedRow(r: ImportRow, p: PlannedRow): StoredRow {
  const s: StoredRow = [
    r.row,
    r.employeeId,
    r.email,
    r.displayName,
    r.department,
    r.jobTitle,
    r.supervisorEmail,
    r.supervisorEmployeeId,
    r.roles,
    r.jobClass,
    p.status,
    p.status === 'error' ? p.errors : p.changes,
  ];
  if (p.displayName !== r.displayName) s.push(p.displayName);
  return s;
}

function importRowOf(s: StoredRow): ImportRow {
  const r = { row: s[0] } as ImportRow;
  IMPORT_FIELDS.forEach((f, i) => (r[f] = s[i + 1] as string));
  return r;
}

/** How planImport shows a stored row: the email as matched (trimmed, lower case), the name as planned. */
function shownRow(s: StoredRow): PreviewRow {
  return [s[0], s[10], s[2].trim().toLowerCase(), s[12] ?? s[3], s[11]];
}

/** Reads the file, checks every row against the people already stored, and keeps the preview server-side. A file that cannot be used throws ValidationError. */
export async function previewOrgImport(
  db: Db,
  actor: Actor,
  file: { buffer: Buffer; originalname: string } | undefined,
  uploads: UploadParser,
): Promise<{ id: number; summary: ImportSummary }> {
  if (!file || file.buffer.length === 0) throw new ValidationError({ file: 'Choose a CSV or Excel (.xlsx) file to upload.' });
  const { columns, rows } = await parseOrgFile(file.buffer, file.originalname, uploads);
  const plan = planImport(rows, columns, await loadDirectory(db, await listCatalogueClasses(db)), actor.id);
  const errorRows: PreviewRow[] = [];
  for (const p of plan.rows) if (p.status === 'error' && errorRows.length < ERRORS_SHOWN) errorRows.push(previewRow(p));
  const pages = Math.ceil(rows.length / PREVIEW_PAGE_ROWS);
  const payload: OrgImportPayload = { format: 3, state: 'preview', columns, summary: plan.summary, pages, errorRows };
  const id = await insertPendingImport(db, actor.id, file.originalname || 'upload', payload, pages, (page) => {
    const out: StoredRow[] = [];
    for (let i = (page - 1) * PREVIEW_PAGE_ROWS; i < Math.min(rows.length, page * PREVIEW_PAGE_ROWS); i++)
      out.push(storedRow(rows[i], plan.rows[i]));
    return JSON.stringify(out);
  });
  return { id, summary: plan.summary };
}

export async function loadOrgImport(db: Db, actor: Actor, id: number) {
  const pending = await findPendingImport<OrgImportPayload>(db, id, actor.id);
  if (!pending) throw new NotFoundError();
  // A preview stored in an earlier format (its rows in the payload) cannot be shown or applied.
  if (pending.payload.state !== 'applied' && pending.payload.format !== 3) throw new GoneError(EXPIRED, 'Preview expired');
  return pending;
}

/** One page of a preview (clamped to the pages there are), or null once it has been applied. */
export async function showOrgPreview(db: Db, actor: Actor, id: number, page: number) {
  const { sourceName, payload: p } = await loadOrgImport(db, actor, id);
  if (p.state === 'applied') return null;
  const pages = Math.max(1, p.pages);
  const shown = Math.min(pages, Math.max(1, page));
  const json = await findPendingPage(db, id, shown);
  if (json === undefined) throw new GoneError(EXPIRED, 'Preview expired');
  return {
    sourceName,
    summary: p.summary,
    errorRows: p.errorRows,
    moreErrors: Math.max(0, p.summary.errors - p.errorRows.length),
    rows: (JSON.parse(json) as StoredRow[]).map(shownRow),
    perPage: PREVIEW_PAGE_ROWS,
    page: shown,
    pages,
  };
}

/** The file's rows of a preview, read a few pages at a time. */
async function loadImportRows(db: Db, id: number, pages: number): Promise<ImportRow[]> {
  const rows: ImportRow[] = [];
  const step = 50;
  for (let first = 1; first <= pages; first += step) {
    const last = Math.min(pages, first + step - 1);
    const texts = await findPendingPages(db, id, first, last);
    if (texts.length !== last - first + 1) throw new GoneError(EXPIRED, 'Preview expired');
    for (const text of texts) for (const s of JSON.parse(text) as StoredRow[]) rows.push(importRowOf(s));
  }
  return rows;
}

/** A temporary password for each new person as planned now (outside the transaction). */
function newPasswords(rows: ImportRow[], columns: ImportColumns, dir: Directory, actorId: number): Map<string, string> {
  const plan = planImport(rows, columns, dir, actorId);
  return new Map(plan.rows.filter((p) => p.status === 'new').map((p) => [p.email, temporaryPassword()]));
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
 * With `emailLinks`, each new person gets a "set your password" e-mail (queued in the same
 * transaction) instead of a temporary password for HR to hand out: their temporary password is
 * still random and hashed, but never stored for showing.
 */
export async function confirmOrgImport(
  db: Db,
  actor: Actor,
  id: number,
  emailLinks: MailLinks | null = null,
): Promise<OrgImportPayload['applied']> {
  const pending = await loadOrgImport(db, actor, id);
  const payload = pending.payload;
  if (payload.state === 'applied') throw new ConflictError('This import has already been applied.', 'Already imported');
  if (payload.summary.errors > 0)
    throw new ValidationError({}, 'This file has rows with errors. Correct the file and upload it again; nothing has been imported.');

  const rows = await loadImportRows(db, id, payload.pages);
  // Hash outside the transaction: it is CPU work, and SQLite has one connection.
  const passwords = newPasswords(rows, payload.columns, await loadDirectory(db, await listCatalogueClasses(db)), actor.id);
  const hashes = await hashAll(passwords);

  const result = await db.transaction(async (trx) => {
    // Two confirmations at once: the second finds the first applied.
    const now = await findPendingImport<OrgImportPayload>(trx, id, actor.id);
    if (!now) throw new NotFoundError();
    if (now.payload.state !== 'preview') throw new ConflictError('This import has already been applied.', 'Already imported');
    const plan = planImport(rows, payload.columns, await loadDirectory(trx, await listCatalogueClasses(trx)), actor.id);
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
    let emailed = 0;
    if (emailLinks) {
      const names = new Map(plan.rows.map((p) => [p.email, p.displayName]));
      for (const p of people.filter((x) => x.status === 'new')) {
        await issuePasswordLink(trx, { id: p.id, displayName: names.get(p.email) ?? p.email }, 'welcome', emailLinks);
        emailed += 1;
      }
    }
    const applied = { ...counts, unchanged: plan.summary.unchanged, at: new Date().toISOString(), ...(emailLinks ? { emailed } : {}) };
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
    const credentials = emailLinks
      ? null
      : plan.rows.filter((p) => p.status === 'new').map((p): [string, string, string] => [p.email, p.displayName, passwords.get(p.email)!]);
    // The preview rows are no longer needed; the temporary passwords wait here until shown once.
    await deletePendingPages(trx, id);
    await updatePendingPayload(trx, id, { ...payload, pages: 0, errorRows: [], state: 'applied', applied, credentials });
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
