/**
 * Issue 18.1: hostile and large uploads against the app started as `npm start` starts it (tsx,
 * production mode, SQLite). For each file: the answer and how long it took, whether /healthz kept
 * answering meanwhile (polled every 100 ms) and its slowest answer, and the peak resident memory
 * of the app process and of its parse child.
 *
 *   npm run bench:uploads
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDb } from '../src/db/db';
import { migrateLatest } from '../src/db/migrations';
import { hashPassword } from '../src/auth/passwords';
import { insertUser } from '../src/users/users.repository';
import { docxBomb, orgCsvRows, pdfFlateBomb, pdfManyPages, xlsxBomb } from '../test/fixtures/upload-bombs';
import { rssMb, startApp } from './lib/processes';

const EMAIL = 'admin@bench.example.gov';
const PASSWORD = 'bench-password-1';
const RSS_TARGET_MB = 300;
const SECONDS_TARGET = 5;

class Browser {
  private cookies = new Map<string, string>();
  constructor(private readonly base: string) {}
  async fetch(pathname: string, init: RequestInit = {}): Promise<Response> {
    const res = await fetch(this.base + pathname, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      this.cookies.set(pair.slice(0, i), pair.slice(i + 1));
    }
    return res;
  }
  async csrf(pathname: string): Promise<string> {
    const html = await (await this.fetch(pathname)).text();
    const m = /name="_csrf" value="([^"]+)"/.exec(html);
    if (!m) throw new Error(`no CSRF token on ${pathname}`);
    return m[1];
  }
}

/** Child pids of a process (Linux), for the parse child's memory. */
function childPids(pid: number): number[] {
  try {
    return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

interface Case {
  label: string;
  route: string;
  name: string;
  make: () => Buffer;
}

const CASES: Case[] = [
  { label: '.docx, document.xml unpacks to 400 MB', route: '/admin/class-specs/import', name: 'bomb.docx', make: () => docxBomb(400) },
  {
    label: '.docx, 400 MB but declaring 4 KB (sizes lie)',
    route: '/admin/class-specs/import',
    name: 'liar.docx',
    make: () => docxBomb(400, { declaredSize: 4096 }),
  },
  { label: '.xlsx, 8 million identical rows', route: '/admin/users/import', name: 'org.xlsx', make: () => xlsxBomb(8_000_000) },
  { label: 'PDF, one stream inflates to 1 GB', route: '/admin/class-specs/import', name: 'bomb.pdf', make: () => pdfFlateBomb(1024) },
  { label: 'PDF, 30,000 pages', route: '/admin/class-specs/import', name: 'pages.pdf', make: () => pdfManyPages(30_000) },
  { label: 'CSV, 50,000 people (honest preview)', route: '/admin/users/import', name: 'org-50k.csv', make: () => orgCsvRows(50_000) },
];

async function runCase(app: { url: string; proc: { pid?: number } }, browser: Browser, c: Case) {
  const file = c.make();
  const token = await browser.csrf(c.route);
  const form = new FormData();
  form.append('_csrf', token);
  form.append('file', new Blob([new Uint8Array(file)]), c.name);

  const pid = app.proc.pid!;
  let appPeak = rssMb(pid) ?? 0;
  let childPeak = 0;
  const sampler = setInterval(() => {
    appPeak = Math.max(appPeak, rssMb(pid) ?? 0);
    for (const child of childPids(pid)) childPeak = Math.max(childPeak, rssMb(child) ?? 0);
  }, 50);

  let done = false;
  const health = { sent: 0, ok: 0, slowestMs: 0 };
  const poll = (async () => {
    while (!done) {
      const t = performance.now();
      health.sent += 1;
      try {
        const res = await fetch(`${app.url}/healthz`, { signal: AbortSignal.timeout(10_000) });
        if (res.status === 200) health.ok += 1;
      } catch {
        // counted as not answered
      }
      health.slowestMs = Math.max(health.slowestMs, performance.now() - t);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();

  const started = performance.now();
  const res = await browser.fetch(c.route, { method: 'POST', body: form });
  const seconds = (performance.now() - started) / 1000;
  const html = await res.text();
  done = true;
  await poll;
  clearInterval(sampler);
  const message =
    />\s*([^<]*(?:was not read|pages; at most|more than \d+ rows)[^<]*)</.exec(html)?.[1]?.trim() ??
    (res.status === 303 ? `preview at ${res.headers.get('location')}` : `(status ${res.status})`);
  return { c, mb: file.length / 1024 / 1024, status: res.status, seconds, health, appPeak, childPeak, message };
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'upload-bench-'));
  const url = `sqlite:${path.join(dir, 'bench.db')}`;
  const db = createDb(url);
  await migrateLatest(db);
  await insertUser(db, { email: EMAIL, displayName: 'Bench Admin', passwordHash: await hashPassword(PASSWORD, 10), roles: ['admin'] });
  await db.destroy();

  const app = await startApp(url);
  try {
    const browser = new Browser(app.url);
    const signIn = await browser.fetch('/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: EMAIL, password: PASSWORD, _csrf: await browser.csrf('/login') }),
    });
    if (signIn.status !== 303) throw new Error(`sign-in answered ${signIn.status}`);
    console.log(`upload bench: node ${process.version}, ${os.cpus().length} CPUs; app RSS at start ${rssMb(app.proc.pid)} MB`);
    console.log('');
    const rows = [];
    for (const c of CASES) {
      const r = await runCase(app, browser, c);
      rows.push(r);
      console.log(`${c.label}  (${r.mb.toFixed(2)} MB)`);
      console.log(
        `  ${r.status} in ${r.seconds.toFixed(2)} s; /healthz ${r.health.ok}/${r.health.sent} answered, slowest ${r.health.slowestMs.toFixed(0)} ms; peak RSS app ${r.appPeak} MB, parse child ${r.childPeak || '–'} MB`,
      );
      console.log(`  “${r.message}”`);
    }
    // The preview of the 50,000-row CSV, shown a page at a time: its last page.
    const preview = rows.find((r) => r.status === 303);
    let pagePeak = 0;
    if (preview) {
      const pid = app.proc.pid!;
      const location = /preview at (\S+)/.exec(preview.message)![1];
      const sampler = setInterval(() => (pagePeak = Math.max(pagePeak, rssMb(pid) ?? 0)), 20);
      const started = performance.now();
      const page = await browser.fetch(`${location}?page=500`);
      const html = await page.text();
      clearInterval(sampler);
      pagePeak = Math.max(pagePeak, rssMb(pid) ?? 0);
      const caption = /Rows [^<]*of \d+/.exec(html)?.[0] ?? `status ${page.status}`;
      console.log('');
      console.log(
        `its preview, page 500 (${caption}): ${page.status} in ${((performance.now() - started) / 1000).toFixed(2)} s; peak RSS app ${pagePeak} MB`,
      );
    }
    await new Promise((r) => setTimeout(r, 2000));
    const after = rssMb(app.proc.pid);
    console.log('');
    console.log(`app RSS 2 s after the last upload: ${after} MB`);
    const bombs = rows.filter((r) => !r.c.name.endsWith('.csv'));
    const checks = [
      ['every bomb refused with 422', bombs.every((r) => r.status === 422)],
      [`every bomb refused within ${SECONDS_TARGET} s`, bombs.every((r) => r.seconds <= SECONDS_TARGET)],
      ['/healthz answered throughout', rows.every((r) => r.health.ok === r.health.sent)],
      [`app RSS ≤ ${RSS_TARGET_MB} MB throughout`, rows.every((r) => r.appPeak <= RSS_TARGET_MB) && pagePeak <= RSS_TARGET_MB],
      [`parse child RSS ≤ ${RSS_TARGET_MB} MB throughout`, rows.every((r) => r.childPeak <= RSS_TARGET_MB)],
    ] as const;
    for (const [what, met] of checks) console.log(`${met ? 'met    ' : 'NOT MET'}  ${what}`);
  } finally {
    await app.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
