import { Router, type Request, type Response } from 'express';
import type { AppDeps } from '../app-deps';
import { requireRole, hasRole } from '../auth/require-role';
import { NotFoundError, type FieldErrors } from '../errors';
import { formView } from '../web/form-view';
import { currentUser, flash, idParam, str, formBody } from '../web/request';
import * as repo from './programs.repository';
import * as service from './programs.service';
import { FORMATS, FORMAT_LABELS, MESSAGES } from './training.text';

const editors = requireRole('training', 'admin');

export function programRoutes({ db }: AppDeps): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    const user = currentUser(req);
    const canEdit = hasRole(user, 'training', 'admin');
    const q = str(req.query.q).slice(0, 200);
    const includeArchived = canEdit && str(req.query.archived) === '1';
    const programs = await repo.listPrograms(db, { q, includeArchived });
    const keys = await repo.keysOfPrograms(
      db,
      programs.map((p) => p.id),
    );
    res.render('training/programs', {
      title: 'Training programs',
      programs,
      keys,
      q,
      includeArchived,
      canEdit,
      formatLabels: FORMAT_LABELS,
      isWebUrl: service.isWebUrl,
    });
  });

  // Registered before /:id so "new" is not read as an id.
  router.get('/new', editors, async (req, res) => {
    await renderForm(req, res, { input: service.EMPTY_INPUT, errors: {}, programId: null, filter: str(req.query.keyFilter) });
  });

  // A refused save shows the form again with everything typed and the ticked keys.
  const typedForm = formView('training/program-form', (req) => {
    const body = formBody(req);
    return formLocals({
      input: service.readProgramInput(body),
      programId: req.params.id ? idParam(req.params.id) : null,
      filter: str(body.keyFilter),
    });
  });

  router.post('/', editors, typedForm, async (req, res) => {
    await save(req, res, null);
  });

  router.get('/:id', async (req, res) => {
    const user = currentUser(req);
    const program = await repo.findProgram(db, idParam(req.params.id));
    if (!program) throw new NotFoundError();
    const keys = (await repo.keysOfPrograms(db, [program.id])).get(program.id) ?? [];
    res.render('training/program', {
      title: program.title,
      program,
      keys,
      canEdit: hasRole(user, 'training', 'admin'),
      formatLabels: FORMAT_LABELS,
      safeUrl: service.isWebUrl(program.url),
    });
  });

  router.get('/:id/edit', editors, async (req, res) => {
    const program = await repo.findProgram(db, idParam(req.params.id));
    if (!program) throw new NotFoundError();
    const keys = (await repo.keysOfPrograms(db, [program.id])).get(program.id) ?? [];
    await renderForm(req, res, {
      input: service.inputFromProgram(program, keys),
      errors: {},
      programId: program.id,
      filter: str(req.query.keyFilter),
    });
  });

  router.post('/:id', editors, typedForm, async (req, res) => {
    const id = idParam(req.params.id);
    if (!(await repo.findProgram(db, id))) throw new NotFoundError();
    await save(req, res, id);
  });

  router.post('/:id/archive', editors, async (req, res) => {
    const id = idParam(req.params.id);
    const archive = str(formBody(req).restore) !== '1';
    await service.setArchived(db, id, archive, { id: currentUser(req).id, ip: req.ip ?? null });
    flash(req, 'success', archive ? MESSAGES.archived : MESSAGES.restored);
    res.redirect(303, `/training/programs/${id}`);
  });

  async function save(req: Request, res: Response, id: number | null): Promise<void> {
    const body = formBody(req);
    const input = service.readProgramInput(body);
    const filter = str(body.keyFilter);
    // The "Filter" button re-renders the form with the ticked keys kept; nothing is saved.
    if (str(body.action) === 'filter') {
      await renderForm(req, res, { input, errors: {}, programId: id, filter });
      return;
    }
    const actor = { id: currentUser(req).id, ip: req.ip ?? null };
    if (id === null) {
      id = await service.createProgram(db, input, actor);
      flash(req, 'success', MESSAGES.created);
    } else {
      await service.editProgram(db, id, input, actor);
      flash(req, 'success', MESSAGES.updated);
    }
    res.redirect(303, `/training/programs/${id}`);
  }

  async function renderForm(
    _req: Request,
    res: Response,
    opts: { input: service.ProgramInput; errors: FieldErrors; programId: number | null; filter: string },
  ): Promise<void> {
    res.render('training/program-form', { ...(await formLocals(opts)), errors: opts.errors });
  }

  async function formLocals(opts: { input: service.ProgramInput; programId: number | null; filter: string }) {
    const filter = opts.filter.slice(0, 200);
    const [matching, ticked] = await Promise.all([repo.selectableKeys(db, filter), repo.keysByIds(db, opts.input.keyIds)]);
    const tickedIds = new Set(ticked.map((k) => k.id));
    // Ticked keys always stay on the form (first), whatever the filter shows.
    const others = matching.filter((k) => !tickedIds.has(k.id));
    return {
      title: opts.programId ? 'Edit training program' : 'New training program',
      input: opts.input,
      programId: opts.programId,
      filter,
      ticked,
      others,
      formats: FORMATS,
      formatLabels: FORMAT_LABELS,
    };
  }

  return router;
}
