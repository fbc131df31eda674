import { Router, type Request } from 'express';
import type { AppDeps } from '../app-deps';
import { requireRole } from '../auth/require-role';
import { NotFoundError } from '../errors';
import { formView } from '../web/form-view';
import { currentUser, flash, idParam, str, formBody } from '../web/request';
import { getItems, getVersion } from './catalogue.repository';
import { listCatalogue, listVersions, versionExtras, versionIdOf } from './class-specs.repository';
import { changeRequiredLevel } from './class-specs.service';
import { setFamily } from './class-family.service';
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

  async function classPage(req: Request, opts: { version?: number; values?: Record<string, string> }) {
    const classSpecId = idParam(req.params.id);
    const versions = await listVersions(db, classSpecId);
    if (!versions.length) throw new NotFoundError();
    const wanted = opts.version ?? versions[0].version;
    const versionId = await versionIdOf(db, classSpecId, wanted);
    if (!versionId) throw new NotFoundError();
    const version = await getVersion(db, versionId);
    if (!version) throw new NotFoundError();
    return {
      ...VIEW_HELPERS,
      title: version.title,
      classSpecId,
      version,
      doc: { ...version, group: version.groupName },
      extras: await versionExtras(db, versionId),
      items: await getItems(db, versionId),
      versions,
      currentVersion: versions[0].version,
      values: opts.values ?? {},
    };
  }

  router.get('/:id', async (req, res) => {
    const v = str(req.query.version);
    if (v !== '' && !/^\d{1,6}$/.test(v)) throw new NotFoundError();
    res.render('class-specs/class', { ...(await classPage(req, { version: v ? Number(v) : undefined })), errors: {} });
  });

  // A refused level shows the version the form was on, with the typed level kept in its row.
  const levelForm = formView('class-specs/class', (req) => {
    const v = str(formBody(req).version);
    return classPage(req, {
      version: /^\d{1,6}$/.test(v) ? Number(v) : undefined,
      values: { [idParam(req.params.itemId)]: str(formBody(req).level) },
    });
  });

  router.post(
    '/:id/family',
    formView('class-specs/class', (req) => classPage(req, { values: { family: str(formBody(req).family) } })),
    async (req, res) => {
      const classSpecId = idParam(req.params.id);
      const r = await setFamily(db, { classSpecId, raw: str(formBody(req).family), actorId: currentUser(req).id, ip: req.ip ?? null });
      flash(req, 'success', r.old === r.family ? TEXT.familyUnchanged : TEXT.familySet(r.family));
      res.redirect(303, `/admin/class-specs/${classSpecId}#job-family`);
    },
  );

  router.post('/:id/items/:itemId/required-level', levelForm, async (req, res) => {
    const classSpecId = idParam(req.params.id);
    const itemId = idParam(req.params.itemId);
    const r = await changeRequiredLevel(db, {
      classSpecId,
      itemId,
      raw: str(formBody(req).level),
      actorId: currentUser(req).id,
      ip: req.ip ?? null,
    });
    if (r.remeasured) deps.logger.info({ remeasured: r.remeasured, itemId }, 'results re-measured after a required-level change');
    flash(req, 'success', r.old === r.level ? TEXT.levelUnchanged(r.label) : TEXT.levelChanged(r.label, r.old, r.level));
    res.redirect(303, `/admin/class-specs/${classSpecId}?version=${r.version}#item-${itemId}`);
  });

  return router;
}
