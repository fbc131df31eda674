import { Router, type Request, type Response } from 'express';
import type { AppDeps } from '../app-deps';
import { requireRole } from '../auth/require-role';
import { CATEGORY_LABELS, EVIDENCE_MAX, SCALE, levelLabel } from '../competency/scale';
import { ConflictError, type FieldErrors } from '../errors';
import { loadReviewableAssessment } from '../reports/access';
import { findAssessment, loadRatedItems, type AssessmentInfo, type RatedItem } from '../reports/reports.repository';
import { dateOf, itemTitle } from '../reports/reports.service';
import { currentUser, flash, idParam, str } from '../web/request';
import { reviewQueue, waitingQueue } from './reviews.repository';
import { subtreePeopleOf } from '../users/users.repository';
import {
  applyReview, commentId, entriesFromDb, fieldId, readEntries, REVIEW_TEXT, validateEntries, type Entries, type ReviewAction,
} from './reviews.service';
import { teamView } from './team.service';
import { onetGuidanceForItems } from '../onet/onet.repository';
import { formatPercent } from '../competency/gap';

const ACTIONS: ReviewAction[] = ['save', 'return', 'finalise'];
const DONE_MESSAGES: Record<ReviewAction, string> = {
  save: 'Review saved. You can come back and finish it later.',
  return: 'Assessment returned to the employee with your comment.',
  finalise: 'Review finalised. The assessment is now read-only.',
};

const REFUSED_MESSAGES = {
  return: 'Your levels and comments were saved, but the assessment was not returned: see the highlighted entry.',
  finalise: 'Your levels and comments were saved, but the review was not finalised: see the highlighted entries.',
};

/** Supervisor review queue, review form, return, finalise, team view. */
export function reviewRoutes({ db, readDb }: AppDeps): Router {
  const router = Router();
  const supervisorOnly = requireRole('supervisor');

  router.get('/', supervisorOnly, async (req, res) => {
    const { waiting, reviewed } = await reviewQueue(db, currentUser(req).id);
    res.render('reviews/index', { title: 'Reviews', waiting, reviewed, dateOf });
  });

  async function renderForm(res: Response, a: AssessmentInfo, items: RatedItem[], entries: Entries, errors: FieldErrors = {}, returnComment = '') {
    const onetGuidance = await onetGuidanceForItems(db, items.map((i) => i.itemId));
    const categories = Object.keys(CATEGORY_LABELS) as (keyof typeof CATEGORY_LABELS)[];
    res.status(Object.keys(errors).length ? 422 : 200).render('reviews/review', {
      title: `Review: ${a.employeeName}, ${a.classTitle}`,
      a, items, entries, errors, returnComment, categories, readOnly: a.status !== 'submitted', onetGuidance,
      SCALE, CATEGORY_LABELS, EVIDENCE_MAX, levelLabel, itemTitle, dateOf, fieldId, commentId,
    });
  }

  router.get('/:assessmentId', supervisorOnly, async (req, res) => {
    const a = await loadReviewableAssessment(db, currentUser(req), idParam(req.params.assessmentId));
    const items = await loadRatedItems(db, a.id, a.classVersionId);
    await renderForm(res, a, items, entriesFromDb(items));
  });

  router.post('/:assessmentId', supervisorOnly, async (req: Request, res: Response) => {
    const user = currentUser(req);
    const a = await loadReviewableAssessment(db, user, idParam(req.params.assessmentId));
    if (a.status !== 'submitted') throw new ConflictError(REVIEW_TEXT.reviewedReadOnly, 'This review is closed');
    const items = await loadRatedItems(db, a.id, a.classVersionId);
    const entries = readEntries(req.body ?? {}, items, str);
    const returnComment = str(req.body?.return_comment);
    const action = ACTIONS.find((x) => x === str(req.body?.action)) ?? 'save';
    const errors = validateEntries(entries, returnComment);
    if (Object.keys(errors).length) return await renderForm(res, a, items, entries, errors, returnComment);

    const lockRaw = str(req.body?.lock_version);
    const outcome = await applyReview(db, {
      assessment: a, items, entries, action, returnComment,
      lockVersion: /^\d{1,9}$/.test(lockRaw) ? Number(lockRaw) : null,
      actorId: user.id, ip: req.ip ?? null,
    });
    if ('errors' in outcome) {
      // The entries were saved; show them with the fresh lock version and the reason, and say so.
      res.locals.flash = [...(res.locals.flash ?? []), { kind: 'info', message: REFUSED_MESSAGES[action as 'return' | 'finalise'] }];
      const fresh = (await findAssessment(db, a.id))!;
      return await renderForm(res, fresh, await loadRatedItems(db, a.id, a.classVersionId), entries, outcome.errors, returnComment);
    }
    flash(req, 'success', DONE_MESSAGES[outcome.done]);
    if (outcome.done === 'save') return res.redirect(303, `/reviews/${a.id}`);
    if (outcome.done === 'finalise') return res.redirect(303, `/assessments/${a.id}/report`);
    res.redirect(303, '/reviews');
  });

  return router;
}

/** The supervisor's team at a glance: heat map of the latest assessments in their subtree. */
export function teamRoutes({ readDb }: AppDeps): Router {
  const router = Router();

  router.get('/', requireRole('supervisor'), async (req, res) => {
    const raw = str(req.query.class);
    const classSpecId = /^\d{1,12}$/.test(raw) ? Number(raw) : null;
    // One subtree read for the heat map and the waiting count; the reviewed list is not shown here.
    const subtree = await subtreePeopleOf(readDb, currentUser(req).id);
    const [view, waiting] = await Promise.all([teamView(readDb, currentUser(req).id, classSpecId, subtree), waitingQueue(readDb, subtree)]);
    res.render('reviews/team', { title: 'Team', ...view, waiting, dateOf, CATEGORY_LABELS, levelLabel, percent: formatPercent });
  });

  return router;
}
