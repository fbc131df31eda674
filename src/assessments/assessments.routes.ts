import { Router, type Request, type Response } from 'express';
import type { AppDeps } from '../app-deps';
import type { Db } from '../db/types';
import { NotFoundError } from '../errors';
import { formView } from '../web/form-view';
import { currentUser, flash, formBody, idParam, str } from '../web/request';
import { TEXT } from './assessment-text';
import { buildSections, errorGroups, viewHelpers } from './assessment-view';
import type { Assessment } from './assessments.repository';
import * as service from './assessments.service';
import { AutosaveQueue } from './autosave-queue';
import { entriesFromBody, onlyChanged, type RawEntry } from './rating-input';
import { guidanceForItems } from '../onet/onet.service';

/** Self-assessment: my assessments, start, rating form, drafts, submit, reassess. */
export function assessmentRoutes({ db, readDb, config }: AppDeps): Router {
  const autosave = new AutosaveQueue(db);
  const router = Router();
  const actor = (req: Request): service.Actor => ({ id: currentUser(req).id, ip: req.ip ?? null });
  const owned = (req: Request) => service.loadOwned(db, currentUser(req).id, idParam(req.params.id));

  router.get('/', async (req, res) => {
    const assessments = await service.myAssessments(db, currentUser(req).id);
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
    const classes = await service.searchClasses(db, q);
    res.render('assessments/new', { title: TEXT.startTitle, q, classes });
  });

  router.post('/', async (req, res) => {
    const classSpecId = idParam(str(formBody(req).classSpecId));
    const { id, existing } = await service.startAssessment(db, actor(req), classSpecId);
    const a = await service.loadOwned(db, currentUser(req).id, id);
    flash(req, existing ? 'info' : 'success', existing ? TEXT.alreadyOpen(a.classTitle) : TEXT.started(a.classTitle));
    res.redirect(303, `/assessments/${id}`);
  });

  router.get('/:id', async (req, res) => {
    const a = await owned(req);
    if (a.status === 'draft') return renderForm(res, db, a);
    const data = await service.loadFormData(db, a);
    const view = buildSections(data.items, data.ratings);
    res.render('assessments/show', { title: `Assessment: ${a.classTitle}`, a, version: data.version, ...view, ...viewHelpers });
  });

  // A refused save shows the draft with what was typed over what is stored (after unrated items
  // on submit, the rest has been saved, so the two agree) and the service's summary.
  const typedDraft = formView('assessments/form', async (req, _res, err) =>
    formLocals(db, await owned(req), {
      overlay: onlyChanged(entriesFromBody(formBody(req))),
      errors: err.fields,
      summary: err.summary ?? undefined,
    }),
  );

  router.post('/:id', typedDraft, async (req, res) => {
    const a = await owned(req);
    const submit = str(formBody(req).action) === 'submit';
    const result = await service.saveForm(db, actor(req), a, entriesFromBody(formBody(req)), submit, {
      baseUrl: config.publicBaseUrl,
    });
    flash(req, 'success', result.kind === 'submitted' ? TEXT.submitted : TEXT.saved);
    res.redirect(303, `/assessments/${a.id}`);
  });

  router.post('/:id/ratings/:itemId', async (req, res) => {
    res.json(await service.saveOne(autosave, actor(req), idParam(req.params.id), idParam(req.params.itemId), formBody(req), readDb));
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
    flash(req, 'success', TEXT.deleted(a.classTitle));
    res.redirect(303, '/assessments');
  });

  router.post('/:id/reassess', async (req, res) => {
    const a = await owned(req);
    const { id, existing } = await service.reassess(db, actor(req), a);
    flash(req, existing ? 'info' : 'success', existing ? TEXT.alreadyOpen(a.classTitle) : TEXT.reassessed(a.classTitle));
    res.redirect(303, `/assessments/${id}`);
  });

  return router;
}

async function renderForm(res: Response, db: Db, a: Assessment): Promise<void> {
  res.render('assessments/form', await formLocals(db, a));
}

async function formLocals(
  db: Db,
  a: Assessment,
  opts: { overlay?: Map<number, RawEntry>; errors?: Record<string, string>; summary?: string } = {},
) {
  const data = await service.loadFormData(db, a);
  const view = buildSections(data.items, data.ratings, opts.overlay, opts.errors, await service.previousLevels(db, a));
  const onetGuidance = await guidanceForItems(
    db,
    data.items.map((i) => i.id),
  );
  return {
    onetGuidance,
    title: `Self-assessment: ${a.classTitle}`,
    a,
    version: data.version,
    ...view,
    errors: opts.errors ?? {},
    errorGroups: errorGroups(opts.errors ?? {}, view.sections),
    summary: opts.summary ?? null,
    reassessNote: a.previousAssessmentId ? TEXT.reassessNote : null,
    ...viewHelpers,
  };
}
