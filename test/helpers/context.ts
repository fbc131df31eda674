import type { Express } from 'express';
import type { Knex } from 'knex';
import request from 'supertest';
import { afterAll, beforeAll } from 'vitest';
import { createApp } from '../../src/app';
import { UploadParser } from '../../src/uploads/isolated-parse';
import { testConfig, type Config } from '../../src/config';
import { newTestDb } from './test-db';

export const TEST_PASSWORD = 'correct-horse-battery';

export interface TestContext {
  db: Knex;
  /** The app's read pool (the same knex as `db` on PostgreSQL). */
  readDb: Knex;
  app: Express;
  config: Config;
  /** The SQLite file or PostgreSQL database name of this test file. */
  file: string;
  /** The app's upload reader (child processes), stopped after the file's tests. */
  uploads: UploadParser;
}

/**
 * A fresh database (a copy of the migrated template: SQLite file, or PostgreSQL database when
 * DATABASE_URL=postgres://…) and app for one test file. Call at the top level of the file.
 */
export function setupTestContext(overrides: Partial<Config> = {}): TestContext {
  const testDb = newTestDb();
  const config = testConfig(overrides);
  const uploads = new UploadParser();
  const app = createApp({ db: testDb.db, readDb: testDb.readDb, config, uploads });
  beforeAll(() => testDb.create());
  afterAll(() => Promise.all([testDb.drop(), uploads.close()]));
  return { db: testDb.db, readDb: testDb.readDb, app, config, file: testDb.label, uploads };
}

/** Reads the CSRF token out of a page (every form carries it as `_csrf`). */
export function csrfFrom(html: string): string {
  const m = html.match(/name="_csrf" value="([^"]+)"/);
  if (!m) throw new Error('no CSRF token on the page');
  return m[1];
}

export type Agent = ReturnType<typeof request.agent>;

/** A signed-in browser-like agent; `agent.csrf()` fetches a fresh token from a page. */
export async function signIn(
  app: Express,
  email: string,
  password = TEST_PASSWORD,
): Promise<Agent & { csrf(pathname?: string): Promise<string> }> {
  const agent = request.agent(app);
  const page = await agent.get('/login');
  const res = await agent
    .post('/login')
    .type('form')
    .send({ email, password, _csrf: csrfFrom(page.text) });
  if (res.status !== 303) throw new Error(`sign-in failed for ${email}: ${res.status}`);
  return Object.assign(agent, {
    async csrf(pathname = '/') {
      const r = await agent.get(pathname);
      return csrfFrom(r.text);
    },
  });
}
