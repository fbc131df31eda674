import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { createDb } from '../../src/db/db';
import { migrateLatest } from '../../src/db/migrations';
import { csrfFrom, TEST_PASSWORD } from '../helpers/context';

// The app as a real child process on a SQLite file (as in production), with data the test puts in
// the database before start-up. Like test/e2e/harness.ts startApp, but without demo data.

export const ROOT = path.resolve(__dirname, '../..');

export interface AppProcess {
  baseUrl: string;
  dbFile: string;
  output(): string;
  /** Opens the database (after stop(), or read-only checks while running). */
  openDb(): Knex;
  stop(): Promise<void>;
  cleanup(): void;
}

/** Creates and migrates a SQLite file, lets `seed` fill it, then starts the server on it. */
export async function startAppOn(seed: (db: Knex) => Promise<void>): Promise<AppProcess> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-rel-'));
  const dbFile = path.join(dataDir, 'app.db');
  const db = createDb(`sqlite:${dbFile}`);
  await migrateLatest(db);
  await seed(db);
  await db.destroy();
  // PORT=0: the OS picks the port and the app prints it (no race with other servers on the machine).
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: ROOT,
    // Every client signs in from 127.0.0.1 in the same instant: the per-address limit (attempts
    // being checked count until they succeed), the hash gate's per-address share and its short
    // queue (README "Security") would refuse most of them, and these tests are about what happens
    // after sign-in.
    env: {
      ...process.env,
      NODE_ENV: 'development',
      PORT: '0',
      DATA_DIR: dataDir,
      DATABASE_URL: `sqlite:${dbFile}`,
      DEMO_DATA: 'false',
      LOG_LEVEL: 'error',
      SIGN_IN_ADDRESS_FAILURES: '1000',
      PASSWORD_HASH_QUEUE: '100',
      PASSWORD_HASH_PER_ADDRESS: '100',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  let baseUrl = '';
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`app exited early:\n${output}`);
    try {
      const m = output.match(/running at http:\/\/localhost:(\d+)/);
      if (m) baseUrl = `http://127.0.0.1:${m[1]}`;
      if (baseUrl && (await fetch(`${baseUrl}/healthz`)).ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`app did not start in time:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    baseUrl,
    dbFile,
    output: () => output,
    openDb: () => createDb(`sqlite:${dbFile}`),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
    cleanup() {
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A minimal browser: one session cookie, a CSRF token, no redirects followed. */
export class Client {
  private cookie = '';
  token = '';
  constructor(private readonly baseUrl: string) {}

  async request(method: string, pathname: string, opts: { form?: Record<string, string>; json?: unknown } = {}): Promise<Response> {
    const headers: Record<string, string> = {};
    if (this.cookie) headers.cookie = this.cookie;
    let body: string | undefined;
    if (opts.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(opts.form).toString();
    } else if (opts.json !== undefined) {
      headers['content-type'] = 'application/json';
      headers.accept = 'application/json';
      headers['x-csrf-token'] = this.token;
      body = JSON.stringify(opts.json);
    }
    const res = await fetch(this.baseUrl + pathname, { method, headers, body, redirect: 'manual' });
    const set = res.headers.getSetCookie().find((c) => c.startsWith('sid='));
    if (set) this.cookie = set.split(';')[0];
    return res;
  }

  async page(pathname: string): Promise<string> {
    const res = await this.request('GET', pathname);
    const text = await res.text();
    if (res.status !== 200) throw new Error(`GET ${pathname} → ${res.status}`);
    this.token = csrfFrom(text);
    return text;
  }

  async signIn(email: string): Promise<void> {
    await this.page('/login');
    const res = await this.request('POST', '/login', { form: { email, password: TEST_PASSWORD, _csrf: this.token } });
    if (res.status !== 303) throw new Error(`sign-in ${email} → ${res.status}`);
  }
}
