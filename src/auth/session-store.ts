import session from 'express-session';
import type { Db, Queryable } from '../db/types';
import {
  deleteExpiredSessions,
  deleteSession,
  deleteUserSessions,
  readSessionWithUser,
  sessionUserFromRows,
  touchSession,
  upsertSession,
} from './sessions.repository';
import { type SessionUser } from './session-user';

type Callback<T = void> = (err?: unknown, value?: T) => void;

/**
 * The rolling cookie moves a session's expiry on every request. Writing that to the database
 * each time made every page view a write (and, on SQLite, a queue behind the one connection), so
 * the stored expiry is only refreshed once it lags by more than this: idle sessions end within a
 * minute of the configured idle timeout. With a short idle timeout the interval shrinks to a
 * quarter of it (touchIntervalFor), or an active session would expire between two refreshes.
 */
export const TOUCH_INTERVAL_MS = 60_000;

/** How far the stored expiry may lag behind the cookie's for a given idle timeout. */
export function touchIntervalFor(idleMs: number): number {
  return Math.max(0, Math.min(TOUCH_INTERVAL_MS, Math.floor(idleMs / 4)));
}
const MAX_TRACKED = 50_000;

/** A session's content without its cookie (whose expiry rolls on every request: that is touch's business). */
function contentOf(sess: session.SessionData): string {
  return JSON.stringify(sess, (key, value: unknown) => (key === 'cookie' ? undefined : value));
}

/**
 * A small knex-backed session store: sessions in the database make app instances interchangeable,
 * and the user_id column lets us end every session of a person at once.
 */
export class KnexSessionStore extends session.Store {
  private lastPrune = 0;
  /** Stored expiry per session id, as last read or written by this instance. */
  private readonly storedExpiry = new Map<string, number>();
  /**
   * Stored content per session id, as last read or written by this instance. A sign-in stores
   * the new session (passport saves it before redirecting), and express-session stores it again
   * at the end of the request whatever it holds (a regenerated session never counts as saved):
   * that second write of the same content is skipped when the expiry lags by less than a touch.
   */
  private readonly storedContent = new Map<string, string>();

  /** `readDb` (default `db`) serves the per-request session read; writes go to `db`. */
  constructor(
    private readonly db: Db,
    private readonly readDb: Db = db,
    private readonly touchIntervalMs: number = TOUCH_INTERVAL_MS,
  ) {
    super();
  }

  /**
   * The person read in the same query as the session, for this request's deserializeUser
   * (takeLoadedUser). Not a cache: every get() replaces or removes its entry before the request
   * goes on, and an entry is taken (deleted) by the first reader, so a person is never older than
   * the session read of the request using it.
   */
  private readonly loadedUser = new Map<string, { userId: number; user: SessionUser | undefined }>();

  get(sid: string, cb: Callback<session.SessionData | null>): void {
    readSessionWithUser(this.readDb, sid)
      .then((rows) => {
        const row = rows[0];
        if (!row || Number(row.expires_at) <= Date.now()) {
          this.loadedUser.delete(sid);
          return cb(null, null);
        }
        const sess = JSON.parse(String(row.sess)) as session.SessionData;
        this.remember(sid, Number(row.expires_at), contentOf(sess));
        if (row.user_id == null) this.loadedUser.delete(sid);
        else {
          if (this.loadedUser.size >= MAX_TRACKED) this.loadedUser.clear();
          this.loadedUser.set(sid, { userId: Number(row.user_id), user: sessionUserFromRows(rows) });
        }
        cb(null, sess);
      })
      .catch((err) => cb(err));
  }

  /** The person get() read with this session if it belongs to `userId` (once), else null: load it. */
  takeLoadedUser(sid: string | undefined, userId: number): { user: SessionUser | undefined } | null {
    if (!sid) return null;
    const loaded = this.loadedUser.get(sid);
    this.loadedUser.delete(sid);
    return loaded && loaded.userId === userId ? { user: loaded.user } : null;
  }

  set(sid: string, sess: session.SessionData, cb: Callback = () => {}): void {
    const expires = sess.cookie?.expires ? new Date(sess.cookie.expires).getTime() : Date.now() + 86_400_000;
    const userId = (sess as { passport?: { user?: number } }).passport?.user ?? null;
    const content = contentOf(sess);
    const stored = this.storedExpiry.get(sid);
    if (this.storedContent.get(sid) === content && stored !== undefined && expires - stored < this.touchIntervalMs) return cb();
    upsertSession(this.db, sid, JSON.stringify(sess), expires, userId)
      .then(() => {
        this.remember(sid, expires, content);
        this.maybePrune();
        cb();
      })
      .catch((err) => cb(err));
  }

  touch(sid: string, sess: session.SessionData, cb: Callback = () => {}): void {
    const expires = sess.cookie?.expires ? new Date(sess.cookie.expires).getTime() : Date.now() + 86_400_000;
    const stored = this.storedExpiry.get(sid);
    if (stored !== undefined && expires - stored < this.touchIntervalMs) return cb();
    touchSession(this.db, sid, expires)
      .then(() => {
        this.remember(sid, expires, this.storedContent.get(sid));
        cb();
      })
      .catch((err) => cb(err));
  }

  destroy(sid: string, cb: Callback = () => {}): void {
    this.storedExpiry.delete(sid);
    this.storedContent.delete(sid);
    this.loadedUser.delete(sid);
    deleteSession(this.db, sid)
      .then(() => cb())
      .catch((err) => cb(err));
  }

  private remember(sid: string, expires: number, content: string | undefined): void {
    // Forgetting is always safe (the next touch or set writes), so the maps are simply emptied when large.
    if (this.storedExpiry.size >= MAX_TRACKED) {
      this.storedExpiry.clear();
      this.storedContent.clear();
    }
    this.storedExpiry.set(sid, expires);
    if (content === undefined) this.storedContent.delete(sid);
    else this.storedContent.set(sid, content);
  }

  /** Expired rows are removed now and then, not on every request. */
  private maybePrune(): void {
    if (Date.now() - this.lastPrune < 10 * 60_000) return;
    this.lastPrune = Date.now();
    deleteExpiredSessions(this.db, Date.now()).catch(() => undefined);
  }
}

/** Ends every session of a user, except optionally the one making the request. */
export function destroyUserSessions(db: Queryable, userId: number, exceptSid?: string): Promise<void> {
  return deleteUserSessions(db, userId, exceptSid);
}
