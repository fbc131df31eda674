import { Router, type Request } from 'express';
import type { AppDeps } from '../app-deps';
import { requireRole } from '../auth/require-role';
import { currentUser } from '../web/request';
import { needsCsv, needsXlsx } from './needs-export';
import * as needs from './needs.service';
import { classOptions } from './needs.repository';
import { quarterLabel } from './periods';
import { loadEffectiveness } from './effectiveness.service';
import { DIFFERENCING_RULE, NEEDS_COLUMNS, MESSAGES } from './training.text';
import { FEWER_THAN_5, SUPPRESSED } from './suppression';

const aggregateViewers = requireRole('training', 'admin', 'supervisor');

export function needsRoutes({ db }: AppDeps): Router {
  const router = Router();

  router.get('/needs', aggregateViewers, async (req, res) => {
    const user = currentUser(req);
    const params = needs.readNeedsParams(req.query);
    const scope = await needs.scopeFor(db, user);
    const [classes, options] = await Promise.all([classOptions(db), needs.needsOptions(db, params, scope)]);
    const errors = needs.validateNeedsParams(params, options);
    const invalid = Object.keys(errors).length > 0;
    const rows = invalid ? [] : await needs.loadNeeds(db, params, scope);
    if (invalid) res.status(422);
    res.render('training/needs', {
      title: 'Training needs',
      params,
      errors,
      rows,
      classes,
      departments: options.departments,
      periods: options.periods.map((q) => ({ value: q, label: options.periodLabels[q] ?? quarterLabel(q) })),
      wholeOrg: scope === null,
      columns: NEEDS_COLUMNS,
      qs: (o: Partial<needs.NeedsParams>) => needs.needsQueryString(params, o),
      fewer: FEWER_THAN_5,
      suppressed: SUPPRESSED,
      note: needs.differencingNote,
      rule: DIFFERENCING_RULE,
      noProgram: MESSAGES.noProgram,
    });
  });

  async function exportRows(req: Request) {
    const params = needs.readNeedsParams(req.query);
    const scope = await needs.scopeFor(db, currentUser(req));
    needs.assertValidNeedsParams(params, await needs.needsOptions(db, params, scope));
    return { params, rows: await needs.loadNeeds(db, params, scope), scope };
  }

  router.get('/needs.csv', aggregateViewers, async (req, res) => {
    const { rows } = await exportRows(req);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="training-needs.csv"');
    res.send(needsCsv(rows));
  });

  router.get('/needs.xlsx', aggregateViewers, async (req, res) => {
    const { rows, params, scope } = await exportRows(req);
    const classes = await classOptions(db);
    const cls = classes.find((c) => String(c.id) === params.classSpecId);
    const lines = [
      `Scope: ${scope === null ? 'whole organisation' : 'your reporting line'}`,
      `Class: ${cls ? cls.title : 'all classes'}`,
      `Department: ${params.department || 'all departments'}`,
      `Period: ${params.period ? quarterLabel(params.period) : 'all periods (each person’s latest assessment)'}`,
      ...DIFFERENCING_RULE,
    ];
    const buf = await needsXlsx(rows, lines);
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('Content-Disposition', 'attachment; filename="training-needs.xlsx"');
    res.send(buf);
  });

  router.get('/effectiveness', requireRole('training', 'admin'), async (_req, res) => {
    const rows = await loadEffectiveness(db);
    res.render('training/effectiveness', { title: 'Program effectiveness', rows, fewer: FEWER_THAN_5 });
  });

  return router;
}
