import { Router, type Request } from 'express';
import type { AppDeps } from '../app-deps';
import { requireRole } from '../auth/require-role';
import { currentUser } from '../web/request';
import { needsCsv, needsXlsx } from './needs-export';
import * as needs from './needs.service';
import { classOptions, departmentOptions } from './needs.repository';
import { loadEffectiveness } from './effectiveness.service';
import { NEEDS_COLUMNS, MESSAGES } from './training.text';
import { FEWER_THAN_5 } from './suppression';

const aggregateViewers = requireRole('training', 'admin', 'supervisor');

export function needsRoutes({ db }: AppDeps): Router {
  const router = Router();

  router.get('/needs', aggregateViewers, async (req, res) => {
    const user = currentUser(req);
    const params = needs.readNeedsParams(req.query as Record<string, unknown>);
    const errors = needs.validateNeedsParams(params);
    const scope = await needs.scopeFor(db, user);
    const [classes, departments] = await Promise.all([classOptions(db), departmentOptions(db, scope)]);
    const invalid = Object.keys(errors).length > 0;
    const rows = invalid ? [] : await needs.loadNeeds(db, params, scope);
    if (invalid) res.status(422);
    res.render('training/needs', {
      title: 'Training needs',
      params,
      errors,
      rows,
      classes,
      departments,
      wholeOrg: scope === null,
      columns: NEEDS_COLUMNS,
      qs: (o: Partial<needs.NeedsParams>) => needs.needsQueryString(params, o),
      fewer: FEWER_THAN_5,
      noProgram: MESSAGES.noProgram,
    });
  });

  async function exportRows(req: Request) {
    const params = needs.readNeedsParams(req.query as Record<string, unknown>);
    needs.assertValidNeedsParams(params);
    const scope = await needs.scopeFor(db, currentUser(req));
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
      `Period: ${params.from || 'any'} to ${params.to || 'any'}`,
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
