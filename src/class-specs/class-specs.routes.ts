import { Router, type Request, type Response } from 'express';
import type { AppDeps } from '../app-deps';
import { requireRole } from '../auth/require-role';
import { ValidationError, NotFoundError } from '../errors';
import { currentUser, flash, idParam, str } from '../web/request';
import { getItems, getVersion } from './catalogue.repository';
import { listCatalogue, listVersions, versionExtras, versionIdOf } from './class-specs.repository';
import { changeRequiredLevel } from './class-specs.service';
import { TEXT } from './class-specs.text';
import { VIEW_HELPERS } from './class-specs.view';

/** Class specifications (admins only; everyone else gets 404): catalogue, import with preview, versions, required levels, key merges. */
export function classSpecRoutes(deps: AppDeps): Router {
  const { db } = deps;
  const router = Router();
  router.use(requireRole('admin'));

  router.get('/', async (_req, res) => {
    res.render('class-specs/catalogue', { ...VIEW_HELPERS, title: TEXT.catalogueTitle, classes: await listCatalogue(db) });
  });

  async function renderClass(req: Request, res: Response, opts: { version?: number; errors?: Record<string, string>; values?: Record<string, string>; status?: number }) {
    const classSpecId = idParam(req.params.id);
    const versions = await listVersions(db, classSpecId);
    if (!versions.length) throw new NotFoundError();
    const wanted = opts.version ?? versions[0].version;
    const versionId = await versionIdOf(db, classSpecId, wanted);
    if (!versionId) throw new NotFoundError();
    const version = await getVersion(db, versionId);
    if (!version) throw new NotFoundError();
    res.status(opts.status ?? 200).render('class-specs/class', {
      ...VIEW_HELPERS,
      title: version.title,
      classSpecId,
      version,
      doc: { ...version, group: version.groupName },
      extras: await versionExtras(db, versionId),
      items: await getItems(db, versionId),
      versions,
      currentVersion: versions[0].version,
      errors: opts.errors ?? {},
      values: opts.values ?? {},
    });
  }

  router.get('/:id', async (req, res) => {
    const v = str(req.query.version);
    if (v !== '' && !/^\d{1,6}$/.test(v)) throw new NotFoundError();
    await renderClass(req, res, { version: v ? Number(v) : undefined });
  });

  router.post('/:id/items/:itemId/required-level', async (req, res) => {
    const classSpecId = idParam(req.params.id);
    const itemId = idParam(req.params.itemId);
    const raw = str(req.body?.level);
    try {
      const r = await changeRequiredLevel(db, { classSpecId, itemId, raw, actorId: currentUser(req).id, ip: req.ip ?? null });
      if (r.remeasured) deps.logger.info({ remeasured: r.remeasured, itemId }, 'results re-measured after a required-level change');
      flash(req, 'success', r.old === r.level ? TEXT.levelUnchanged(r.label) : TEXT.levelChanged(r.label, r.old, r.level));
      res.redirect(303, `/admin/class-specs/${classSpecId}?version=${r.version}#item-${itemId}`);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const v = str(req.body?.version);
      await renderClass(req, res, { version: /^\d{1,6}$/.test(v) ? Number(v) : undefined, errors: err.fields, values: { [itemId]: raw }, status: 422 });
    }
  });

  return router;
}
