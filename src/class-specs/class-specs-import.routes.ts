import { requireRole } from '../auth/require-role';
import { Router } from 'express';
import type { AppDeps } from '../app-deps';
import { NotFoundError } from '../errors';
import { formView } from '../web/form-view';
import { currentUser, flash, idParam, str, formBody } from '../web/request';
import { stageSpecImport } from './spec-import.service';
import { TEXT } from './class-specs.text';
import { VIEW_HELPERS } from './class-specs.view';
import { deletePending } from './pending-imports.repository';
import { UPLOAD_LIMIT_BYTES } from '../web/uploads';

/**
 * Import a class spec: upload or paste → server-side preview (corrected and confirmed in
 * class-specs-preview.routes.ts) or cancel (stores nothing).
 */
export function importRoutes({ db, uploads }: AppDeps): Router {
  const router = Router();
  router.use(requireRole('admin'));
  // Memory storage: the file is only read, never kept. Too large → LIMIT_FILE_SIZE → the 413 page.

  // The pasted text is kept on a refused import; a file cannot be put back into a file input.
  const importPage = (text: string) => ({
    ...VIEW_HELPERS,
    title: TEXT.importTitle,
    text,
    maxMb: UPLOAD_LIMIT_BYTES / 1024 / 1024,
    progressText: TEXT.importProgress,
  });

  router.get('/', (_req, res) => {
    uploads.warm(); // the file comes next: start the child that will read it now (isolated-parse.ts)
    res.render('class-specs/import', { ...importPage(''), errors: {} });
  });

  router.post(
    '/',
    formView('class-specs/import', (req) => importPage(str(formBody(req).text))),
    async (req, res) => {
      // A browser sends an empty file part when no file was chosen.
      const file =
        req.file && (req.file.size > 0 || req.file.originalname) ? { buffer: req.file.buffer, name: req.file.originalname } : undefined;
      const pendingId = await stageSpecImport(db, currentUser(req).id, { text: str(formBody(req).text), file }, uploads);
      res.redirect(303, `/admin/class-specs/import/${pendingId}`);
    },
  );

  router.post('/:pendingId/cancel', async (req, res) => {
    const deleted = await deletePending(db, idParam(req.params.pendingId), currentUser(req).id);
    if (!deleted) throw new NotFoundError();
    flash(req, 'info', TEXT.cancelled);
    res.redirect(303, '/admin/class-specs');
  });

  return router;
}
