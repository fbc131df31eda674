import {
  assessmentsOf,
  countWaitingForReview,
  readinessByClassOf,
  type Assessment,
  type ClassReadiness,
} from '../assessments/assessment-read.service';
import type { Role } from '../auth/roles';
import { classesNeverAssessed, recentImports, type RecentImport } from '../class-specs/catalogue.service';
import type { Category } from '../competency/category';
import type { Db, Queryable } from '../db/types';
import { gapOf } from '../reports/reports.service';
import { loadNeeds, readNeedsParams } from '../training/needs.service';
import { programsWithoutTakers } from '../training/programs.service';
import { subtreePeopleOf } from '../users/people.service';
import { countPeopleMissing, type MissingField } from '../users/users.service';
import { dueFor } from '../cycles/cycles.service';

// The home page: one section per role the person holds, each with that role's own few figures,
// read through the owning features' services with the same access rules as their full pages.
// Every list is bounded (LIMIT) and no figure is read per person or per row.

/** How many rows each list on the home page shows; the full page has the rest. */
export const HOME_LIST = 3;
const TEAM_CLASSES = 5;
const ADMIN_LIST = 5;

type Due = Awaited<ReturnType<typeof dueFor>>;

export interface OpenAssessment {
  id: number;
  title: string;
  status: string;
  returned: boolean;
}

export interface LatestResult {
  assessmentId: number;
  classTitle: string;
  status: 'submitted' | 'reviewed';
  date: string;
  readiness: number;
  coverage: number;
}

export interface HomePriority {
  itemId: number;
  category: Category;
  name: string | null;
  text: string;
  level: number;
  requiredLevel: number;
  gap: number;
  requiredAtEntry: boolean;
}

export interface EmployeeHome {
  open: OpenAssessment[];
  reviewed: number;
  /** The most recent submitted or reviewed assessment (any class), with its stored figures. */
  latest: LatestResult | null;
  /** Its top development priorities (gap × weight), as its report lists them. */
  priorities: HomePriority[];
  due: Due['selfAssessments'];
}

export interface SupervisorHome {
  waiting: number;
  due: Due['reviews'];
  /** Active people below the supervisor, and how many have a submitted or reviewed assessment. */
  teamSize: number;
  assessedPeople: number;
  classes: ClassReadiness[];
  moreClasses: number;
}

export interface TrainingHome {
  /** The competencies with the most people with a gap; only rows whose figures are shown (≥ 5 people). */
  topNeeds: { keyId: number; label: string; assessed: number; withGap: number; share: number }[];
  withoutTakers: { total: number; rows: { id: number; title: string }[] };
}

export interface AdminHome {
  imports: RecentImport[];
  missing: Record<MissingField, number>;
  neverAssessed: { total: number; rows: { id: number; title: string }[] };
}

export interface HomeDashboard {
  employee: EmployeeHome;
  supervisor: SupervisorHome | null;
  training: TrainingHome | null;
  admin: AdminHome | null;
}

const closedAt = (a: Assessment) => a.reviewedAt ?? a.submittedAt ?? '';

/** The person's latest submitted or reviewed assessment: reviewed, else submitted, time; then id. */
export function latestClosed(list: Assessment[]): Assessment | null {
  let best: Assessment | null = null;
  for (const a of list) {
    if (a.status === 'draft') continue;
    if (!best || closedAt(a) > closedAt(best) || (closedAt(a) === closedAt(best) && a.id > best.id)) best = a;
  }
  return best;
}

async function employeeHome(db: Queryable, userId: number, due: Due): Promise<EmployeeHome> {
  // A person has a handful of assessments: read once, counted here.
  const mine = await assessmentsOf(db, userId);
  const latest = latestClosed(mine);
  // Figures and priorities come from the same computation as the report (one read of its ratings),
  // so the home page and the report it links to always agree.
  const gap = latest ? (await gapOf(db, latest)).gap : null;
  const priorities = gap ? gap.priorities.slice(0, HOME_LIST) : [];
  return {
    open: mine
      .filter((a) => a.status === 'draft' || a.status === 'submitted')
      .map((a) => ({ id: a.id, title: a.classTitle, status: a.status, returned: a.status === 'draft' && a.returnedAt != null })),
    reviewed: mine.filter((a) => a.status === 'reviewed').length,
    latest:
      latest && gap
        ? {
            assessmentId: latest.id,
            classTitle: latest.classTitle,
            status: latest.status as 'submitted' | 'reviewed',
            date: closedAt(latest).slice(0, 10),
            readiness: gap.readiness,
            coverage: gap.coverage,
          }
        : null,
    priorities: priorities.map((p) => ({
      itemId: p.itemId,
      category: p.category,
      name: p.name,
      text: p.text,
      level: p.level ?? 0,
      requiredLevel: p.requiredLevel,
      gap: p.gap ?? 0,
      requiredAtEntry: p.requiredAtEntry,
    })),
    due: due.selfAssessments,
  };
}

/** Only the supervisor's own subtree, as the review queue and the team view read it. */
async function supervisorHome(db: Queryable, userId: number, due: Due): Promise<SupervisorHome> {
  const subtree = await subtreePeopleOf(db, userId);
  const active = subtree.filter((p) => p.active).map((p) => p.id);
  const [waiting, figures] = await Promise.all([
    countWaitingForReview(
      db,
      subtree.map((p) => p.id),
    ),
    readinessByClassOf(db, active),
  ]);
  return {
    waiting,
    due: due.reviews,
    teamSize: active.length,
    assessedPeople: figures.assessedPeople,
    classes: figures.classes.slice(0, TEAM_CLASSES),
    moreClasses: Math.max(0, figures.classes.length - TEAM_CLASSES),
  };
}

/**
 * The training-needs rows exactly as /training/needs shows them to training staff (whole
 * organisation, suppressed): only rows whose people-with-a-gap figure is shown count, so a
 * group of fewer than 5 people never appears here either.
 */
async function trainingHome(db: Db): Promise<TrainingHome> {
  const [rows, withoutTakers] = await Promise.all([loadNeeds(db, readNeedsParams({}), null), programsWithoutTakers(db, HOME_LIST)]);
  const topNeeds = rows
    .filter((r) => r.cells.assessed !== null && r.cells.withGap !== null && r.cells.share !== null && r.cells.withGap > 0)
    .slice(0, HOME_LIST)
    .map((r) => ({ keyId: r.keyId, label: r.label, assessed: r.cells.assessed!, withGap: r.cells.withGap!, share: r.cells.share! }));
  return { topNeeds, withoutTakers };
}

async function adminHome(db: Queryable): Promise<AdminHome> {
  const [imports, missing, neverAssessed] = await Promise.all([
    recentImports(db, ADMIN_LIST),
    countPeopleMissing(db),
    classesNeverAssessed(db, ADMIN_LIST),
  ]);
  return { imports, missing, neverAssessed };
}

/** Every section the person's roles give them; everyone can be rated, so everyone has their own. */
export async function homeDashboard(db: Db, user: { id: number; roles: Role[] }): Promise<HomeDashboard> {
  const has = (r: Role) => user.roles.includes(r);
  const due = await dueFor(db, user.id, has('supervisor'));
  const [employee, supervisor, training, admin] = await Promise.all([
    employeeHome(db, user.id, due),
    has('supervisor') ? supervisorHome(db, user.id, due) : null,
    has('training') ? trainingHome(db) : null,
    has('admin') ? adminHome(db) : null,
  ]);
  return { employee, supervisor, training, admin };
}
