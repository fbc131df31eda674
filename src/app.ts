import path from 'node:path';
import express, { type Express } from 'express';
import session from 'express-session';
import type { Db } from './db/types';
import type { AppDeps } from './app-deps';
import type { Config } from './config';
import { createLogger, type Logger } from './logger';
import { createHashGate } from './auth/hash-gate';
import { createPassport } from './auth/passport';
import { KnexSessionStore, touchIntervalFor } from './auth/session-store';
import { authRoutes } from './auth/auth.routes';
import { ssoRoutes } from './auth/sso.routes';
import { ssoAdminRoutes } from './auth/sso-admin.routes';
import { OidcRelyingParty } from './auth/oidc-client';
import { passwordResetRoutes } from './auth/password-reset.routes';
import { accountRoutes, sentMailRoutes } from './mail/mail.routes';
import { requireAuth } from './auth/require-role';
import { homeRoutes } from './home/home.routes';
import { classSpecRoutes } from './class-specs/class-specs.routes';
import { importRoutes as classSpecImportRoutes } from './class-specs/class-specs-import.routes';
import { previewRoutes as classSpecPreviewRoutes } from './class-specs/class-specs-preview.routes';
import { frameworkRoutes as classFrameworkRoutes } from './class-specs/framework.routes';
import { keyRoutes as competencyKeyRoutes } from './class-specs/class-specs-keys.routes';
import { assessmentRoutes } from './assessments/assessments.routes';
import { reviewRoutes, teamRoutes } from './reviews/reviews.routes';
import { reportRoutes } from './reports/reports.routes';
import { userRoutes } from './users/users.routes';
import { orgImportRoutes } from './users/org-import.routes';
import { auditRoutes } from './audit/audit.routes';
import { programRoutes } from './training/programs.routes';
import { needsRoutes } from './training/needs.routes';
import { careerRoutes, classCompareRoutes } from './career/career.routes';
import { onetAdminRoutes } from './onet/onet.routes';
import { cycleAdminRoutes, cycleTeamRoutes } from './cycles/cycles.routes';
import { cspNonce, noStoreWhenSignedIn, securityHeaders } from './web/security';
import { csrfSynchronisedProtection } from './web/csrf';
import { parseUploadsBeforeCsrf } from './web/uploads';
import { viewLocals, mustChangePasswordGate, sessionTimeouts } from './web/locals';
import { errorHandler, notFoundHandler } from './web/error-handler';
import { requestLog } from './web/request-log';
import { viewEngine } from './web/views';
import { UploadParser } from './uploads/isolated-parse';

export const ROOT = path.resolve(__dirname, '..');

