import { Router } from 'express';
import type { AppDeps } from '../app-deps';
import { requireRole } from '../auth/require-role';
import { ValidationError } from '../errors';
import { currentUser, flash, idParam, str } from '../web/request';
import { changeLink } from './onet.service';
import { listLinkableElements, listLinkableKeys, type KeyLinkRow } from './onet.repository';
import { LINK_STATUS_LABELS, ONET_ATTRIBUTION, ONET_TEXT } from './onet-text';

/** Keys still to decide come first ("for review"), then the linked ones, each by label. */
function reviewFirst(keys: KeyLinkRow[]): { review: KeyLinkRow[]; decided: KeyLinkRow[] } {
  return {
    review: keys.filter((k) => !k.elementId && k.status !== 'none'),
    decided: keys.filter((k) => k.elementId || k.status === 'none'),
  };
}

/** Administrators review and change the O*NET links of skill and ability keys. */
export function onetAdminRoutes({ db }: AppDeps): Router {
  const router = Router();
  const admin = requireRole('admin');

  async function renderPage(res: import('express').Response, status: number, errors: Record<string, string>, typed: Record<string, string>) {
    const keys = await listLinkableKeys(db);
    res.status(status).render('onet/admin', {
      title: ONET_TEXT.adminTitle,
      ...reviewFirst(keys),
      elements: await listLinkableElements(db),
      statusLabels: LINK_STATUS_LABELS,
      attribution: ONET_ATTRIBUTION,
      errors,
      typed,
    });
  }

  router.get('/', admin, async (_req, res) => {
    await renderPage(res, 200, {}, {});
  });

  router.post('/keys/:keyId', admin, async (req, res) => {
    const keyId = idParam(req.params.keyId);
    const elementId = str(req.body.elementId);
    try {
      const result = await changeLink(db, { keyId, elementId, actorId: currentUser(req).id, ip: req.ip ?? null });
      flash(req, 'success', result.cleared ? ONET_TEXT.linkCleared(result.label) : ONET_TEXT.linkSaved(result.label));
      res.redirect(303, `/admin/onet#key-${keyId}`);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      await renderPage(res, 422, err.fields, { [`element-${keyId}`]: elementId });
    }
  });

  return router;
}
