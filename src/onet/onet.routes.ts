import { Router } from 'express';
import type { AppDeps } from '../app-deps';
import { requireRole } from '../auth/require-role';
import { formView } from '../web/form-view';
import { currentUser, flash, idParam, str, formBody } from '../web/request';
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

  async function adminPage(typed: Record<string, string>) {
    const keys = await listLinkableKeys(db);
    return {
      title: ONET_TEXT.adminTitle,
      ...reviewFirst(keys),
      elements: await listLinkableElements(db),
      statusLabels: LINK_STATUS_LABELS,
      attribution: ONET_ATTRIBUTION,
      typed,
    };
  }

  router.get('/', admin, async (_req, res) => {
    res.render('onet/admin', { ...(await adminPage({})), errors: {} });
  });

  // A refused link shows the page again with the typed element id in that key's row.
  const linkForm = formView('onet/admin', (req) => adminPage({ [`element-${idParam(req.params.keyId)}`]: str(formBody(req).elementId) }));

  router.post('/keys/:keyId', admin, linkForm, async (req, res) => {
    const keyId = idParam(req.params.keyId);
    const result = await changeLink(db, {
      keyId,
      elementId: str(formBody(req).elementId),
      actorId: currentUser(req).id,
      ip: req.ip ?? null,
    });
    flash(req, 'success', result.cleared ? ONET_TEXT.linkCleared(result.label) : ONET_TEXT.linkSaved(result.label));
    res.redirect(303, `/admin/onet#key-${keyId}`);
  });

  return router;
}