/** Builds the Express app. No I/O happens here; the caller owns the database and the listener. */
export function createApp({
  db,
  readDb = db,
  config,
  logger,
  uploads,
  sso,
}: {
  db: Db;
  readDb?: Db;
  config: Config;
  logger?: Logger;
  uploads?: UploadParser;
  /** Tests pass one that tampers with the provider's answers; by default built from config.oidc. */
  sso?: OidcRelyingParty | null;
}): Express {
  const log = logger ?? createLogger(config);
  // No child is started until the first file is read; the provider is not contacted until the first sign-in.
  const deps: AppDeps = {
    db,
    readDb,
    config,
    logger: log,
    uploads: uploads ?? new UploadParser(),
    sso: sso !== undefined ? sso : config.oidc ? new OidcRelyingParty(config.oidc) : null,
  };
  const app = express();

  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy ? 1 : false);
  const views = path.join(ROOT, 'views');
  app.set('view engine', 'ejs');
  app.set('views', views);
  app.engine('ejs', viewEngine(views, config.env === 'production'));
  app.set('view cache', config.env === 'production');

  app.use(requestLog(log, { autoLogging: config.env !== 'test' }));
  app.use(cspNonce);
  app.use(securityHeaders(config));
  app.use('/public', express.static(path.join(ROOT, 'public'), { maxAge: config.env === 'production' ? '1d' : 0 }));

  app.get('/healthz', async (_req, res) => {
    try {
      await readDb.raw('select 1');
      res.json({ status: 'ok' });
    } catch {
      res.status(503).json({ status: 'unavailable' });
    }
  });

  // 2 MB: a complete 44-item self-assessment with 2,000 characters of evidence per item in a
  // non-Latin script is about 1 MB once percent-encoded; anything that passes the field rules fits.
  app.use(express.urlencoded({ extended: false, limit: '2mb', parameterLimit: 5000 }));
  app.use(express.json({ limit: '200kb' }));

  const sessionStore = new KnexSessionStore(db, readDb, touchIntervalFor(config.sessionIdleMinutes * 60_000));
  const secureCookie = config.env === 'production' && config.trustProxy;
  const cookieName = secureCookie ? '__Host-sid' : 'sid';
  app.use(
    session({
      name: cookieName,
      secret: config.sessionSecret,
      store: sessionStore,
      resave: false,
      saveUninitialized: false,
      rolling: true,
      proxy: config.trustProxy,
      cookie: {
        httpOnly: true,
        sameSite: 'lax',
        secure: secureCookie,
        path: '/',
        maxAge: config.sessionIdleMinutes * 60_000,
      },
    }),
  );
  app.use((req, res, next) => {
    res.locals.sessionCookieName = cookieName;
    // The browser sent a session cookie but the store had no session for it (timed out or ended):
    // a fresh session has no CSRF token yet, a stored one always has.
    res.locals.sessionEnded =
      (req.headers.cookie ?? '').includes(`${cookieName}=`) && !(req.session as unknown as { csrfToken?: string })?.csrfToken;
    next();
  });
  const hashGate = createHashGate({
    concurrency: config.passwordHashConcurrency,
    queue: config.passwordHashQueue,
    perKey: config.passwordHashPerAddress,
  });
  const passport = createPassport(db, hashGate, readDb, sessionStore);
  app.use(passport.initialize({ compat: false }));
  app.use(passport.session());
  app.use(sessionTimeouts(config));
  app.use(noStoreWhenSignedIn);
  app.use(parseUploadsBeforeCsrf);
  app.use(csrfSynchronisedProtection);
  app.use(viewLocals);

  // The site map. /login, /logout and /account/password work without being signed in (or before
  // a forced password change); every router below requires a signed-in person and checks roles
  // and object access itself.
  app.use('/', authRoutes(deps, passport));
  app.use('/login/sso', ssoRoutes(deps)); // single sign-on: POST starts it, /callback is the provider's answer
  app.use('/', passwordResetRoutes(deps)); // /password/forgot, /password/reset/:token (signed out)
  app.use(requireAuth, mustChangePasswordGate);
  app.use('/', homeRoutes(deps)); // the home page and /about
  app.use('/account', accountRoutes(deps)); // the signed-in person's account page and e-mail preference
  app.use('/assessments', assessmentRoutes(deps)); // self-assessments: list, start, rate, submit, delete, reassess
  app.use('/assessments', reportRoutes(deps)); // /assessments/:id/report(.csv|.pdf), charts, development plan
  app.use('/reviews', reviewRoutes(deps)); // supervisors: queue, review, return, finalise
  app.use('/team/cycles', cycleTeamRoutes(deps)); // supervisors: cycle completion of their own people
  app.use('/team', teamRoutes(deps)); // supervisors: team heat map
  app.use('/career', careerRoutes(deps)); // readiness across classes, needs for one class
  app.use('/classes', classCompareRoutes(deps)); // /classes/compare
  app.use('/training/programs', programRoutes(deps)); // training staff: programs
  app.use('/training', needsRoutes(deps)); // training staff: /training/needs(.csv|.xlsx), /training/effectiveness
  app.use('/admin/class-specs/import', classSpecImportRoutes(deps)); // admins: upload or paste → preview, cancel
  app.use('/admin/class-specs/import', classSpecPreviewRoutes(deps)); // admins: correct the preview, confirm
  app.use('/admin/class-specs/framework', classFrameworkRoutes(deps)); // admins: framework file (many classes) → preview → confirm
  app.use('/admin/class-specs/keys', competencyKeyRoutes(deps)); // admins: merge competency keys
  app.use('/admin/class-specs', classSpecRoutes(deps)); // admins: catalogue, versions, required levels
  app.use('/admin/onet', onetAdminRoutes(deps)); // admins: O*NET links of keys
  app.use('/admin/users/import', orgImportRoutes(deps)); // admins: bulk org import
  app.use('/admin/users', userRoutes(deps)); // admins: people, roles, reporting lines, passwords
  app.use('/admin/sso', ssoAdminRoutes(deps)); // admins: the provider, password sign-in on/off, the last SSO attempts
  app.use('/admin/cycles', cycleAdminRoutes(deps)); // admins: open cycles, add people, dates, close, completion dashboard
  app.use('/admin', auditRoutes(deps)); // admins: /admin/audit(.csv)
  app.use('/admin/mail', sentMailRoutes(deps)); // admins: every message, its recipient and delivery status

  app.use(notFoundHandler);
  app.use(errorHandler(log));
  return app;
}
