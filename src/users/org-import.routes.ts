import { Router, type Request } from 'express';
import type { AppDeps } from '../app-deps';
import { requireRole } from '../auth/require-role';
import { toCsv } from '../reports/csv-safe';
import { formView } from '../web/form-view';
import { currentUser, idParam, str, formBody } from '../web/request';
import { confirmOrgImport, loadOrgImport, previewOrgImport, showOrgPreview, takeCredentials, type Actor } from './org-import.service';

/** Bulk org import: upload → server-side preview → confirm (one transaction) → passwords shown once. */
export function orgImportRoutes({ db, uploads, config }: AppDeps): Router {
  const router = Router();
  const admin = requireRole('admin');
  const actorOf = (req: Request): Actor => ({ id: currentUser(req).id, ip: req.ip ?? null });

  router.get('/', admin, (_req, res) => {
    res.render('users/import', { title: 'Import an organisation', errors: {} });
  });

  router.post(
    '/',
    admin,
    formView('users/import', () => ({ title: 'Import an organisation' })),
    async (req, res) => {
      const { id } = await previewOrgImport(db, actorOf(req), req.file, uploads);
      res.redirect(303, `/admin/users/import/${id}`);
    },
  );

  router.get('/:id', admin, async (req, res) => {
    const id = idParam(req.params.id);
    // Only the page shown is read: a 50,000-row preview is 500 stored pages.
    const preview = await showOrgPreview(db, actorOf(req), id, Number.parseInt(str(req.query.page), 10) || 1);
    if (!preview) return res.redirect(303, `/admin/users/import/${id}/result`);
    res.render('users/import-preview', { title: 'Check the import', id, ...preview });
  });

  router.post('/:id/confirm', admin, async (req, res) => {
    const id = idParam(req.params.id);
    const emailLinks = str(formBody(req).sendLinks) === 'yes' ? { baseUrl: config.publicBaseUrl } : null;
    await confirmOrgImport(db, actorOf(req), id, emailLinks);
    res.redirect(303, `/admin/users/import/${id}/result`);
  });

  router.get('/:id/result', admin, async (req, res) => {
    const id = idParam(req.params.id);
    const pending = await loadOrgImport(db, actorOf(req), id);
    if (pending.payload.state !== 'applied') return res.redirect(303, `/admin/users/import/${id}`);
    res.render('users/import-result', {
      title: 'Import done',
      id,
      sourceName: pending.sourceName,
      applied: pending.payload.applied,
      waiting: pending.payload.credentials?.length ?? 0,
    });
  });

  // POST, not GET: taking the passwords erases them, and a prefetch must not do that.
  router.post('/:id/passwords', admin, async (req, res) => {
    const id = idParam(req.params.id);
    const creds = await takeCredentials(db, actorOf(req), id);
    if (!creds) return res.redirect(303, `/admin/users/import/${id}/result`);
    if (str(formBody(req).format) === 'csv') {
      res.type('text/csv; charset=utf-8');
      res.attachment(`temporary-passwords-import-${id}.csv`);
      return res.send(toCsv([['email', 'display_name', 'temporary_password'], ...creds]));
    }
    res.render('users/import-passwords', { title: 'Temporary passwords', id, creds });
  });

  return router;
}
