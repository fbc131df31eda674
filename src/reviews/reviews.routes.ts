import { Router, type Request, type Response } from 'express';
import type { AppDeps } from '../app-deps';
import { requireRole } from '../auth/require-role';
import { CATEGORY_LABELS, EVIDENCE_MAX, SCALE, levelLabel } from '../competency/scale';
import { ConflictError } from '../errors';
import { loadReviewableAssessment } from '../reports/access';
import { loadRatedItems, type AssessmentInfo, type RatedItem } from '../reports/reports.repository';
import { dateOf, itemTitle } from '../reports/reports.service';
import { formView } from '../web/form-view';
import { currentUser, flash, idParam, str, formBody } from '../web/request';
import { reviewQueue, waitingQueue } from './reviews.repository';
import { subtreePeopleOf } from '../users/users.repository';
import {
  applyReview, commentId, entriesFromDb, fieldId, readEntries, REVIEW_TEXT, type Entries, type ReviewAction,
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

/** Supervisor review queue, review form, return, finalise, team view. */
export function reviewRoutes({ db, readDb }: AppDeps): Router {
  const router = Router();
  const supervisorOnly = requireRole('supervisor');

  router.get('/', supervisorOnly, async (req, res) => {
    const { waiting, reviewed } = await reviewQueue(db, currentUser(req).id);
    res.render('reviews/index', { title: 'Reviews', waiting, reviewed, dateOf });
  });

  async function reviewPage(a: AssessmentInfo, items: RatedItem[], entries: Entries, returnComment = '') {
    const onetGuidance = await onetGuidanceForItems(db, items.map((i) => i.itemId));
    const categories = Object.keys(CATEGORY_LABELS) as (keyof typeof CATEGORY_LABELS)[];
    return {
      title: `Review: ${a.employeeName}, ${a.classTitle}`,
      a, items, entries, returnComment, categories, readOnly: a.status !== 'submitted', onetGuidance,
      SCALE, CATEGORY_LABELS, EVIDENCE_MAX, levelLabel, itemTitle, dateOf, fieldId, commentId,
    };
  }

  router.get('/:assessmentId', supervisorOnly, async (req, res) => {
    const a = await loadReviewableAssessment(db, currentUser(req), idParam(req.params.assessmentId));
    const items = await loadRatedItems(db, a.id, a.classVersionId);
    res.render('reviews/review', { ...(await reviewPage(a, items, entriesFromDb(items))), errors: {} });
  });

  // A refused review shows every entry as typed, with the assessment read again: after a refused
  // return or finalise the entries were saved, so the form needs the new lock version.
  const typedReview = formView('reviews/review', async (req, res, err) => {
    const a = await loadReviewableAssessment(db, currentUser(req), idParam(req.params.assessmentId));
    const items = await loadRatedItems(db, a.id, a.classVersionId);
    if (err.summary) res.locals.flash = [...(res.locals.flash ?? []), { kind: 'info', message: err.summary }];
    return reviewPage(a, items, readEntries(formBody(req), items, str), str(formBody(req).return_comment));
  });

  router.post('/:assessmentId', supervisorOnly, typedReview, async (req: Request, res: Response) => {
    const user = currentUser(req);
    const a = await loadReviewableAssessment(db, user, idParam(req.params.assessmentId));
    if (a.status !== 'submitted') throw new ConflictError(REVIEW_TEXT.reviewedReadOnly, 'This review is closed');
    const items = await loadRatedItems(db, a.id, a.classVersionId);
    const entries = readEntries(formBody(req), items, str);
    const returnComment = str(formBody(req).return_comment);
    const action = ACTIONS.find((x) => x === str(formBody(req).action)) ?? 'save';
    const lockRaw = str(formBody(req).lock_version);
    const outcome = await applyReview(db, {
      assessment: a, items, entries, action, returnComment,
      lockVersion: /^\d{1,9}$/.test(lockRaw) ? Number(lockRaw) : null,
      actorId: user.id, ip: req.ip ?? null,
    });
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
