// dependency-cruiser: the architecture of STYLE.md, checked in `npm test` (npm run lint:deps).
// Layers import only downward: core (src/core, src/competency: pure) → db → features → web.
const FEATURES = '(assessments|audit|auth|career|class-specs|home|mail|onet|scheduler|reports|reviews|training|users|results)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import circle ties modules together so that none can be read, tested or moved alone.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-other-feature-repository',
      severity: 'error',
      comment: "A feature reaches another feature's data through that feature's services, never its repository.",
      from: { path: '^src/([^/]+)/' },
      to: { path: '^src/[^/]+/.*\\.repository\\.ts$', pathNot: '^src/$1/' },
    },
    {
      name: 'knex-only-in-repositories',
      severity: 'error',
      comment: 'Only repositories, src/db and migrations talk to knex; services get Db/Tx/Queryable from src/db/types.ts.',
      from: { path: '^src/', pathNot: ['\\.repository\\.ts$', '^src/db/', '\\.test\\.ts$'] },
      to: { path: '^node_modules/knex/' },
    },
    {
      name: 'core-is-pure',
      severity: 'error',
      comment: 'src/core and src/competency are pure: they import nothing else of the app.',
      from: { path: '^src/(core|competency)/' },
      to: { path: '^src/', pathNot: '^src/(core|competency)/' },
    },
    {
      name: 'db-below-features',
      severity: 'error',
      comment: 'src/db serves every feature and therefore imports none of them, nor the web layer.',
      from: { path: '^src/db/' },
      to: { path: `^src/(${FEATURES.slice(1, -1)}|web)/` },
    },
    {
      name: 'features-below-web',
      severity: 'error',
      comment: "Only a feature's routes (its web edge) may use the web layer; services, repositories and pure modules never do.",
      from: { path: `^src/${FEATURES}/`, pathNot: '\\.routes\\.ts$' },
      to: { path: '^src/web/' },
    },
    {
      name: 'no-test-code-in-the-app',
      severity: 'error',
      comment: 'The app never imports test code or fixtures.',
      from: { path: '^src/', pathNot: '\\.test\\.ts$' },
      to: { path: '^test/' },
    },
    {
      name: 'migrations-are-history',
      severity: 'error',
      comment: 'Migrations never import app code (STYLE.md rule 5): a later change to the app must not change history.',
      from: { path: '^migrations/' },
      to: { path: '^src/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
  },
};
