import { ACTORS, fill, type Actor, type World } from './world';

// The access table (PRODUCT.md "Roles and access"), keyed by "METHOD path" exactly as the router
// registers it. Each row names the object probed and the status each actor must get.
// Another person's object → 404; role pages → 404; anonymous → 303 to /login.
// POST rows are sent with a valid CSRF token and an empty (harmless) body unless `body` says otherwise.

export type Outcome = number;
export type Expectation = Partial<Record<Actor, Outcome>>;
export interface Row {
  /** What this row probes (shown on failure). */
  what: string;
  path?: (w: World) => string;
  /** Form fields sent with POST (besides the CSRF token); empty by default. */
  body?: Record<string, string>;
  expect: Expectation;
}

const ALL_SIGNED_IN: Exclude<Actor, 'anon'>[] = ['owner', 'peer', 'otherSup', 'sup', 'sup2', 'training', 'admin'];
const only = (ok: Outcome, who: Actor[], others = 404): Expectation =>
  Object.fromEntries(ACTORS.map((a) => [a, a === 'anon' ? 303 : who.includes(a) ? ok : others]));
const everyone = (ok: Outcome): Expectation => only(ok, ALL_SIGNED_IN);
const adminOnly = (ok: Outcome): Expectation => only(ok, ['admin']);
const supervisors = (ok: Outcome): Expectation => only(ok, ['sup', 'sup2', 'otherSup']);
const ownerAndChain = (ok: Outcome): Expectation => only(ok, ['owner', 'sup', 'sup2']);
const chain = (ok: Outcome): Expectation => only(ok, ['sup', 'sup2']);
const nobody = (): Expectation => only(0, []);
const subset = (e: Expectation, who: Actor[]): Expectation => Object.fromEntries(who.map((a) => [a, e[a]]));

const FORBIDDEN_FOR_OWNER_OBJECTS: Actor[] = ['anon', 'peer', 'otherSup', 'training', 'admin'];

