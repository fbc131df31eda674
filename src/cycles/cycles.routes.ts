import { Router, type Request, type Response } from 'express';
import type { AppDeps } from '../app-deps';
import { requireRole } from '../auth/require-role';
import { listClassTitles } from '../class-specs/catalogue.service';
import type { Queryable } from '../db/types';
import { toCsv } from '../reports/csv-safe';
import { formView } from '../web/form-view';
import { currentUser, flash, formBody, idParam, str } from '../web/request';
import { emptyCycleForm, readCycleForm, readPopulation, type PopulationInput } from './cycle-form';
import { percentOf, progressCsvRows, sortGroups, sortKeyOf, STAGE_HEADINGS, STAGES, type Progress } from './cycle-progress';
import { CYCLE_TEXT } from './cycles.text';
import * as cycles from './cycles.service';

const EMPTY_POPULATION: PopulationInput = { population: '', department: '', supervisor: '', list: '' };

/** The sorted dashboard a page shows; `?sort=<key>&dir=asc|desc` works without JavaScript. */
function dashboardLocals(req: Request, progress: Progress) {
  const sort = sortKeyOf(str(req.query.sort));
  const dir = str(req.query.dir) === 'desc' ? 'desc' : 'asc';
  return {
    progress,
    departments: sortGroups(progress.departments, sort, dir),
    supervisors: sortGroups(progress.supervisors, sort, dir),
    sort,
    dir,
    STAGES,
    STAGE_HEADINGS,
    percentOf,
  };
}

function sendCsv(res: Response, c: cycles.Cycle, progress: Progress): void {
  res.type('text/csv; charset=utf-8');
  res.attachment(`cycle-${c.id}-progress.csv`);
  res.send(toCsv(progressCsvRows(progress)));
}

/** Administrators: open cycles, add people, change dates, close, and follow completion. */
export function cycleAdminRoutes({ db, readDb, config }: AppDeps): Router {
  const router = Router();
  const links = { baseUrl: config.publicBaseUrl };
  router.use(requireRole('admin'));
  const actorOf = (req: Request) => ({ id: currentUser(req).id, ip: req.ip ?? null });

  const newLocals = async (form = emptyCycleForm()) => ({ title: 'Open a cycle', form, classes: await listClassTitles(db), CYCLE_TEXT });

  async function showLocals(
    req: Request,
    q: Queryable,
    typed?: { population?: PopulationInput; dates?: { selfDue: string; reviewDue: string; reminderDays?: string } },
  ) {
    const c = await cycles.loadCycle(q, idParam(req.params.id));
    const skipped = await cycles.skippedOf(q, c.id);
    return {
      title: `Cycle: ${c.name}`,
      cycle: c,
      skipped,
      population: typed?.population ?? EMPTY_POPULATION,
      dates: { selfDue: c.selfDue, reviewDue: c.reviewDue, reminderDays: c.reminderDays.join(', '), ...typed?.dates },
      admin: true,
      base: `/admin/cycles/${c.id}`,
      CYCLE_TEXT,
      ...dashboardLocals(req, await cycles.progressOf(q, c)),
    };
  }

  router.get('/', async (_req, res) => {
    res.render('cycles/index', { title: 'Assessment cycles', rows: await cycles.listCycles(readDb), base: '/admin/cycles', admin: true });
  });

  router.get('/new', async (_req, res) => {
    res.render('cycles/new', { ...(await newLocals()), errors: {} });
  });

  router.post(
    '/',
    formView('cycles/new', (req) => newLocals(readCycleForm(formBody(req)))),
    async (req, res) => {
      const out = await cycles.openCycle(db, actorOf(req), readCycleForm(formBody(req)), links);
      const skipped = Object.values(out.skipped).reduce((a, b) => a + (b ?? 0), 0);
      flash(req, 'success', `Cycle opened: ${out.createdDraftIds.length} drafts started, ${skipped} people skipped.`);
      res.redirect(303, `/admin/cycles/${out.cycleId}`);
    },
  );

  router.get('/:id', async (req, res) => {
    res.render('cycles/show', { ...(await showLocals(req, readDb)), errors: {} });
  });

  router.get('/:id/progress.csv', async (req, res) => {
    const c = await cycles.loadCycle(readDb, idParam(req.params.id));
    sendCsv(res, c, await cycles.progressOf(readDb, c));
  });

  router.post(
    '/:id/people',
    formView('cycles/show', (req) => showLocals(req, db, { population: readPopulation(formBody(req)) })),
    async (req, res) => {
      const out = await cycles.addPeople(db, actorOf(req), idParam(req.params.id), readPopulation(formBody(req)), links);
      const skipped = Object.values(out.skipped).reduce((a, b) => a + (b ?? 0), 0);
      flash(req, 'success', `${out.createdDraftIds.length} drafts started, ${skipped} people skipped.`);
      res.redirect(303, `/admin/cycles/${out.cycleId}`);
    },
  );

  // reminderDays only when the form sent it: a form without the field leaves the reminder days as they are.
  const readDates = (req: Request) => {
    const body = formBody(req);
    const days = body.reminderDays === undefined ? {} : { reminderDays: str(body.reminderDays).trim() };
    return { selfDue: str(body.selfDue).trim(), reviewDue: str(body.reviewDue).trim(), ...days };
  };
  router.post(
    '/:id/dates',
    formView('cycles/show', (req) => showLocals(req, db, { dates: readDates(req) })),
    async (req, res) => {
      const id = idParam(req.params.id);
      const changed = await cycles.changeDates(db, actorOf(req), id, readDates(req));
      flash(req, 'success', changed ? 'Due dates changed.' : 'The due dates are unchanged.');
      res.redirect(303, `/admin/cycles/${id}`);
    },
  );

  router.post('/:id/close', async (req, res) => {
    const id = idParam(req.params.id);
    await cycles.closeCycle(db, actorOf(req), id);
    flash(req, 'success', 'Cycle closed. Drafts stay as they are; nothing in the cycle can change now.');
    res.redirect(303, `/admin/cycles/${id}`);
  });

  router.post('/:id/resume', async (req, res) => {
    const id = idParam(req.params.id);
    const out = await cycles.resumeOpening(db, actorOf(req), id, links);
    flash(req, 'success', `Cycle opened: ${out.createdDraftIds.length} more drafts started.`);
    res.redirect(303, `/admin/cycles/${id}`);
  });

  return router;
}

/** Supervisors: the completion of a cycle among their own people (any level below them). */
export function cycleTeamRoutes({ readDb }: AppDeps): Router {
  const router = Router();
  router.use(requireRole('supervisor'));

  router.get('/', async (req, res) => {
    const rows = await cycles.cyclesForSupervisor(readDb, currentUser(req).id);
    res.render('cycles/index', { title: 'Assessment cycles of your people', rows, base: '/team/cycles', admin: false });
  });

  router.get('/:id', async (req, res) => {
    const me = currentUser(req).id;
    const c = await cycles.loadCycleForSupervisor(readDb, idParam(req.params.id), me);
    res.render('cycles/show', {
      title: `Cycle: ${c.name}`,
      cycle: c,
      admin: false,
      base: `/team/cycles/${c.id}`,
      CYCLE_TEXT,
      errors: {},
      ...dashboardLocals(req, await cycles.progressOf(readDb, c, me)),
    });
  });

  router.get('/:id/progress.csv', async (req, res) => {
    const me = currentUser(req).id;
    const c = await cycles.loadCycleForSupervisor(readDb, idParam(req.params.id), me);
    sendCsv(res, c, await cycles.progressOf(readDb, c, me));
  });

  return router;
}
