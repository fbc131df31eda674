import { Router, type Request, type Response } from 'express';
import type { Knex } from 'knex';
import type { AppDeps } from '../app-deps';
import { NotFoundError } from '../errors';
import { currentUser, flash, idParam, str } from '../web/request';
import { TEXT } from './assessment-text';
import { buildSections, viewHelpers } from './assessment-view';
import * as repo from './assessments.repository';
import type { Assessment } from './assessments.repository';
import * as service from './assessments.service';
import { AutosaveQueue } from './autosave-queue';
import { autosaveBodyErrors, entriesFromBody, entryFromAutosave, type RawEntry } from './rating-input';
import { onetGuidanceForItems } from '../onet/onet.repository';

/** Self-assessment: my assessments, start, rating form, drafts, submit, reassess. */
export function assessmentRoutes({ db, readDb }: AppDeps): Router {
  const autosave = new AutosaveQueue(db);
  const router = Router();
  const actor = (req: Request): service.Actor => ({ id: currentUser(req).id, ip: req.ip ?? null });
  const owned = (req: Request) => service.loadOwned(db, currentUser(req).id, idParam(req.params.id));

  router.get('/', async (req, res) => {
    const assessments = await repo.listForEmployee(db, currentUser(req).id);
    res.render('assessments/index', { title: TEXT.listTitle, assessments, ...viewHelpers });
  });

  router.get('/new', async (req, res) => {
    const classParam = str(req.query.class);
    if (classParam) {
      const preview = await service.classPreview(db, idParam(classParam), currentUser(req).id);
      if (!preview) throw new NotFoundError(TEXT.noClass);
      return res.render('assessments/preview', { title: `${TEXT.startTitle}: ${preview.version.title}`, ...preview, ...viewHelpers });
    }
    const q = str(req.query.q).trim().slice(0, 200);
    const classes = await repo.searchCatalogue(db, q);
    res.render('assessments/new', { title: TEXT.startTitle, q, classes });
  });

  router.post('/', async (req, res) => {
    const classSpecId = idParam(str((req.body as Record<string, unknown>)?.classSpecId));
    const { id, existing } = await service.startAssessment(db, actor(req), classSpecId);
    const a = await service.loadOwned(db, currentUser(req).id, id);
    flash(req, existing ? 'info' : 'success', existing ? TEXT.alreadyOpen(a.title) : TEXT.started(a.title));
    res.redirect(303, `/assessments/${id}`);
  });

  router.get('/:id', async (req, res) => {
    const a = await owned(req);
    if (a.status === 'draft') return renderForm(res, db, a);
    const data = await service.loadFormData(db, a);
    const view = buildSections(data.items, data.ratings);
    res.render('assessments/show', { title: `Assessment: ${a.title}`, a, version: data.version, ...view, ...viewHelpers });
  });

  router.post('/:id', async (req, res) => {
    const a = await owned(req);
    const submit = str((req.body as Record<string, unknown>)?.action) === 'submit';
    const result = await service.saveForm(db, actor(req), a, entriesFromBody(req.body), submit);
    if (result.kind === 'invalid') {
      return renderForm(res.status(422), db, a, { overlay: result.overlay, errors: result.errors, summary: TEXT.invalidSummary });
    }
    if (result.kind === 'missing') {
      const n = Object.keys(result.errors).length;
      return renderForm(res.status(422), db, a, { errors: result.errors, summary: TEXT.missingSummary(n) });
    }
    flash(req, 'success', result.kind === 'submitted' ? TEXT.submitted : TEXT.saved);
    res.redirect(303, `/assessments/${a.id}`);
  });

  router.post('/:id/ratings/:itemId', async (req, res) => {
    const bodyErrors = autosaveBodyErrors(req.body);
    if (bodyErrors) return void res.status(422).json({ ok: false, errors: bodyErrors });
    const result = await service.saveOne(autosave, actor(req), idParam(req.params.id), idParam(req.params.itemId), entryFromAutosave(req.body), readDb);
    res.status(result.ok ? 200 : 422).json(result);
  });

  router.get('/:id/delete', async (req, res) => {
    const a = await owned(req);
    service.assertDraft(a);
    res.render('assessments/delete', { title: TEXT.deleteTitle, a, ...viewHelpers });
  });

  router.post('/:id/delete', async (req, res) => {
    const a = await owned(req);
    service.assertDraft(a);
    await service.deleteDraft(db, actor(req), a);
    flash(req, 'success', TEXT.deleted(a.title));
    res.redirect(303, '/assessments');
  });

  router.post('/:id/reassess', async (req, res) => {
    const a = await owned(req);
    const { id, existing } = await service.reassess(db, actor(req), a);
    flash(req, existing ? 'info' : 'success', existing ? TEXT.alreadyOpen(a.title) : TEXT.reassessed(a.title));
    res.redirect(303, `/assessments/${id}`);
  });

  return router;
}

async function renderForm(
  res: Response,
  db: Knex,
  a: Assessment,
  opts: { overlay?: Map<number, RawEntry>; errors?: Record<string, string>; summary?: string } = {},
): Promise<void> {
  const data = await service.loadFormData(db, a);
  const view = buildSections(data.items, data.ratings, opts.overlay, opts.errors);
  const onetGuidance = await onetGuidanceForItems(db, data.items.map((i) => i.id));
  res.render('assessments/form', {
    onetGuidance,
    title: `Self-assessment: ${a.title}`,
    a,
    version: data.version,
    ...view,
    errors: opts.errors ?? {},
    summary: opts.summary ?? null,
    ...viewHelpers,
  });
}
