/// <reference lib="dom" />
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knex from 'knex';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';

// Real-browser journeys: the app runs as a child process on a free port with a fresh database and
// demo data; Debian's Chromium is driven by playwright-core (never a downloaded browser).
//
// The database is a SQLite file in the app's temporary data directory, or, with
// E2E_DATABASE_URL=postgres://user@host:port/postgres (a server the test may create databases on),
// a fresh PostgreSQL database on that server, created for each app and dropped when it stops.

export const ROOT = path.resolve(__dirname, '../..');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const DEMO_PASSWORD = 'Competency-Demo-2026';
export const SHOTS = path.join(ROOT, 'test-results', 'screenshots');

export function chromiumAvailable(): boolean {
  return fs.existsSync(CHROMIUM);
}

export interface RunningApp {
  baseUrl: string;
  dataDir: string;
  /** The app's DATABASE_URL, for tests that arrange data directly (createDb(app.databaseUrl)). */
  databaseUrl: string;
  stop(): Promise<void>;
}

const PG_SERVER = process.env.E2E_DATABASE_URL ?? '';
if (PG_SERVER && !/^postgres(ql)?:\/\//.test(PG_SERVER)) {
  throw new Error(`E2E_DATABASE_URL must be a postgres:// URL (got ${PG_SERVER.split(':')[0]}:…)`);
}

/** Runs `sql` on the server's maintenance database (CREATE/DROP DATABASE cannot run inside one). */
async function onPgServer(sql: string): Promise<void> {
  const admin = knex({ client: 'pg', connection: PG_SERVER, pool: { min: 0, max: 1 } });
  try {
    await admin.raw(sql);
  } finally {
    await admin.destroy();
  }
}

