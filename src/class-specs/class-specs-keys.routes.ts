import { requireRole } from '../auth/require-role';
import { Router } from 'express';
import type { AppDeps } from '../app-deps';
import { formView } from '../web/form-view';
import { currentUser, flash, str, formBody } from '../web/request';
import { checkMerge, mergeKeys } from './class-specs.service';
import { TEXT } from './class-specs.text';
import { VIEW_HELPERS } from './class-specs.view';
import { listActiveKeys } from './competency-keys.repository';
import { listOverlaps, mergeSameName } from './key-overlaps.service';

const idOrNull = (s: string) => (/^\d{1,12}$/.test(s) ? Number(s) : null);

/**
 * Merge two competency keys, after a confirmation page. The text filter is a plain GET form, so the
 * page works without JavaScript. /same-name lists the names found under two categories with a
 * one-click merge for each.
 */
export function keyRoutes({ db, logger }: AppDeps): Router {
  const router = Router();
  router.use(requireRole('admin'));

  async function keysPage(q: string, values: { fromId: string; intoId: string }) {
    return { ...VIEW_HELPERS, title: TEXT.keysTitle, q, keys: await listActiveKeys(db, q), values };
  }

  router.get('/', async (req, res) => {
    res.render('class-specs/keys', {
      ...(await keysPage(str(req.query.q), { fromId: str(req.query.fromId), intoId: str(req.query.intoId) })),
      errors: {},
    });
  });

  const valuesOf = (body: Record<string, unknown> | undefined) => ({ fromId: str(body?.fromId), intoId: str(body?.intoId) });

  router.post(
    '/',
    formView('class-specs/keys', (req) => keysPage(str(formBody(req).q), valuesOf(formBody(req)))),
    async (req, res) => {
      const values = valuesOf(formBody(req));
      const q = str(formBody(req).q);
      // A merge cannot be undone: the first post shows what would move and asks to confirm.
      if (str(formBody(req).confirm) !== 'yes') {
        const { from, into } = await checkMerge(db, idOrNull(values.fromId), idOrNull(values.intoId));
        return res.render('class-specs/keys-confirm', { ...VIEW_HELPERS, title: TEXT.mergeConfirmTitle, from, into, q, values });
      }
      const r = await mergeKeys(db, {
        fromId: idOrNull(values.fromId),
        intoId: idOrNull(values.intoId),
        actorId: currentUser(req).id,
        ip: req.ip ?? null,
      });
      logger.info({ remeasured: r.remeasured }, 'results re-measured after a key merge');
      flash(req, 'success', TEXT.merged(r.from, r.into, r.items));
      res.redirect(303, `/admin/class-specs/keys${q ? `?q=${encodeURIComponent(q)}` : ''}`);
    },
  );

  const overlapsPage = async () => ({ ...VIEW_HELPERS, title: TEXT.overlapsTitle, overlaps: await listOverlaps(db) });

  router.get('/same-name', async (_req, res) => {
    res.render('class-specs/key-overlaps', { ...(await overlapsPage()), errors: {} });
  });

  router.post(
    '/same-name',
    formView('class-specs/key-overlaps', () => overlapsPage()),
    async (req, res) => {
      const { fromId, intoId } = valuesOf(formBody(req));
      const r = await mergeSameName(db, {
        fromId: idOrNull(fromId),
        intoId: idOrNull(intoId),
        actorId: currentUser(req).id,
        ip: req.ip ?? null,
      });
      logger.info({ remeasured: r.remeasured }, 'results re-measured after a key merge');
      flash(req, 'success', TEXT.merged(r.from, r.into, r.items));
      res.redirect(303, '/admin/class-specs/keys/same-name');
    },
  );

  return router;
}
