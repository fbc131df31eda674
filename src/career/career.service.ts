// Career readiness: how close a person is to every class, from what is already known about them.
// Rules only; the repository loads, the pure projection + computeGap compute.
import { latestClosedAssessmentId, openAssessmentId } from '../assessments/assessment-read.service';
import { startDraft } from '../assessments/lifecycle.service';
import * as catalogue from '../class-specs/catalogue.service';
import type { CatalogueClass } from '../class-specs/catalogue.service';
import type { Db } from '../db/types';
import { NotFoundError } from '../errors';
import { computeGap, roundOne, type GapReport } from '../competency/gap';
import { findPerson, isInSupervisorChain } from '../users/people.service';
import { compareClasses, type Comparison } from './compare';
import { latestLevels, projectClass, type KnownLevel } from './projection';
import * as repo from './career.repository';
import { type SessionUser } from '../auth/session-user';

export interface ClassReadiness {
  classSpecId: number;
  title: string;
  code: string | null;
  readiness: number;
  coverage: number;
  totalItems: number;
  metItems: number;
  unratedItems: number;
  /** Share of the class's items never rated, percent with one decimal. */
  unratedShare: number;
}

/** The person whose career page is asked for: oneself, or someone below in one's chain; else 404. */
export async function personVisibleTo(
  db: Db,
  viewer: SessionUser,
  userId: number,
): Promise<{ id: number; displayName: string; self: boolean }> {
  if (userId === viewer.id) return { id: viewer.id, displayName: viewer.displayName, self: true };
  const person = await findPerson(db, userId);
  if (!person || !(await isInSupervisorChain(db, viewer.id, userId))) throw new NotFoundError();
  return { ...person, self: false };
}

export async function knownLevels(db: Db, employeeId: number): Promise<Map<number, KnownLevel>> {
  return latestLevels(await repo.ratingRecords(db, employeeId));
}

function toReadiness(cls: CatalogueClass, report: GapReport): ClassReadiness {
  return {
    classSpecId: cls.classSpecId,
    title: cls.title,
    code: cls.code,
    readiness: report.readiness,
    coverage: report.coverage,
    totalItems: report.totalItems,
    metItems: report.metItems,
    unratedItems: report.unratedItems,
    unratedShare: report.totalItems === 0 ? 0 : roundOne((report.unratedItems / report.totalItems) * 100),
  };
}

/** Readiness and coverage for every class of the catalogue, best first. */
export async function readinessAcrossClasses(db: Db, employeeId: number): Promise<{ classes: ClassReadiness[]; knownCount: number }> {
  const known = await knownLevels(db, employeeId);
  const classes = await catalogue.listCatalogueClasses(db);
  const items = await catalogue.itemsByVersion(
    db,
    classes.map((c) => c.versionId),
  );
  const rows = classes.map((c) => toReadiness(c, computeGap(projectClass(items.get(c.versionId) ?? [], known), { reviewed: false })));
  rows.sort(
    (a, b) => b.readiness - a.readiness || b.coverage - a.coverage || a.unratedItems - b.unratedItems || a.title.localeCompare(b.title),
  );
  return { classes: rows, knownCount: known.size };
}

/** "What you would need" for one class: the gap report of the projection, and where levels come from. */
export async function needsForClass(db: Db, employeeId: number, classSpecId: number) {
  const cls = await catalogue.findCatalogueClass(db, classSpecId);
  if (!cls) throw new NotFoundError();
  const known = await knownLevels(db, employeeId);
  const items = (await catalogue.itemsByVersion(db, [cls.versionId])).get(cls.versionId) ?? [];
  const report = computeGap(projectClass(items, known), { reviewed: false });
  const keyOfItem = new Map(items.map((i) => [i.id, i.keyId]));
  const sourceOf = (itemId: number) => known.get(keyOfItem.get(itemId) ?? -1) ?? null;
  return {
    cls,
    report,
    summary: toReadiness(cls, report),
    sourceOf,
    openAssessmentId: await openAssessmentId(db, employeeId, classSpecId),
  };
}

/**
 * Starts a draft for the class (current version) with the known levels filled in as self levels,
 * or returns the open assessment the person already has for that class (also when a second
 * start arrives at the same moment: the lifecycle service's startDraft decides).
 */
export async function startAssessmentForClass(
  db: Db,
  args: { employeeId: number; classSpecId: number; ip: string | null },
): Promise<{ assessmentId: number; created: boolean; title: string }> {
  const known = await knownLevels(db, args.employeeId);
  return db.transaction(async (trx) => {
    const cls = await catalogue.findCatalogueClass(trx, args.classSpecId);
    if (!cls) throw new NotFoundError();
    const items = (await catalogue.itemsByVersion(trx, [cls.versionId])).get(cls.versionId) ?? [];
    const levels = items.flatMap((i) => {
      const k = known.get(i.keyId);
      return k ? [{ itemId: i.id, selfLevel: k.level, evidence: null }] : [];
    });
    const started = await startDraft(
      trx,
      { id: args.employeeId, ip: args.ip },
      {
        classSpecId: cls.classSpecId,
        classVersionId: cls.versionId,
        previousAssessmentId: await latestClosedAssessmentId(trx, args.employeeId, cls.classSpecId),
        ratings: levels,
        auditDetails: { prefilledFrom: 'career', prefilledItems: levels.length, items: items.length },
      },
    );
    return { assessmentId: started.id, created: started.created, title: cls.title };
  });
}

export async function catalogueForCompare(db: Db) {
  return catalogue.listCatalogueClasses(db);
}

export async function compareTwo(
  db: Db,
  fromId: number,
  toId: number,
): Promise<{ from: CatalogueClass; to: CatalogueClass; comparison: Comparison }> {
  const [from, to] = await Promise.all([catalogue.findCatalogueClass(db, fromId), catalogue.findCatalogueClass(db, toId)]);
  if (!from || !to) throw new NotFoundError();
  const items = await catalogue.itemsByVersion(db, [from.versionId, to.versionId]);
  return { from, to, comparison: compareClasses(items.get(from.versionId) ?? [], items.get(to.versionId) ?? []) };
}
