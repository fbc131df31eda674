import { Router } from 'express';
import type { AppDeps } from '../app-deps';
import { CATEGORY_LABELS, levelLabel } from '../competency/scale';
import { currentUser, flash, idParam, str } from '../web/request';
import { CAREER_TEXT } from './career-text';
import * as career from './career.service';
import { dayOf } from '../core/dates';

const VIEW_HELPERS = {
  categoryLabels: CATEGORY_LABELS,
  levelLabel,
  day: dayOf,
};

/** Career readiness across classes, class comparison, O*NET anchors (admin links). */
export function careerRoutes(deps: AppDeps): Router {
  const { db } = deps;
  const router = Router();

  async function renderReadiness(res: import('express').Response, person: { id: number; displayName: string; self: boolean }) {
    const { classes, knownCount } = await career.readinessAcrossClasses(db, person.id);
    res.render('career/readiness', {
      ...VIEW_HELPERS,
      title: person.self ? CAREER_TEXT.readinessTitle : CAREER_TEXT.readinessTitleFor(person.displayName),
      person,
      classes,
      knownCount,
      base: person.self ? '/career' : `/career/${person.id}`,
    });
  }

  async function renderNeeds(
    res: import('express').Response,
    person: { id: number; displayName: string; self: boolean },
    classSpecId: number,
  ) {
    const needs = await career.needsForClass(db, person.id, classSpecId);
    res.render('career/needs', {
      ...VIEW_HELPERS,
      title: person.self ? CAREER_TEXT.needsTitle(needs.cls.title) : CAREER_TEXT.needsTitleFor(person.displayName, needs.cls.title),
      person,
      ...needs,
      base: person.self ? '/career' : `/career/${person.id}`,
    });
  }

  router.get('/', async (req, res) => {
    await renderReadiness(res, { ...currentUser(req), self: true });
  });

  router.get('/classes/:classSpecId', async (req, res) => {
    await renderNeeds(res, { ...currentUser(req), self: true }, idParam(req.params.classSpecId));
  });

  router.post('/classes/:classSpecId/start', async (req, res) => {
    const me = currentUser(req);
    const result = await career.startAssessmentForClass(db, {
      employeeId: me.id,
      classSpecId: idParam(req.params.classSpecId),
      ip: req.ip ?? null,
    });
    flash(req, result.created ? 'success' : 'info', result.created ? CAREER_TEXT.started(result.title) : CAREER_TEXT.openExists);
    res.redirect(303, `/assessments/${result.assessmentId}`);
  });

  router.get('/:userId', async (req, res) => {
    await renderReadiness(res, await career.personVisibleTo(db, currentUser(req), idParam(req.params.userId)));
  });

  router.get('/:userId/classes/:classSpecId', async (req, res) => {
    const person = await career.personVisibleTo(db, currentUser(req), idParam(req.params.userId));
    await renderNeeds(res, person, idParam(req.params.classSpecId));
  });

  return router;
}

/** Side-by-side comparison of two classes' statements (anyone signed in). */
export function classCompareRoutes({ db }: AppDeps): Router {
  const router = Router();

  router.get('/compare', async (req, res) => {
    const classes = await career.catalogueForCompare(db);
    const fromRaw = str(req.query.from);
    const toRaw = str(req.query.to);
    let result = null;
    let notice: string | null = null;
    if (fromRaw && toRaw) {
      if (fromRaw === toRaw) notice = CAREER_TEXT.sameClass;
      else result = await career.compareTwo(db, idParam(fromRaw), idParam(toRaw));
    }
    res.render('career/compare', {
      ...VIEW_HELPERS,
      title: CAREER_TEXT.compareTitle,
      classes,
      fromId: fromRaw,
      toId: toRaw,
      result,
      notice,
    });
  });

  return router;
}
