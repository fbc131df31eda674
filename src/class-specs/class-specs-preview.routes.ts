import { Router, type Request } from 'express';
import type { Db } from '../db/types';
import type { AppDeps } from '../app-deps';
import { requireRole } from '../auth/require-role';
import { NotFoundError } from '../errors';
import { formView } from '../web/form-view';
import { currentUser, flash, formBody, idParam, str } from '../web/request';
import { planImport } from './class-specs.service';
import { confirmPendingImport, editPendingImport, planSeries } from './spec-import.service';
import { seriesChoiceOf } from './spec-series-draft';
import { TEXT } from './class-specs.text';
import { VIEW_HELPERS } from './class-specs.view';
import { findPending } from './pending-imports.repository';
import type { DraftEdit } from './spec-draft';

const BASE = '/admin/class-specs/import';
const ITEM_FIELDS = ['text', 'name', 'category', 'level', 'entry'];

/** The preview page's locals; `values` holds what was typed into the form that was refused (by field id). */
async function previewPage(db: Db, req: Request, values: Record<string, string> = {}) {
  const pending = await findPending(db, idParam(req.params.pendingId), currentUser(req).id);
  if (!pending) throw new NotFoundError();
  const { spec } = pending;
  return {
    ...VIEW_HELPERS,
    title: TEXT.previewTitle,
    pending,
    spec,
    doc: spec,
    hideHeader: true,
    plan: await planImport(db, spec),
    // A series the preview can split: its levels with what importing each would do.
    levels: await planSeries(db, spec),
    items: spec.items,
    values,
    errors: {},
    extras: {
      warnings: spec.warnings,
      details: { workingConditions: spec.workingConditions, equipment: spec.equipment, physicalRequirements: spec.physicalRequirements },
    },
  };
}

/** The typed values of one form, keyed by the ids its fields have on the page. */
function typed(req: Request, ids: Record<string, string>): Record<string, string> {
  const body = formBody(req);
  const out: Record<string, string> = {};
  for (const [name, id] of Object.entries(ids)) out[id] = str(body[name]);
  return out;
}
const itemIds = (prefix: string) => Object.fromEntries(ITEM_FIELDS.map((f) => [f, `${prefix}${f}`]));
const fieldsOf = (req: Request, names: readonly string[]) => Object.fromEntries(names.map((n) => [n, str(formBody(req)[n])]));

/**
 * The correctable preview of a class-spec import: every correction is a small form posted here that
 * changes the stored preview and redirects back (works without JavaScript); a refused one
 * re-renders the preview with what was typed and a message next to the field.
 */
export function previewRoutes({ db }: AppDeps): Router {
  const router = Router();
  router.use(requireRole('admin'));

  router.get('/:pendingId', async (req, res) => {
    res.render('class-specs/preview', await previewPage(db, req));
  });

  router.post(
    '/:pendingId/confirm',
    formView('class-specs/preview', (req) => previewPage(db, req, typed(req, { title: 'confirm-title', series: 'series' }))),
    async (req, res) => {
      const { series, results } = await confirmPendingImport(db, {
        pendingId: idParam(req.params.pendingId),
        userId: currentUser(req).id,
        ip: req.ip ?? null,
        title: str(formBody(req).title),
        series: seriesChoiceOf(str(formBody(req).series)),
      });
      if (series) {
        flash(req, results.every((r) => r.unchanged) ? 'info' : 'success', TEXT.seriesImported(series.title, results));
        res.redirect(303, '/admin/class-specs');
        return;
      }
      const [result] = results;
      if (result.unchanged) flash(req, 'info', TEXT.unchanged(result.title, result.version));
      else flash(req, 'success', TEXT.imported(result.title, result.version, result.itemCount));
      res.redirect(303, `/admin/class-specs/${result.classSpecId}`);
    },
  );

  /** One edit route: reads the edit from the request, applies it to the stored preview, back to the page. */
  const edit = (path: string, ids: (req: Request) => Record<string, string>, toEdit: (req: Request, index: number) => DraftEdit) =>
    router.post(
      path,
      formView('class-specs/preview', (req) => previewPage(db, req, typed(req, ids(req)))),
      async (req, res) => {
        const pendingId = idParam(req.params.pendingId);
        const index = req.params.index === undefined ? -1 : idParam(req.params.index);
        const change = toEdit(req, index);
        await editPendingImport(db, { pendingId, userId: currentUser(req).id, revision: str(formBody(req).rev), edit: change });
        flash(req, 'success', TEXT.corrected);
        const anchor = change.kind === 'header' ? 'header' : change.kind === 'add' ? 'statements' : `item-${Math.max(0, index)}`;
        res.redirect(303, `${BASE}/${pendingId}#${anchor}`);
      },
    );

  edit(
    '/:pendingId/header',
    () => ({ title: 'title', code: 'code', family: 'family', service: 'service', group: 'group', series: 'series' }),
    (req) => ({ kind: 'header', values: fieldsOf(req, ['title', 'code', 'family', 'service', 'group', 'series']) }),
  );
  edit(
    '/:pendingId/items',
    () => itemIds('add-'),
    (req) => ({ kind: 'add', values: fieldsOf(req, ITEM_FIELDS) }),
  );
  edit(
    '/:pendingId/items/:index',
    (req) => itemIds(`item-${str(req.params.index)}-`),
    (req, index) => ({ kind: 'item', index, values: fieldsOf(req, ITEM_FIELDS) }),
  );
  edit(
    '/:pendingId/items/:index/split',
    (req) => ({ parts: `split-${str(req.params.index)}` }),
    (req, index) => ({ kind: 'split', index, parts: str(formBody(req).parts) }),
  );
  edit(
    '/:pendingId/items/:index/delete',
    () => ({}),
    (_req, index) => ({ kind: 'delete', index }),
  );
  edit(
    '/:pendingId/items/:index/merge',
    () => ({}),
    (_req, index) => ({ kind: 'merge', index }),
  );
  edit(
    '/:pendingId/items/:index/move',
    () => ({}),
    (req, index) => ({ kind: 'move', index, direction: str(formBody(req).direction) }),
  );

  return router;
}
