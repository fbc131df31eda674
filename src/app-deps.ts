import type { Db } from './db/types';
import type { Config } from './config';
import type { Logger } from './logger';
import type { UploadParser } from './uploads/isolated-parse';
import type { OidcRelyingParty } from './auth/oidc-client';

/** What every router is built from (createApp passes it down); its own module so routers do not import app.ts. */
export interface AppDeps {
  db: Db;
  /**
   * Read-only queries of hot GET pages (see createReadDb): never inside a transaction of `db`,
   * never for a read that must see this request's own uncommitted writes. Defaults to `db`.
   */
  readDb: Db;
  config: Config;
  logger: Logger;
  /** Reads uploaded files in a child process (src/uploads); whoever creates it closes it. */
  uploads: UploadParser;
  /** Single sign-on with the employer's OpenID Connect provider; null when not configured. */
  sso: OidcRelyingParty | null;
}
