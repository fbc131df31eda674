// Sign-in floods (issue 18.4): `npx tsx bench/sign-in-flood.ts [--clients 8] [--seconds 10]`.
// Starts the app in production mode on a fresh SQLite file behind a pretend proxy (TRUST_PROXY,
// X-Forwarded-For chooses the client's address) and measures /healthz and one real sign-in while
// `clients` unauthenticated clients send wrong passwords as fast as the app answers: first all
// from one address, then each request from a new address. Prints the figures; asserts nothing.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { intFlag } from './lib/args';
import { startNode, type Running } from './lib/processes';
import { createDb } from '../src/db/db';
import { migrateLatest } from '../src/db/migrations';
import { hashPassword } from '../src/auth/passwords';
import { insertUser } from '../src/users/users.repository';

const PASSWORD = 'Flood-Bench-Password-2026';
const EMAIL = 'real.person@example.gov';

interface Form {
  cookie: string;
  token: string;
}

const headersFor = (address: string, cookie?: string) => ({
  'x-forwarded-for': address,
  'x-forwarded-proto': 'https', // the app behind "HTTPS" sets its Secure __Host- cookie
  ...(cookie ? { cookie } : {}),
});

async function openForm(base: string, address: string): Promise<Form> {
  const page = await fetch(`${base}/login`, { headers: headersFor(address) });
  const cookie = page.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .find((c) => /^(__Host-)?sid=/.test(c));
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1];
  if (!cookie || !token) throw new Error(`GET /login gave no session or token (${page.status})`);
  return { cookie, token };
}

async function submit(base: string, form: Form, address: string, email: string, password: string): Promise<number> {
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { ...headersFor(address, form.cookie), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password, _csrf: form.token }),
  });
  await res.arrayBuffer();
  return res.status;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

async function healthzLatencies(base: string, until: number): Promise<number[]> {
  const out: number[] = [];
  while (Date.now() < until) {
    const t = performance.now();
    await (await fetch(`${base}/healthz`)).arrayBuffer();
    out.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 50));
  }
  return out.sort((a, b) => a - b);
}

async function realSignIn(base: string, address: string): Promise<{ status: number; ms: number }> {
  const form = await openForm(base, address);
  const t = performance.now();
  const status = await submit(base, form, address, EMAIL, PASSWORD);
  return { status, ms: Math.round(performance.now() - t) };
}

let addressCounter = 0;
const freshAddress = () => `10.${(++addressCounter >> 16) & 255}.${(addressCounter >> 8) & 255}.${addressCounter & 255}`;

async function scenario(app: Running, name: string, clients: number, seconds: number, addressOf: (() => string) | null) {
  const until = Date.now() + seconds * 1000;
  const statuses = new Map<number, number>();
  const flood = Array.from({ length: clients }, async (_, i) => {
    const fixed = addressOf ? null : '192.0.2.66';
    while (Date.now() < until) {
      const address = fixed ?? addressOf!();
      const form = await openForm(app.url, address);
      // A few guesses per form, as a script reusing its session would.
      for (let k = 0; k < 5 && Date.now() < until; k++) {
        const status = await submit(app.url, form, address, `victim-${i}-${k}@example.gov`, `guess-${Math.random()}`);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    }
  });
  const health = healthzLatencies(app.url, until);
  await new Promise((r) => setTimeout(r, (seconds * 1000) / 2));
  const real = await realSignIn(app.url, '203.0.113.7');
  await Promise.all(flood);
  const h = await health;
  const answers = [...statuses.entries()]
    .sort(([a], [b]) => a - b)
    .map(([s, n]) => `${s}×${n}`)
    .join(', ');
  console.log(
    `${name.padEnd(34)} /healthz p50 ${percentile(h, 50).toFixed(1)} ms, p99 ${percentile(h, 99).toFixed(1)} ms, max ${(h.at(-1) ?? 0).toFixed(1)} ms` +
      ` | real sign-in ${real.status} in ${real.ms} ms` +
      (clients
        ? ` | flood answers ${answers || 'none'} (${Math.round([...statuses.values()].reduce((a, b) => a + b, 0) / seconds)}/s)`
        : ''),
  );
}

async function main() {
  const clients = intFlag('clients', 8);
  const seconds = intFlag('seconds', 10);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-flood-'));
  const file = path.join(dir, 'app.db');
  const db = createDb(`sqlite:${file}`);
  await migrateLatest(db);
  await insertUser(db, {
    email: EMAIL,
    displayName: 'Real Person',
    passwordHash: await hashPassword(PASSWORD),
    roles: ['employee'],
    supervisorId: null,
  });
  await db.destroy();
  console.log(
    `Sign-in flood: ${clients} clients, ${seconds} s per scenario, ${os.cpus().length} CPUs, node ${process.version}, full-cost scrypt (N = 2^17)`,
  );
  const env = {
    DATABASE_URL: `sqlite:${file}`,
    DATA_DIR: dir,
    SESSION_SECRET: crypto.randomBytes(32).toString('hex'),
    DEMO_DATA: 'false',
    TRUST_PROXY: 'true',
    LOG_LEVEL: 'warn',
  };
  // A fresh app per scenario: one scenario's recorded failures must not throttle the next.
  for (const [name, n, addressOf] of [
    ['no flood', 0, null],
    ['flood from one address', clients, null],
    ['flood from a new address each time', clients, freshAddress],
  ] as const) {
    const app = await startNode('src/server.ts', env, '/healthz');
    try {
      await scenario(app, name, n, seconds, addressOf);
    } finally {
      await app.stop();
    }
    const cleanup = createDb(`sqlite:${file}`);
    await cleanup('login_failures').del();
    await cleanup.destroy();
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
