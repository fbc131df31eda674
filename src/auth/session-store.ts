import session from 'express-session';
import type { Knex } from 'knex';

type Callback<T = void> = (err?: unknown, value?: T) => void;

/**
 * The rolling cookie moves a session's expiry on every request. Writing that to the database
 * each time made every page view a write (and, on SQLite, a queue behind the one connection), so
 * the stored expiry is only refreshed once it lags by more than this: idle sessions end within a
 * minute of the configured idle timeout.
 */
export const TOUCH_INTERVAL_MS = 60_000;
const MAX_TRACKED = 50_000;

/**
 * A small knex-backed session store: sessions in the database make app instances interchangeable,
 * and the user_id column lets us end every session of a person at once.
 */
export class KnexSessionStore extends session.Store {
  private lastPrune = 0;
  /** Stored expiry per session id, as last read or written by this instance. */
  private readonly storedExpiry = new Map<string, number>();

  /** `readDb` (default `db`) serves the per-request session read; writes go to `db`. */
  constructor(private readonly db: Knex, private readonly readDb: Knex = db) {
    super();
  }

  get(sid: string, cb: Callback<session.SessionData | null>): void {
    this.readDb('sessions')
      .where({ sid })
      .first('sess', 'expires_at')
      .then((row) => {
        if (!row || Number(row.expires_at) <= Date.now()) return cb(null, null);
        this.remember(sid, Number(row.expires_at));
        cb(null, JSON.parse(row.sess));
      })
      .catch((err) => cb(err));
  }

  set(sid: string, sess: session.SessionData, cb: Callback = () => {}): void {
    const expires = sess.cookie?.expires ? new Date(sess.cookie.expires).getTime() : Date.now() + 86_400_000;
    const userId = (sess as { passport?: { user?: number } }).passport?.user ?? null;
    this.db('sessions')
      .insert({ sid, sess: JSON.stringify(sess), expires_at: expires, user_id: userId })
      .onConflict('sid')
      .merge()
      .then(() => {
        this.remember(sid, expires);
        this.maybePrune();
        cb();
      })
      .catch((err) => cb(err));
  }

  touch(sid: string, sess: session.SessionData, cb: Callback = () => {}): void {
    const expires = sess.cookie?.expires ? new Date(sess.cookie.expires).getTime() : Date.now() + 86_400_000;
    const stored = this.storedExpiry.get(sid);
    if (stored !== undefined && expires - stored < TOUCH_INTERVAL_MS) return cb();
    this.db('sessions')
      .where({ sid })
      .update({ expires_at: expires })
      .then(() => {
        this.remember(sid, expires);
        cb();
      })
      .catch((err) => cb(err));
  }

  destroy(sid: string, cb: Callback = () => {}): void {
    this.storedExpiry.delete(sid);
    this.db('sessions')
      .where({ sid })
      .del()
      .then(() => cb())
      .catch((err) => cb(err));
  }

  private remember(sid: string, expires: number): void {
    // Forgetting is always safe (the next touch writes), so the map is simply emptied when large.
    if (this.storedExpiry.size >= MAX_TRACKED) this.storedExpiry.clear();
    this.storedExpiry.set(sid, expires);
  }

  /** Expired rows are removed now and then, not on every request. */
  private maybePrune(): void {
    if (Date.now() - this.lastPrune < 10 * 60_000) return;
    this.lastPrune = Date.now();
    this.db('sessions').where('expires_at', '<', Date.now()).del().catch(() => undefined);
  }
}

/** Ends every session of a user, except optionally the one making the request. */
export async function destroyUserSessions(db: Knex, userId: number, exceptSid?: string): Promise<void> {
  const q = db('sessions').where({ user_id: userId });
  if (exceptSid) q.whereNot({ sid: exceptSid });
  await q.del();
}
