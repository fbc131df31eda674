import { Router, type Request, type Response } from 'express';
import type { AppDeps } from '../app-deps';
import { requireRole } from '../auth/require-role';
import { CATEGORY_LABELS, EVIDENCE_MAX, SCALE, levelLabel } from '../competency/scale';
import { ConflictError, NotFoundError } from '../errors';
import { cyclesForSupervisor } from '../cycles/cycles.service';
import { loadReviewableAssessment } from '../reports/access';
import type { Assessment } from '../assessments/assessment-read.service';
import { dateOf, itemTitle, ratedItemsOf, type RatedItem } from '../reports/reports.service';
import { formView } from '../web/form-view';
import { currentUser, flash, formBody, idParam, str } from '../web/request';
import { subtreePeopleOf } from '../users/people.service';
import {
  applyReview,
  autosaveReview,
  commentId,
  entriesFromDb,
  fieldId,
  readEntries,
  REVIEW_TEXT,
  reviewQueueFor,
  waitingFor,
  withAgreement,
  type Entries,
  type ReviewAction,
} from './reviews.service';
import { teamView } from './team.service';
import { guidanceForItems } from '../onet/onet.service';
import { formatPercent } from '../competency/gap';

const ACTIONS: ReviewAction[] = ['save', 'return', 'finalise'];
const DONE_MESSAGES: Record<ReviewAction, string> = {
  save: 'Review saved. You can come back and finish it later.',
  return: 'Assessment returned to the employee with your comment.',
  finalise: 'Review finalised. The assessment is now read-only.',
};

/** Supervisor review queue, review form, return, finalise, team view. */
export function reviewRoutes({ db, config }: AppDeps): Router {
  const router = Router();
  const supervisorOnly = requireRole('supervisor');

  router.get('/', supervisorOnly, async (req, res) => {
    const { waiting, reviewed } = await reviewQueueFor(db, currentUser(req).id);
    res.render('reviews/index', { title: 'Reviews', waiting, reviewed, dateOf });
  });

  async function reviewPage(a: Assessment, items: RatedItem[], entries: Entries, returnComment = '') {
    const onetGuidance = await guidanceForItems(
      db,
      items.map((i) => i.itemId),
    );
    const categories = Object.keys(CATEGORY_LABELS) as (keyof typeof CATEGORY_LABELS)[];
    return {
      title: `Review: ${a.employeeName}, ${a.classTitle}`,
      a,
      items,
      entries,
      returnComment,
      categories,
      readOnly: a.status !== 'submitted',
      onetGuidance,
      SCALE,
      CATEGORY_LABELS,
      EVIDENCE_MAX,
      levelLabel,
      itemTitle,
      dateOf,
      fieldId,
      commentId,
    };
  }

  router.get('/:assessmentId', supervisorOnly, async (req, res) => {
    const a = await loadReviewableAssessment(db, currentUser(req), idParam(req.params.assessmentId));
    const items = await ratedItemsOf(db, a);
    res.render('reviews/review', { ...(await reviewPage(a, items, entriesFromDb(items))), errors: {} });
  });

  // A refused review shows every entry as typed, with the assessment read again: after a refused
  // return or finalise the entries were saved, so the form needs the new lock version.
  const typedReview = formView('reviews/review', async (req, res, err) => {
    const a = await loadReviewableAssessment(db, currentUser(req), idParam(req.params.assessmentId));
    const items = await ratedItemsOf(db, a);
    const earlier = (res.locals.flash ?? []) as unknown[];
    if (err.summary) res.locals.flash = [...earlier, { kind: 'info', message: err.summary }];
    const body = formBody(req);
    return reviewPage(a, items, readEntries(body, items, str), str(body.return_comment));
  });

  router.post('/:assessmentId', supervisorOnly, typedReview, async (req: Request, res: Response) => {
    const user = currentUser(req);
    const a = await loadReviewableAssessment(db, user, idParam(req.params.assessmentId));
    if (a.status !== 'submitted') throw new ConflictError(REVIEW_TEXT.reviewedReadOnly, 'This review is closed');
    const items = await ratedItemsOf(db, a);
    const body = formBody(req);
    const typed = readEntries(body, items, str);
    const returnComment = str(body.return_comment);
    // "Agree" (one item's button, or "agree with all not yet rated") saves like "Save review".
    const agreeRaw = str(body.agree);
    const agree = str(body.action) === 'agree_all' ? 'all' : /^\d{1,12}$/.test(agreeRaw) ? Number(agreeRaw) : null;
    const { entries, agreed } = agree === null ? { entries: typed, agreed: [] } : withAgreement(typed, items, agree);
    const action = agree === null ? (ACTIONS.find((x) => x === str(body.action)) ?? 'save') : 'save';
    const lockRaw = str(body.lock_version);
    const outcome = await applyReview(db, {
      assessment: a,
      items,
      entries,
      action,
      returnComment,
      lockVersion: /^\d{1,9}$/.test(lockRaw) ? Number(lockRaw) : null,
      actorId: user.id,
      ip: req.ip ?? null,
      baseUrl: config.publicBaseUrl,
    });
    if (agree === 'all') flash(req, 'success', REVIEW_TEXT.agreedAll(agreed.length));
    else if (agree !== null && agreed.length) flash(req, 'success', REVIEW_TEXT.agreed(agreed[0].name ?? agreed[0].text));
    else flash(req, 'success', DONE_MESSAGES[outcome.done]);
    if (agree !== null && agree !== 'all') return res.redirect(303, `/reviews/${a.id}#item-${agree}`);
    if (outcome.done === 'save') return res.redirect(303, `/reviews/${a.id}`);
    if (outcome.done === 'finalise') return res.redirect(303, `/assessments/${a.id}/report`);
    res.redirect(303, '/reviews');
  });

  // Autosave of one item (JSON, from review-form.js): the page's lock version must still be current.
  router.post('/:assessmentId/ratings/:itemId', supervisorOnly, async (req: Request, res: Response) => {
    const user = currentUser(req);
    const a = await loadReviewableAssessment(db, user, idParam(req.params.assessmentId));
    if (a.status !== 'submitted') throw new ConflictError(REVIEW_TEXT.reviewedReadOnly, 'This review is closed');
    const body = formBody(req);
    const lockRaw = str(body.lock_version);
    res.json(
      await autosaveReview(db, {
        assessment: a,
        itemId: idParam(req.params.itemId),
        level: str(body.level),
        comment: str(body.comment),
        lockVersion: /^\d{1,9}$/.test(lockRaw) ? Number(lockRaw) : null,
        actorId: user.id,
        ip: req.ip ?? null,
      }),
    );
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
    // The cycle filter offers the cycles with people below this supervisor; any other is not found.
    const cycles = await cyclesForSupervisor(readDb, currentUser(req).id);
    const rawCycle = str(req.query.cycle);
    const cycleId = rawCycle === '' ? null : (cycles.find((c) => String(c.id) === rawCycle)?.id ?? null);
    if (rawCycle !== '' && cycleId === null) throw new NotFoundError();
    const [view, waiting] = await Promise.all([
      teamView(readDb, currentUser(req).id, classSpecId, subtree, cycleId),
      waitingFor(readDb, subtree),
    ]);
    res.render('reviews/team', {
      title: 'Team',
      ...view,
      cycles,
      cycleId,
      waiting,
      dateOf,
      CATEGORY_LABELS,
      levelLabel,
      percent: formatPercent,
    });
  });

  return router;
}
