import { Router, type Request } from 'express';
import type { AppDeps } from '../app-deps';
import { requireRole } from '../auth/require-role';
import { toIso } from '../db/time';
import { toCsv } from '../reports/csv-safe';
import { str } from '../web/request';
import { itemIdsIn, summariseDetails } from './audit-format';
import { redactDetails } from './audit-redaction';
import { checkAuditFilter } from './audit-filter';
import { countAudit, distinctActions, findItems, listAudit, type AuditFilter } from './audit-query.repository';
import { dayOf } from '../core/dates';

const PER_PAGE = 50;
const CSV_MAX_ROWS = 100_000;

/** Reads the filter; a malformed date is reported next to its field and not applied. */
function readFilter(req: Request): { filter: AuditFilter; errors: Record<string, string>; input: Record<string, string> } {
  const input = {
    person: str(req.query.person).trim().slice(0, 200),
    action: str(req.query.action).slice(0, 60),
    from: str(req.query.from).trim(),
    to: str(req.query.to).trim(),
  };
  return { ...checkAuditFilter(input), input };
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
    const listed = (await listAudit(db, filter, PER_PAGE, (page - 1) * PER_PAGE)).map((r) => ({
      ...r,
      details: redactDetails(r.action, r.details),
    }));
    // Statements are named by their wording, not their id; redaction has already run, so ratings stay hidden.
    const items = await findItems(
      db,
      listed.flatMap((r) => itemIdsIn(r.details)),
    );
    const rows = listed.map((r) => ({ ...r, when: toIso(r.at), summary: summariseDetails(r.details, undefined, items) }));
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
      ...rows.map((r) => [
        toIso(r.at),
        r.actorEmail,
        r.actorName,
        r.action,
        r.entityType,
        r.entityId,
        r.subjectEmail,
        redactDetails(r.action, r.details),
        r.ip,
      ]),
    ];
    res.type('text/csv; charset=utf-8');
    res.attachment(`audit-log-${dayOf(new Date())}.csv`);
    res.send(toCsv(table));
  });

  return router;
}
