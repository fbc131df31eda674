import { Router, type Request, type Response } from 'express';
import type { AppDeps } from '../app-deps';
import { CATEGORY_LABELS, levelLabel } from '../competency/scale';
import type { FieldErrors } from '../errors';
import { currentUser, flash, idParam, str } from '../web/request';
import { loadReportableAssessment } from './access';
import { toCsv } from './csv-safe';
import { renderGapChart, renderHistoryChart } from './gap-chart';
import { addPlanAction, PLAN_DESCRIPTION_MAX, removePlanAction, updatePlanStatus, validatePlanInput, type PlanInput } from './plan.service';
import { renderReportPdf } from './report-pdf';
import { formatPercent } from '../competency/gap';
import {
  buildReport, CALIBRATION_LABELS, dateOf, gapOf, historyOf, historyPoints, itemTitle, PLAN_STATUS_LABELS, reportCsvRows,
  reportFileName, type ReportData,
} from './reports.service';

const EMPTY_PLAN: PlanInput = { itemId: '', description: '', programId: '', targetDate: '', status: 'planned' };

/** Individual gap report, CSV/PDF downloads, development plan, history. */
export function reportRoutes({ db, readDb }: AppDeps): Router {
  const router = Router();

  const load = (req: Request) => loadReportableAssessment(db, currentUser(req), idParam(req.params.id));
  /** The read-only pages and downloads read through the read pool. */
  const loadForRead = (req: Request) => loadReportableAssessment(readDb, currentUser(req), idParam(req.params.id));

  function render(req: Request, res: Response, data: ReportData, planErrors: FieldErrors = {}, planInput: PlanInput = EMPTY_PLAN) {
    const user = currentUser(req);
    const a = data.assessment;
    // A supervisor reading someone's report is in the Reviews part of the site, not "My assessments".
    if (a.employeeId !== user.id) res.locals.currentPath = '/reviews';
    res.status(Object.keys(planErrors).length ? 422 : 200).render('reports/report', {
      title: `Gap report: ${a.employeeName}, ${a.classTitle}`,
      data, a, gap: data.gap, isOwner: a.employeeId === user.id,
      canReview: a.employeeId !== user.id && a.status === 'submitted',
      errors: planErrors, planInput, PLAN_DESCRIPTION_MAX,
      CATEGORY_LABELS, CALIBRATION_LABELS, PLAN_STATUS_LABELS, levelLabel, dateOf, itemTitle, percent: formatPercent,
    });
  }

  router.get('/:id/report', async (req, res) => {
    render(req, res, await buildReport(readDb, await loadForRead(req)));
  });

  router.get('/:id/report/chart.svg', async (req, res) => {
    const a = await loadForRead(req);
    const { gap } = await gapOf(readDb, a);
    res.type('image/svg+xml').send(renderGapChart(gap, { title: `Required and rated levels: ${a.classTitle}` }));
  });

  router.get('/:id/report/history.svg', async (req, res) => {
    const a = await loadForRead(req);
    res.type('image/svg+xml').send(renderHistoryChart(historyPoints(await historyOf(readDb, a)), { title: `Readiness over time: ${a.classTitle}` }));
  });

  router.get('/:id/report.csv', async (req, res) => {
    const data = await buildReport(readDb, await loadForRead(req));
    res.type('text/csv; charset=utf-8');
    res.attachment(reportFileName(data, 'csv'));
    res.send(toCsv(reportCsvRows(data)));
  });

  router.get('/:id/report.pdf', async (req, res) => {
    const data = await buildReport(readDb, await loadForRead(req));
    const pdf = await renderReportPdf(data);
    res.type('application/pdf');
    res.attachment(reportFileName(data, 'pdf'));
    res.send(pdf);
  });

  router.post('/:id/plan', async (req, res) => {
    const a = await load(req);
    const data = await buildReport(db, a);
    const input: PlanInput = {
      itemId: str(req.body.item_id),
      description: str(req.body.description),
      programId: str(req.body.program_id),
      targetDate: str(req.body.target_date).trim(),
      status: str(req.body.status) || 'planned',
    };
    const errors = validatePlanInput(input, data);
    if (Object.keys(errors).length) return render(req, res, data, errors, input);
    await addPlanAction(db, a, currentUser(req).id, input, req.ip ?? null);
    flash(req, 'success', 'Action added to the development plan.');
    res.redirect(303, `/assessments/${a.id}/report#plan`);
  });

  router.post('/:id/plan/:actionId', async (req, res) => {
    const a = await load(req);
    const ok = await updatePlanStatus(db, a, currentUser(req).id, idParam(req.params.actionId), str(req.body.status), req.ip ?? null);
    if (!ok) {
      const data = await buildReport(db, a);
      return render(req, res, data, { [`status-${idParam(req.params.actionId)}`]: 'Choose planned, in progress or done' });
    }
    flash(req, 'success', 'Action status updated.');
    res.redirect(303, `/assessments/${a.id}/report#plan`);
  });

  router.post('/:id/plan/:actionId/delete', async (req, res) => {
    const a = await load(req);
    await removePlanAction(db, a, currentUser(req).id, idParam(req.params.actionId), req.ip ?? null);
    flash(req, 'success', 'Action removed from the development plan.');
    res.redirect(303, `/assessments/${a.id}/report#plan`);
  });

  return router;
}
