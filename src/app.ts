import path from 'node:path';
import express, { type Express } from 'express';
import session from 'express-session';
import type { Knex } from 'knex';
import type { Config } from './config';
import { createLogger, type Logger } from './logger';
import { createPassport } from './auth/passport';
import { KnexSessionStore } from './auth/session-store';
import { authRoutes } from './auth/auth.routes';
import { requireAuth } from './auth/require-role';
import { homeRoutes } from './home/home.routes';
import { classSpecRoutes } from './class-specs/class-specs.routes';
import { assessmentRoutes } from './assessments/assessments.routes';
import { reviewRoutes } from './reviews/reviews.routes';
import { reportRoutes } from './reports/reports.routes';
import { userRoutes } from './users/users.routes';
import { auditRoutes } from './audit/audit.routes';
import { trainingRoutes } from './training/training.routes';
import { careerRoutes } from './career/career.routes';
import { cspNonce, noStoreWhenSignedIn, securityHeaders } from './web/security';
import { csrfSynchronisedProtection } from './web/csrf';
import { parseUploadsBeforeCsrf } from './web/uploads';
import { viewLocals, mustChangePasswordGate, sessionTimeouts } from './web/locals';
import { errorHandler, notFoundHandler } from './web/error-handler';
import { requestLog } from './web/request-log';
import { viewEngine } from './web/views';

export interface AppDeps {
  db: Knex;
  /**
   * Read-only queries of hot GET pages (see createReadDb): never inside a transaction of `db`,
   * never for a read that must see this request's own uncommitted writes. Defaults to `db`.
   */
  readDb: Knex;
  config: Config;
  logger: Logger;
}

export const ROOT = path.resolve(__dirname, '..');

/** Builds the Express app. No I/O happens here; the caller owns the database and the listener. */
export function createApp({ db, readDb = db, config, logger }: { db: Knex; readDb?: Knex; config: Config; logger?: Logger }): Express {
  const log = logger ?? createLogger(config);
  const deps: AppDeps = { db, readDb, config, logger: log };
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

  const sessionStore = new KnexSessionStore(db, readDb);
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
  const passport = createPassport(db, readDb, sessionStore);
  app.use(passport.initialize({ compat: false }));
  app.use(passport.session());
  app.use(sessionTimeouts(config));
  app.use(noStoreWhenSignedIn);
  app.use(parseUploadsBeforeCsrf);
  app.use(csrfSynchronisedProtection);
  app.use(viewLocals);

  app.use(authRoutes(deps, passport));
  app.use(requireAuth, mustChangePasswordGate);
  // Feature routers, each from its own folder. Every route below requires a signed-in person;
  // each router checks roles and object access itself.
  for (const routes of [homeRoutes, classSpecRoutes, assessmentRoutes, reviewRoutes, reportRoutes, userRoutes, auditRoutes, trainingRoutes, careerRoutes]) {
    app.use(routes(deps));
  }

  app.use(notFoundHandler);
  app.use(errorHandler(log));
  return app;
}
