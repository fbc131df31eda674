// Where a password sign-in's server time goes (issue 20.10): `npx tsx bench/sign-in-phases.ts
// [--rounds 20] [--parallel 4] [--hash-concurrency 2]`. In-process app on a fresh SQLite file, full-cost scrypt (N = 2^17).
// For each sign-in: POST /login until the 303, the database statements it ran (from knex's query
// events: count, writes, time), and, interleaved with the sign-ins, the same password check on its
// own (verifyPassword). Then `parallel` people sign in at once, to see the queue in front of the
// hash (PASSWORD_HASH_CONCURRENCY). Prints the figures; asserts nothing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { intFlag } from './lib/args';
import { createApp } from '../src/app';
import { testConfig } from '../src/config';
import { createDb } from '../src/db/db';
import { migrateLatest } from '../src/db/migrations';
import { hashPassword, verifyPassword } from '../src/auth/passwords';
import { insertUser } from '../src/users/users.repository';

const PASSWORD = 'Sign-In-Bench-Password-2026';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const fmt = (ms: number) => `${ms.toFixed(0)} ms`;

interface Statement {
  sql: string;
  ms: number;
}

async function main() {
  const rounds = intFlag('rounds', 20);
  const parallel = intFlag('parallel', 4);
  const hashConcurrency = intFlag('hash-concurrency', testConfig().passwordHashConcurrency);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-signin-'));
  const db = createDb(`sqlite:${path.join(dir, 'app.db')}`);
  await migrateLatest(db);
  const hash = await hashPassword(PASSWORD);
  const emails = Array.from({ length: Math.max(parallel, 1) }, (_, i) => `person${i}@example.gov`);
  for (const email of emails)
    await insertUser(db, { email, displayName: email, passwordHash: hash, roles: ['employee'], supervisorId: null });
  // Behind a pretend proxy, so that each person signs in from an address of their own.
  const app = createApp({ db, readDb: db, config: testConfig({ trustProxy: true, passwordHashConcurrency: hashConcurrency }) });

  // Every statement the app runs, with its time (query → query-response).
  let log: Statement[] = [];
  const started = new Map<string, { sql: string; t: number }>();
  db.on('query', (q: { __knexQueryUid: string; sql: string }) => started.set(q.__knexQueryUid, { sql: q.sql, t: performance.now() }));
  db.on('query-response', (_r: unknown, q: { __knexQueryUid: string }) => {
    const s = started.get(q.__knexQueryUid);
    if (s) log.push({ sql: s.sql, ms: performance.now() - s.t });
    started.delete(q.__knexQueryUid);
  });

  async function signIn(email: string): Promise<{ ms: number; statements: Statement[] }> {
    const agent = request.agent(app).set('x-forwarded-for', `10.0.0.${emails.indexOf(email) + 1}`);
    const form = await agent.get('/login');
    const token = /name="_csrf" value="([^"]+)"/.exec(form.text)?.[1] ?? '';
    log = [];
    const t = performance.now();
    const res = await agent.post('/login').type('form').send({ email, password: PASSWORD, _csrf: token });
    const ms = performance.now() - t;
    if (res.status !== 303) throw new Error(`sign-in answered ${res.status}`);
    return { ms, statements: log };
  }

  const total: number[] = [];
  const hashOnly: number[] = [];
  const dbTime: number[] = [];
  let example: Statement[] = [];
  await signIn(emails[0]); // warm-up: templates, statements, JIT
  for (let i = 0; i < rounds; i++) {
    const s = await signIn(emails[0]);
    total.push(s.ms);
    dbTime.push(s.statements.reduce((sum, x) => sum + x.ms, 0));
    example = s.statements;
    const t = performance.now();
    await verifyPassword(PASSWORD, hash);
    hashOnly.push(performance.now() - t);
  }
  const writes = example.filter((s) => /^\s*(insert|update|delete|replace)/i.test(s.sql));
  console.log(
    `${os.cpus().length} CPUs, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}, ${rounds} sign-ins one at a time`,
  );
  console.log(`POST /login → 303: median ${fmt(median(total))} (min ${fmt(Math.min(...total))}, max ${fmt(Math.max(...total))})`);
  console.log(`password check alone (scrypt N = 2^17), interleaved: median ${fmt(median(hashOnly))}`);
  console.log(`database statements per sign-in: ${example.length} (${writes.length} writes), median time in them ${fmt(median(dbTime))}`);
  for (const s of example) console.log(`  ${s.ms.toFixed(1).padStart(6)} ms  ${s.sql.replace(/\s+/g, ' ').slice(0, 110)}`);

  const together: number[] = [];
  for (let i = 0; i < 5; i++) {
    const results = await Promise.all(emails.slice(0, parallel).map((e) => signIn(e)));
    together.push(...results.map((r) => r.ms));
  }
  console.log(
    `${parallel} people at once (5 times): median ${fmt(median(together))}, slowest ${fmt(Math.max(...together))} — the hash runs ${hashConcurrency} at a time`,
  );
  await db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
}

void main();