export const TABLE: Record<string, Row[]> = {
  'GET /healthz': [{ what: 'health check is public', expect: { ...everyone(200), anon: 200 } }],
  'GET /login': [{ what: 'sign-in page', expect: { ...everyone(303), anon: 200 } }],
  'POST /login': [{ what: 'empty sign-in fails (422, a message per field)', expect: { ...everyone(422), anon: 422 } }],
  'POST /login/sso': [{ what: 'single sign-on start without a provider configured', expect: { ...everyone(404), anon: 404 } }],
  'GET /login/sso/callback': [{ what: 'single sign-on callback without a provider configured', expect: { ...everyone(404), anon: 404 } }],
  'GET /account/password': [{ what: 'own password page', expect: everyone(200) }],
  'POST /account/password': [{ what: 'empty password change', expect: everyone(422) }],
  'GET /account': [{ what: 'own account page', expect: everyone(200) }],
  'POST /account/mail': [{ what: 'empty mail preference', expect: everyone(422) }],
  'GET /password/forgot': [{ what: 'forgotten password form works signed out', expect: { ...everyone(200), anon: 200 } }],
  'POST /password/forgot': [{ what: 'empty forgotten password request', expect: { ...everyone(422), anon: 422 } }],
  'GET /password/reset/:token': [
    {
      what: 'made-up reset link',
      path: () => '/password/reset/made-up-token-00000000000000000000',
      expect: { ...everyone(404), anon: 404 },
    },
  ],
  'POST /password/reset/:token': [
    {
      what: 'made-up reset link',
      path: () => '/password/reset/made-up-token-00000000000000000000',
      expect: { ...everyone(404), anon: 404 },
    },
  ],
  'GET /': [{ what: 'home', expect: everyone(200) }],
  'GET /about': [{ what: 'about', expect: everyone(200) }],

  'GET /admin/class-specs': [{ what: 'catalogue admin', expect: adminOnly(200) }],
  'GET /admin/class-specs/import': [{ what: 'import form', expect: adminOnly(200) }],
  'POST /admin/class-specs/import': [{ what: 'empty import', expect: adminOnly(422) }],
  'GET /admin/class-specs/import/:pendingId': [{ what: "another admin's pending import", expect: nobody() }],
  'POST /admin/class-specs/import/:pendingId/confirm': [{ what: "confirm another admin's import", expect: nobody() }],
  'POST /admin/class-specs/import/:pendingId/cancel': [{ what: "cancel another admin's import", expect: nobody() }],
  'POST /admin/class-specs/import/:pendingId/header': [{ what: "correct the header of another admin's import", expect: nobody() }],
  'POST /admin/class-specs/import/:pendingId/items': [{ what: "add a statement to another admin's import", expect: nobody() }],
  'POST /admin/class-specs/import/:pendingId/items/:index': [
    {
      what: "edit a statement of another admin's import",
      path: (w) => `/admin/class-specs/import/${w.specPendingId}/items/0`,
      expect: nobody(),
    },
  ],
  'POST /admin/class-specs/import/:pendingId/items/:index/split': [
    {
      what: "split a statement of another admin's import",
      path: (w) => `/admin/class-specs/import/${w.specPendingId}/items/0/split`,
      expect: nobody(),
    },
  ],
  'POST /admin/class-specs/import/:pendingId/items/:index/merge': [
    {
      what: "merge statements of another admin's import",
      path: (w) => `/admin/class-specs/import/${w.specPendingId}/items/0/merge`,
      expect: nobody(),
    },
  ],
  'POST /admin/class-specs/import/:pendingId/items/:index/delete': [
    {
      what: "delete a statement of another admin's import",
      path: (w) => `/admin/class-specs/import/${w.specPendingId}/items/0/delete`,
      expect: nobody(),
    },
  ],
  'POST /admin/class-specs/import/:pendingId/items/:index/move': [
    {
      what: "move a statement of another admin's import",
      path: (w) => `/admin/class-specs/import/${w.specPendingId}/items/0/move`,
      expect: nobody(),
    },
  ],
  'GET /admin/class-specs/framework': [{ what: 'framework import form', expect: adminOnly(200) }],
  'GET /admin/class-specs/framework/template.csv': [{ what: 'framework template', expect: adminOnly(200) }],
  'POST /admin/class-specs/framework': [{ what: 'empty framework import', expect: adminOnly(422) }],
  'GET /admin/class-specs/framework/:pendingId': [{ what: "another admin's framework preview", expect: nobody() }],
  'POST /admin/class-specs/framework/:pendingId/confirm': [{ what: "confirm another admin's framework", expect: nobody() }],
  'POST /admin/class-specs/framework/:pendingId/cancel': [{ what: "cancel another admin's framework", expect: nobody() }],
  'GET /admin/class-specs/keys': [{ what: 'key merges', expect: adminOnly(200) }],
  'POST /admin/class-specs/keys': [{ what: 'empty key merge', expect: adminOnly(422) }],
  'GET /admin/class-specs/keys/same-name': [{ what: 'names under two categories', expect: adminOnly(200) }],
  'POST /admin/class-specs/keys/same-name': [{ what: 'empty same-name merge', expect: adminOnly(422) }],
  'GET /admin/class-specs/:id': [{ what: 'class page', path: (w) => `/admin/class-specs/${w.cls.classSpecId}`, expect: adminOnly(200) }],
  'POST /admin/class-specs/:id/family': [
    {
      what: 'too long a job family',
      path: (w) => `/admin/class-specs/${w.cls.classSpecId}/family`,
      body: { family: 'x'.repeat(201) },
      expect: adminOnly(422),
    },
  ],
  'POST /admin/class-specs/:id/items/:itemId/required-level': [
    {
      what: 'empty required level',
      path: (w) => `/admin/class-specs/${w.cls.classSpecId}/items/${w.cls.items[0].id}/required-level`,
      expect: adminOnly(422),
    },
  ],

  'GET /assessments': [{ what: 'own assessments', expect: everyone(200) }],
  'GET /assessments/new': [{ what: 'start page', expect: everyone(200) }],
  'POST /assessments': [{ what: 'start without a class', expect: everyone(404) }],
  'GET /assessments/:id': [
    { what: 'draft', path: (w) => `/assessments/${w.draftId}`, expect: only(200, ['owner']) },
    { what: 'submitted', path: (w) => `/assessments/${w.submittedId}`, expect: only(200, ['owner']) },
    { what: 'reviewed', path: (w) => `/assessments/${w.reviewedId}`, expect: only(200, ['owner']) },
  ],
  'POST /assessments/:id': [
    { what: 'empty save of a draft', path: (w) => `/assessments/${w.draftId}`, expect: only(303, ['owner']) },
    { what: 'save of a submitted assessment', path: (w) => `/assessments/${w.submittedId}`, expect: only(409, ['owner']) },
  ],
  'POST /assessments/:id/ratings/:itemId': [
    {
      what: 'autosave on a draft',
      path: (w) => `/assessments/${w.draftId}/ratings/${w.draftItemId}`,
      body: { level: '2' },
      expect: only(200, ['owner']),
    },
    {
      what: 'autosave of an item of another class',
      path: (w) => `/assessments/${w.draftId}/ratings/${w.cls.items[0].id}`,
      body: { level: '2' },
      expect: only(404, ['owner']),
    },
    {
      what: 'autosave on a submitted assessment',
      path: (w) => `/assessments/${w.submittedId}/ratings/${w.cls.items[0].id}`,
      body: { level: '2' },
      expect: only(409, ['owner']),
    },
  ],
  'GET /assessments/:id/delete': [
    { what: 'delete page of a draft', path: (w) => `/assessments/${w.draftId}/delete`, expect: only(200, ['owner']) },
    { what: 'delete page of a submitted assessment', path: (w) => `/assessments/${w.submittedId}/delete`, expect: only(409, ['owner']) },
  ],
  'POST /assessments/:id/delete': [
    {
      what: "deleting someone's draft",
      path: (w) => `/assessments/${w.draftId}/delete`,
      expect: subset(only(303, ['owner']), FORBIDDEN_FOR_OWNER_OBJECTS),
    },
    { what: 'deleting a submitted assessment', path: (w) => `/assessments/${w.submittedId}/delete`, expect: only(409, ['owner']) },
  ],
  'POST /assessments/:id/reassess': [
    { what: 'reassess a submitted one', path: (w) => `/assessments/${w.submittedId}/reassess`, expect: only(409, ['owner']) },
    { what: 'reassess a reviewed one', path: (w) => `/assessments/${w.reviewedId}/reassess`, expect: only(303, ['owner']) },
  ],

  'GET /reviews': [{ what: 'review queue', expect: supervisors(200) }],
  'GET /reviews/:assessmentId': [
    { what: 'submitted assessment', path: (w) => `/reviews/${w.submittedId}`, expect: chain(200) },
    { what: 'reviewed assessment (read-only)', path: (w) => `/reviews/${w.reviewedId}`, expect: chain(200) },
    { what: 'draft assessment', path: (w) => `/reviews/${w.draftId}`, expect: nobody() },
  ],
  'POST /reviews/:assessmentId': [
    { what: 'draft assessment', path: (w) => `/reviews/${w.draftId}`, expect: nobody() },
    { what: 'reviewed assessment is closed', path: (w) => `/reviews/${w.reviewedId}`, expect: chain(409) },
    { what: 'save on a submitted assessment', path: (w) => `/reviews/${w.submittedId}`, expect: chain(303) },
  ],
  'POST /reviews/:assessmentId/ratings/:itemId': [
    {
      what: 'review autosave on a draft',
      path: (w) => `/reviews/${w.draftId}/ratings/${w.cls.items[0].id}`,
      body: { level: '2' },
      expect: nobody(),
    },
    {
      what: 'review autosave on a reviewed assessment',
      path: (w) => `/reviews/${w.reviewedId}/ratings/${w.cls.items[0].id}`,
      body: { level: '2' },
      expect: chain(409),
    },
  ],
  'GET /team': [{ what: 'team view', expect: supervisors(200) }],

  ...Object.fromEntries(
    [
      '/assessments/:id/report',
      '/assessments/:id/report/chart.svg',
      '/assessments/:id/report/history.svg',
      '/assessments/:id/report.csv',
      '/assessments/:id/report.pdf',
    ].map((p) => [
      `GET ${p}`,
      [
        { what: 'submitted', path: (w: World) => fill(p, w, { id: w.submittedId }), expect: ownerAndChain(200) },
        { what: 'reviewed', path: (w: World) => fill(p, w, { id: w.reviewedId }), expect: ownerAndChain(200) },
        { what: 'draft has no report', path: (w: World) => fill(p, w, { id: w.draftId }), expect: nobody() },
      ],
    ]),
  ),
  'POST /assessments/:id/acknowledge': [
    {
      what: 'acknowledge a submitted (not reviewed) result',
      path: (w) => `/assessments/${w.submittedId}/acknowledge`,
      expect: only(409, ['owner']),
    },
  ],
  'POST /assessments/:id/plan': [
    { what: 'empty plan action on a submitted assessment', path: (w) => `/assessments/${w.submittedId}/plan`, expect: ownerAndChain(422) },
    { what: 'plan on a draft', path: (w) => `/assessments/${w.draftId}/plan`, expect: nobody() },
  ],
  'POST /assessments/:id/plan/:actionId': [
    { what: 'empty status', path: (w) => `/assessments/${w.submittedId}/plan/${w.planActionId}`, expect: ownerAndChain(422) },
    {
      what: 'action of another assessment',
      path: (w) => `/assessments/${w.reviewedId}/plan/${w.planActionId}`,
      body: { status: 'done' },
      expect: subset(ownerAndChain(404), ['owner', 'sup', 'sup2']),
    },
  ],
  'POST /assessments/:id/plan/:actionId/delete': [
    {
      what: 'forbidden people',
      path: (w) => `/assessments/${w.submittedId}/plan/${w.planActionId}/delete`,
      expect: subset(ownerAndChain(303), FORBIDDEN_FOR_OWNER_OBJECTS),
    },
    {
      what: 'action of another assessment',
      path: (w) => `/assessments/${w.reviewedId}/plan/${w.planActionId}/delete`,
      expect: subset(ownerAndChain(404), ['owner', 'sup', 'sup2']),
    },
    {
      what: 'owner removes the action',
      path: (w) => `/assessments/${w.submittedId}/plan/${w.planActionId}/delete`,
      expect: { owner: 303 },
    },
  ],

  'GET /admin/mail': [{ what: 'sent mail', expect: adminOnly(200) }],
  'GET /admin/users': [{ what: 'users', expect: adminOnly(200) }],
  'GET /admin/users/new': [{ what: 'new user form', expect: adminOnly(200) }],
  'POST /admin/users': [{ what: 'empty new user', expect: adminOnly(422) }],
  'GET /admin/users/:id/edit': [{ what: 'a user', path: (w) => `/admin/users/${w.users.victim.id}/edit`, expect: adminOnly(200) }],
  'POST /admin/users/:id/edit': [
    { what: 'empty user edit', path: (w) => `/admin/users/${w.users.victim.id}/edit`, expect: adminOnly(422) },
  ],
  'GET /admin/users/:id/deactivate': [
    { what: 'deactivation confirmation', path: (w) => `/admin/users/${w.users.victim.id}/deactivate`, expect: adminOnly(200) },
  ],
  'POST /admin/users/:id/deactivate': [
    { what: 'deactivate a user', path: (w) => `/admin/users/${w.users.victim.id}/deactivate`, expect: adminOnly(303) },
  ],
  'POST /admin/users/:id/reactivate': [
    { what: 'reactivate a user', path: (w) => `/admin/users/${w.users.victim.id}/reactivate`, expect: adminOnly(303) },
  ],
  'POST /admin/users/:id/reset-password': [
    { what: 'reset a password', path: (w) => `/admin/users/${w.users.victim.id}/reset-password`, expect: adminOnly(303) },
  ],
  'GET /admin/users/:id/temporary-password': [
    { what: 'temporary password', path: (w) => `/admin/users/${w.users.victim.id}/temporary-password`, expect: adminOnly(200) },
  ],
  'GET /admin/users/import': [{ what: 'org import form', expect: adminOnly(200) }],
  'POST /admin/users/import': [{ what: 'empty org import', expect: adminOnly(422) }],
  'GET /admin/users/import/:id': [
    { what: "another admin's org import", path: (w) => `/admin/users/import/${w.orgPendingId}`, expect: nobody() },
  ],
  'POST /admin/users/import/:id/confirm': [
    { what: "confirm another admin's org import", path: (w) => `/admin/users/import/${w.orgPendingId}/confirm`, expect: nobody() },
  ],
  'GET /admin/users/import/:id/result': [
    { what: "another admin's import result", path: (w) => `/admin/users/import/${w.orgPendingId}/result`, expect: nobody() },
  ],
  'POST /admin/users/import/:id/passwords': [
    { what: "another admin's passwords", path: (w) => `/admin/users/import/${w.orgPendingId}/passwords`, expect: nobody() },
  ],
  'GET /admin/sso': [{ what: 'sign-in settings', expect: adminOnly(200) }],
  'POST /admin/sso/password-sign-in': [{ what: 'empty password sign-in setting', expect: adminOnly(422) }],
  'GET /admin/cycles': [{ what: 'cycles', expect: adminOnly(200) }],
  'GET /admin/cycles/new': [{ what: 'new cycle form', expect: adminOnly(200) }],
  'POST /admin/cycles': [{ what: 'empty new cycle', expect: adminOnly(422) }],
  'GET /admin/cycles/:id': [{ what: 'cycle dashboard', path: (w) => `/admin/cycles/${w.cycleId}`, expect: adminOnly(200) }],
  'GET /admin/cycles/:id/progress.csv': [
    { what: 'cycle CSV', path: (w) => `/admin/cycles/${w.cycleId}/progress.csv`, expect: adminOnly(200) },
  ],
  'POST /admin/cycles/:id/people': [{ what: 'empty add people', path: (w) => `/admin/cycles/${w.cycleId}/people`, expect: adminOnly(422) }],
  'POST /admin/cycles/:id/dates': [{ what: 'empty dates', path: (w) => `/admin/cycles/${w.cycleId}/dates`, expect: adminOnly(422) }],
  'POST /admin/cycles/:id/close': [
    { what: 'close a closed cycle', path: (w) => `/admin/cycles/${w.closedCycleId}/close`, expect: adminOnly(409) },
  ],
  'POST /admin/cycles/:id/resume': [
    { what: 'resume an open cycle', path: (w) => `/admin/cycles/${w.cycleId}/resume`, expect: adminOnly(409) },
  ],
  'GET /team/cycles': [{ what: "supervisors' cycles", expect: supervisors(200) }],
  'GET /team/cycles/:id': [{ what: 'cycle of the chain (subtree only)', path: (w) => `/team/cycles/${w.cycleId}`, expect: chain(200) }],
  'GET /team/cycles/:id/progress.csv': [{ what: 'subtree CSV', path: (w) => `/team/cycles/${w.cycleId}/progress.csv`, expect: chain(200) }],
  'GET /admin/audit': [{ what: 'audit log', expect: adminOnly(200) }],
  'GET /admin/audit.csv': [{ what: 'audit CSV', expect: adminOnly(200) }],

  'GET /career': [{ what: 'own career readiness', expect: everyone(200) }],
  'GET /career/classes/:classSpecId': [{ what: 'own needs for a class', expect: everyone(200) }],
  'POST /career/classes/:classSpecId/start': [{ what: 'start an own assessment', expect: everyone(303) }],
  'GET /career/:userId': [{ what: "the owner's career readiness", expect: ownerAndChain(200) }],
  'GET /career/:userId/classes/:classSpecId': [{ what: "the owner's needs", expect: ownerAndChain(200) }],
  'GET /classes/compare': [{ what: 'class comparison', expect: everyone(200) }],
  'GET /admin/onet': [{ what: 'O*NET links', expect: adminOnly(200) }],
  'POST /admin/onet/keys/:keyId': [{ what: 'empty O*NET link', expect: adminOnly(422) }],

  'GET /training/programs': [{ what: 'program catalogue (read for all)', expect: everyone(200) }],
  'GET /training/programs/new': [{ what: 'new program form', expect: only(200, ['training', 'admin']) }],
  'POST /training/programs': [{ what: 'empty new program', expect: only(422, ['training', 'admin']) }],
  'GET /training/programs/:id': [{ what: 'a program', path: (w) => `/training/programs/${w.programId}`, expect: everyone(200) }],
  'GET /training/programs/:id/edit': [
    { what: 'edit a program', path: (w) => `/training/programs/${w.programId}/edit`, expect: only(200, ['training', 'admin']) },
  ],
  'POST /training/programs/:id': [
    { what: 'empty program edit', path: (w) => `/training/programs/${w.programId}`, expect: only(422, ['training', 'admin']) },
  ],
  'POST /training/programs/:id/archive': [
    { what: 'archive a program', path: (w) => `/training/programs/${w.programId}/archive`, expect: only(303, ['training', 'admin']) },
  ],
  'GET /training/needs': [
    { what: 'aggregate needs (own subtree for supervisors)', expect: only(200, ['training', 'admin', 'sup', 'sup2', 'otherSup']) },
  ],
  'GET /training/needs.csv': [{ what: 'needs CSV', expect: only(200, ['training', 'admin', 'sup', 'sup2', 'otherSup']) }],
  'GET /training/needs.xlsx': [{ what: 'needs XLSX', expect: only(200, ['training', 'admin', 'sup', 'sup2', 'otherSup']) }],
  'GET /training/effectiveness': [{ what: 'program effectiveness', expect: only(200, ['training', 'admin']) }],

  // Last: it signs everyone out.
  'POST /logout': [{ what: 'sign out', expect: { ...everyone(303), anon: 303 } }],
};