/** A fresh, empty database for one app: a SQLite file in `dataDir`, or a new PostgreSQL database. */
async function freshDatabase(dataDir: string): Promise<{ url: string; drop(): Promise<void> }> {
  if (!PG_SERVER) return { url: `sqlite:${path.join(dataDir, 'app.db')}`, drop: async () => {} };
  // A random name: several journeys (or runs) can share one server.
  const name = `cg_e2e_${process.pid}_${crypto.randomBytes(6).toString('hex')}`;
  await onPgServer(`CREATE DATABASE ${name}`);
  const url = new URL(PG_SERVER);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => onPgServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** `env` adds to or overrides the app's environment (e.g. single sign-on settings and a fixed PORT). */
export async function startApp(env: Record<string, string> = {}): Promise<RunningApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-e2e-'));
  const database = await freshDatabase(dataDir);
  // PORT=0: the app binds a port the OS picks and prints it, so two runs on a busy machine can
  // never race for the same port (a probe could otherwise be answered by someone else's server).
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      PORT: '0',
      DATA_DIR: dataDir,
      DATABASE_URL: database.url,
      DEMO_DATA: 'true',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const deadline = Date.now() + 90_000;
  let baseUrl: string;
  for (;;) {
    if (child.exitCode !== null) {
      await database.drop();
      throw new Error(`app exited early:\n${output}`);
    }
    const m = output.match(/running at http:\/\/localhost:(\d+)/);
    if (m) {
      baseUrl = `http://127.0.0.1:${m[1]}`;
      try {
        const res = await fetch(`${baseUrl}/healthz`);
        if (res.ok) break;
      } catch {
        /* not up yet */
      }
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      await database.drop();
      throw new Error(`app did not start in time:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    baseUrl,
    dataDir,
    databaseUrl: database.url,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
      await database.drop();
    },
  };
}

/** playwright's launch() gives Chromium a fresh, empty temporary profile (user-data dir) each time. */
export async function launchBrowser(): Promise<{ browser: Browser }> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
    ],
  });
  return { browser };
}

const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe (WCAG 2.0/2.1 A and AA, WCAG 2.2 AA) on the page; any violation fails with rule, element and page. */
interface AxeResult {
  violations: { id: string; help: string; nodes: { target: string[]; html: string; failureSummary?: string }[] }[];
}

/** target-size for one element, scrolled to the middle of the viewport. */
async function stillTooSmall(page: Page, target: string[]): Promise<boolean> {
  const selector = target.join(' ');
  const found = await page.evaluate((sel) => {
    const el = document.querySelector(sel);
    el?.scrollIntoView({ block: 'center' });
    return !!el;
  }, selector);
  if (!found) return true;
  const again = (await page.evaluate(
    (sel) =>
      (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<unknown> } }).axe.run(
        { include: [[sel]] },
        { runOnly: { type: 'rule', values: ['target-size'] } },
      ),
    selector,
  )) as AxeResult;
  return again.violations.length > 0;
}

export async function expectAccessible(page: Page, label = page.url()): Promise<void> {
  // evaluate() runs through the DevTools protocol, so our CSP (no inline script) still holds.
  const t0 = Date.now();
  await page.evaluate(axeSource);
  const result = (await page.evaluate(() =>
    (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<unknown> } }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    }),
  )) as AxeResult;
  // A target that sits at the viewport's bottom edge is partly under the sticky Save/Submit bar at
  // that scroll position only; axe's target-size counts that. Such a target is checked again
  // scrolled to the middle of the viewport, where a person would use it, and kept only if it still
  // fails there (keyboard focus is never hidden: the focus-not-obscured tests cover that).
  for (const v of result.violations.filter((x) => x.id === 'target-size')) {
    const still = [];
    for (const node of v.nodes) if (await stillTooSmall(page, node.target)) still.push(node);
    v.nodes = still;
  }
  result.violations = result.violations.filter((v) => v.nodes.length > 0);
  const problems = result.violations.map(
    (v) =>
      `${v.id} (${v.help}) on ${label}:\n${v.nodes
        .slice(0, 5)
        .map((n) => `   ${n.target.join(' ')}  ${n.html.slice(0, 160)} ${n.failureSummary ?? ''}`)
        .join('\n')}`,
  );
  if (process.env.E2E_TIMING) console.log(`axe ${label}: ${Date.now() - t0} ms`);
  expect(problems, problems.join('\n')).toEqual([]);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/** Visits pages and checks each with axe as it goes. */
export async function visit(page: Page, url: string, name?: string): Promise<void> {
  await page.goto(url);
  await expectAccessible(page);
  if (name) await screenshot(page, name);
}

export async function signInAs(page: Page, baseUrl: string, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForLoadState();
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForLoadState();
}

export async function newContext(browser: Browser, opts: { javaScriptEnabled?: boolean } = {}): Promise<BrowserContext> {
  return browser.newContext({ javaScriptEnabled: opts.javaScriptEnabled ?? true, acceptDownloads: true });
}

/**
 * axe needs JavaScript in the page, and page.evaluate never returns in a context with JavaScript
 * disabled. So the HTML that context was shown is checked in `checker` (a JavaScript-enabled page):
 * it is served at the same URL, so styles load as they did, with the app's own scripts blocked.
 */
export async function expectAccessibleAsServed(page: Page, checker: Page, label: string): Promise<void> {
  const html = await page.content();
  const url = page.url();
  await checker.route('**/public/js/**', (r) => r.abort());
  await checker.route(url, (r) => r.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
  await checker.goto(url);
  await checker.unroute(url);
  await expectAccessible(checker, `${label} (as served without JavaScript)`);
}

/** The rating fieldsets of the self-assessment form: groups with a "0 – None" choice. */
export function ratingGroups(page: Page) {
  return page.getByRole('group').filter({ has: page.getByRole('radio', { name: '0 – None', exact: true }) });
}

/** Fails unless the focused element shows a focus indicator that it does not show when unfocused. */
export async function expectFocusVisible(page: Page, what: string): Promise<void> {
  const styles = await page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return null;
    const pick = (s: CSSStyleDeclaration) => ({ outlineStyle: s.outlineStyle, outlineWidth: s.outlineWidth, boxShadow: s.boxShadow });
    const focused = pick(getComputedStyle(el));
    el.blur();
    const unfocused = pick(getComputedStyle(el));
    el.focus({ focusVisible: true } as FocusOptions);
    return { focused, unfocused, tag: el.tagName, name: el.getAttribute('name') ?? el.id };
  });
  expect(styles, `nothing has focus (${what})`).not.toBeNull();
  const { focused, unfocused } = styles!;
  const outline = focused.outlineStyle !== 'none' && parseFloat(focused.outlineWidth) >= 2;
  const shadow = focused.boxShadow !== 'none' && focused.boxShadow !== unfocused.boxShadow;
  expect(outline || shadow, `no visible focus on ${styles!.tag} ${styles!.name} (${what}): ${JSON.stringify(styles)}`).toBe(true);
  expect(JSON.stringify(focused), `focus looks the same as no focus (${what})`).not.toBe(JSON.stringify(unfocused));
}

/** Clicks a download link and returns the saved file's bytes. */
export async function download(page: Page, linkName: string): Promise<Buffer> {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: linkName }).click()]);
  const file = await dl.path();
  return fs.readFileSync(file);
}

/** The text of a PDF (pdf-parse v2). */
export async function pdfText(buf: Buffer): Promise<string> {
  const { PDFParse } = await import('pdf-parse');
  const parser = new PDFParse({ data: new Uint8Array(buf), verbosity: 0 });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

/**
 * The usual file set-up: one app (fresh database + demo data) and one Chromium for the whole file,
 * both stopped afterwards. Read `env.app` / `env.browser` inside tests (they are set in beforeAll).
 */
export function useAppAndBrowser(extraEnv: () => Record<string, string> = () => ({})): { app: RunningApp; browser: Browser } {
  const env = {} as { app: RunningApp; browser: Browser };
  beforeAll(async () => {
    env.app = await startApp(extraEnv());
    ({ browser: env.browser } = await launchBrowser());
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.app?.stop();
  });
  return env;
}
