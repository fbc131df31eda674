import { Router, type Request } from 'express';
import type { AppDeps } from '../app-deps';
import { requireRole } from '../auth/require-role';
import { toIso } from '../db/time';
import { toCsv } from '../reports/csv-safe';
import { str } from '../web/request';
import { summariseDetails } from './audit-format';
import { redactDetails } from './audit-redaction';
import { countAudit, distinctActions, listAudit, type AuditFilter } from './audit-query.repository';

const PER_PAGE = 50;
const CSV_MAX_ROWS = 100_000;

function validDay(s: string): boolean {
  if (!/^\d{4}-\d\d-\d\d$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00.000Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Reads the filter; a malformed date is reported next to its field and not applied. */
function readFilter(req: Request): { filter: AuditFilter; errors: Record<string, string>; input: Record<string, string> } {
  const input = { person: str(req.query.person).trim().slice(0, 200), action: str(req.query.action).slice(0, 60), from: str(req.query.from).trim(), to: str(req.query.to).trim() };
  const errors: Record<string, string> = {};
  for (const k of ['from', 'to'] as const) {
    if (input[k] && !validDay(input[k])) errors[k] = 'Enter a date as YYYY-MM-DD, for example 2026-03-31.';
  }
  if (!errors.from && !errors.to && input.from && input.to && input.from > input.to) errors.to = 'The end date must be on or after the start date.';
  return {
    filter: { person: input.person, action: input.action, from: input.from && !errors.from ? input.from : null, to: input.to && !errors.to ? input.to : null },
    errors,
    input,
  };
}

/** Audit log (admin): filter and CSV download. The application only ever reads this table here. */
export function auditRoutes({ db }: AppDeps): Router {
  const router = Router();
  const admin = requireRole('admin');

  router.get('/audit', admin, async (req, res) => {
    const { filter, errors, input } = readFilter(req);
    const total = await countAudit(db, filter);
    const pages = Math.max(1, Math.ceil(total / PER_PAGE));
    const page = Math.min(pages, Math.max(1, Number.parseInt(str(req.query.page), 10) || 1));
    const rows = (await listAudit(db, filter, PER_PAGE, (page - 1) * PER_PAGE)).map((r) => ({ ...r, when: toIso(r.at), summary: summariseDetails(redactDetails(r.action, r.details)) }));
    const qs = new URLSearchParams(Object.entries(input).filter(([, v]) => v)).toString();
    res.status(Object.keys(errors).length ? 422 : 200).render('audit/index', {
      title: 'Audit log',
      input,
      errors,
      actions: await distinctActions(db),
      rows,
      total,
      page,
      pages,
      qs,
    });
  });

  router.get('/audit.csv', admin, async (req, res) => {
    const { filter } = readFilter(req);
    const rows = await listAudit(db, filter, CSV_MAX_ROWS, 0);
    const table = [
      ['when', 'actor_email', 'actor_name', 'action', 'entity_type', 'entity_id', 'subject_email', 'details', 'ip'],
      ...rows.map((r) => [toIso(r.at), r.actorEmail, r.actorName, r.action, r.entityType, r.entityId, r.subjectEmail, redactDetails(r.action, r.details), r.ip]),
    ];
    res.type('text/csv; charset=utf-8');
    res.attachment(`audit-log-${new Date().toISOString().slice(0, 10)}.csv`);
    res.send(toCsv(table));
  });

  return router;
}
