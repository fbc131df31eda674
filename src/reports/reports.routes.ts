import { Router, type Request, type Response } from 'express';
import type { AppDeps } from '../app-deps';
import { CATEGORY_LABELS, levelLabel } from '../competency/scale';
import { formView } from '../web/form-view';
import { currentUser, flash, idParam, str, formBody } from '../web/request';
import { loadReportableAssessment } from './access';
import { toCsv } from './csv-safe';
import { renderGapChart, renderHistoryChart } from './gap-chart';
import { addPlanAction, PLAN_DESCRIPTION_MAX, removePlanAction, updatePlanStatus, type PlanInput } from './plan.service';
import { renderReportPdf } from './report-pdf';
import { formatPercent } from '../competency/gap';
import { acknowledgeResult, ACKNOWLEDGEMENT_MAX } from '../assessments/assessments.service';
import { TEXT as ASSESSMENT_TEXT } from '../assessments/assessment-text';
import {
  buildReport,
  CALIBRATION_LABELS,
  dateOf,
  gapOf,
  historyOf,
  historyPoints,
  itemTitle,
  PLAN_STATUS_LABELS,
  reportCsvRows,
  reportFileName,
  type ReportData,
} from './reports.service';

const EMPTY_PLAN: PlanInput = { itemId: '', description: '', programId: '', targetDate: '', status: 'planned' };

/** Individual gap report, CSV/PDF downloads, development plan, history. */
export function reportRoutes({ db, readDb }: AppDeps): Router {
  const router = Router();

  const load = (req: Request) => loadReportableAssessment(db, currentUser(req), idParam(req.params.id));
  /** The read-only pages and downloads read through the read pool. */
  const loadForRead = (req: Request) => loadReportableAssessment(readDb, currentUser(req), idParam(req.params.id));

  /** The report page's locals; the plan form shows `planInput`. */
  function reportPage(req: Request, res: Response, data: ReportData, planInput: PlanInput = EMPTY_PLAN) {
    const user = currentUser(req);
    const a = data.assessment;
    // A supervisor reading someone's report is in the Reviews part of the site, not "My assessments".
    if (a.employeeId !== user.id) res.locals.currentPath = '/reviews';
    return {
      title: `Gap report: ${a.employeeName}, ${a.classTitle}`,
      data,
      a,
      gap: data.gap,
      isOwner: a.employeeId === user.id,
      canReview: a.employeeId !== user.id && a.status === 'submitted',
      canAcknowledge: a.employeeId === user.id && a.status === 'reviewed' && !a.acknowledgedAt,
      acknowledgementInput: str(formBody(req).acknowledgement),
      ACKNOWLEDGEMENT_MAX,
      acknowledgementMeaning: ASSESSMENT_TEXT.acknowledgementMeaning,
      planInput,
      PLAN_DESCRIPTION_MAX,
      CATEGORY_LABELS,
      CALIBRATION_LABELS,
      PLAN_STATUS_LABELS,
      levelLabel,
      dateOf,
      itemTitle,
      percent: formatPercent,
    };
  }

  const planInputOf = (body: Record<string, unknown>): PlanInput => ({
    itemId: str(body.item_id),
    description: str(body.description),
    programId: str(body.program_id),
    targetDate: str(body.target_date).trim(),
    status: str(body.status) || 'planned',
  });
  // A refused plan change shows the report again: the new action's form keeps what was typed.
  const planForm = formView('reports/report', async (req, res) =>
    reportPage(req, res, await buildReport(db, await load(req)), planInputOf(formBody(req))),
  );
  const statusForm = formView('reports/report', async (req, res) => reportPage(req, res, await buildReport(db, await load(req))));

  router.get('/:id/report', async (req, res) => {
    res.render('reports/report', { ...reportPage(req, res, await buildReport(readDb, await loadForRead(req))), errors: {} });
  });

  router.get('/:id/report/chart.svg', async (req, res) => {
    const a = await loadForRead(req);
    const { gap } = await gapOf(readDb, a);
    res.type('image/svg+xml').send(renderGapChart(gap, { title: `Required and rated levels: ${a.classTitle}` }));
  });

  router.get('/:id/report/history.svg', async (req, res) => {
    const a = await loadForRead(req);
    res
      .type('image/svg+xml')
      .send(renderHistoryChart(historyPoints(await historyOf(readDb, a)), { title: `Readiness over time: ${a.classTitle}` }));
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

  // The employee acknowledges the reviewed result from the report page (seen, not agreed).
  router.post('/:id/acknowledge', statusForm, async (req, res) => {
    const a = await load(req);
    await acknowledgeResult(db, { id: currentUser(req).id, ip: req.ip ?? null }, a, str(formBody(req).acknowledgement));
    flash(req, 'success', 'You have acknowledged this result.');
    res.redirect(303, `/assessments/${a.id}/report#acknowledgement-section`);
  });

  router.post('/:id/plan', planForm, async (req, res) => {
    const a = await load(req);
    await addPlanAction(db, a, await buildReport(db, a), currentUser(req).id, planInputOf(formBody(req)), req.ip ?? null);
    flash(req, 'success', 'Action added to the development plan.');
    res.redirect(303, `/assessments/${a.id}/report#plan`);
  });

  router.post('/:id/plan/:actionId', statusForm, async (req, res) => {
    const a = await load(req);
    await updatePlanStatus(db, a, currentUser(req).id, idParam(req.params.actionId), str(formBody(req).status), req.ip ?? null);
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
