import { Router } from 'express';
import type { AppDeps } from '../app-deps';
import { requireRole } from '../auth/require-role';
import { toCsv } from '../reports/csv-safe';
import { formView } from '../web/form-view';
import { currentUser, flash, idParam } from '../web/request';
import { UPLOAD_LIMIT_BYTES } from '../web/uploads';
import { FRAMEWORK_COLUMNS, FRAMEWORK_TEMPLATE } from './framework-plan';
import { cancelFramework, confirmFramework, previewFramework, showFramework } from './framework.service';
import { TEXT } from './class-specs.text';
import { VIEW_HELPERS } from './class-specs.view';

/** Framework import: CSV/XLSX of statements for several classes → row-by-row preview → confirm (one transaction) or cancel. */
export function frameworkRoutes({ db, uploads }: AppDeps): Router {
  const router = Router();
  router.use(requireRole('admin'));
  const formPage = () => ({
    ...VIEW_HELPERS,
    title: TEXT.frameworkTitle,
    columns: FRAMEWORK_COLUMNS,
    maxMb: UPLOAD_LIMIT_BYTES / 1024 / 1024,
  });

  router.get('/', (_req, res) => res.render('class-specs/framework', { ...formPage(), errors: {} }));

  router.get('/template.csv', (_req, res) => {
    res.type('text/csv; charset=utf-8');
    res.attachment('class-framework-template.csv');
    res.send(toCsv(FRAMEWORK_TEMPLATE));
  });

  router.post(
    '/',
    formView('class-specs/framework', () => formPage()),
    async (req, res) => {
      const file =
        req.file && (req.file.size > 0 || req.file.originalname) ? { buffer: req.file.buffer, name: req.file.originalname } : undefined;
      const id = await previewFramework(db, currentUser(req).id, file, uploads);
      res.redirect(303, `/admin/class-specs/framework/${id}`);
    },
  );

  const previewPage = async (id: number, userId: number) => ({
    ...VIEW_HELPERS,
    title: TEXT.previewTitle,
    ...(await showFramework(db, id, userId)),
  });

  router.get('/:pendingId', async (req, res) => {
    res.render('class-specs/framework-preview', { ...(await previewPage(idParam(req.params.pendingId), currentUser(req).id)), errors: {} });
  });

  router.post(
    '/:pendingId/confirm',
    formView('class-specs/framework-preview', (req) => previewPage(idParam(req.params.pendingId), currentUser(req).id)),
    async (req, res) => {
      const r = await confirmFramework(db, idParam(req.params.pendingId), currentUser(req).id, req.ip ?? null);
      flash(req, 'success', TEXT.frameworkImported(r.created, r.versions, r.unchanged));
      res.redirect(303, '/admin/class-specs');
    },
  );

  router.post('/:pendingId/cancel', async (req, res) => {
    await cancelFramework(db, idParam(req.params.pendingId), currentUser(req).id);
    flash(req, 'info', TEXT.cancelled);
    res.redirect(303, '/admin/class-specs');
  });

  return router;
}
