import passport from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import type { Db } from '../db/types';
import { findAccountByEmail } from '../users/people.service';
import { loadSessionUser } from './sessions.repository';
import type { HashGate } from './hash-gate';
import { verifyPassword } from './passwords';
import type { KnexSessionStore } from './session-store';
import { type SessionUser } from './session-user';
import { INVALID_LOGIN } from './sign-in-text';

/**
 * Configures a passport instance of our own (not the global singleton, so several apps can run
 * in one process in tests). Only the user id goes into the session; every request re-reads the
 * person and drops the session if the account is gone or deactivated. Every password check, for
 * an unknown email too, waits for a slot of `hashGate` (counted per client address); a full gate
 * fails the strategy with HashGateFullError (the sign-in route answers 429).
 */
export function createPassport(db: Db, hashGate: HashGate, readDb: Db = db, store?: KnexSessionStore): passport.PassportStatic {
  const p = new passport.Passport() as unknown as passport.PassportStatic;
  p.use(
    new LocalStrategy({ usernameField: 'email', passwordField: 'password', passReqToCallback: true }, (req, email, password, done) => {
      (async () => {
        const user = await findAccountByEmail(db, email);
        const ok = await hashGate.run(req.ip ?? 'unknown', () => verifyPassword(password, user?.password_hash));
        if (!user || !ok || !user.active) return done(null, false, { message: INVALID_LOGIN });
        return done(null, { id: user.id });
      })().catch(done);
    }),
  );
  p.serializeUser((user, done) => done(null, (user as { id: number }).id));
  // The session store usually read the person together with the session (one query per request).
  p.deserializeUser((req: import('node:http').IncomingMessage, id: number, done: (err: unknown, user?: SessionUser | false) => void) => {
    const loaded = store?.takeLoadedUser((req as { sessionID?: string }).sessionID, Number(id));
    if (loaded) return done(null, loaded.user ?? false);
    loadSessionUser(readDb, Number(id))
      .then((user: SessionUser | undefined) => done(null, user ?? false))
      .catch(done);
  });
  return p;
}
