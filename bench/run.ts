// Benchmarks of issue 11: `npx tsx bench/run.ts [--db url] [--duration 10] [--warmup 3] [--connections 10]`
// against the organisation made by bench/seed-org.ts; `--growth` measures report and training
// needs at 1,000, 10,000 and 30,000 employees; `--remeasure-only` runs just the required-level
// change under autosave load. The main run ends with the assessment cycles at the seeded size
// (issue 21: opening a cycle for everyone, the dashboard, the daily reminder run; in their own
// SQLite file, see bench/lib/cycles-bench.ts) unless `--skip-cycles`; `--cycles [--people 30000]`
// runs only those. Prints a table, writes bench/results.json (bench/results-cycles.json for `--cycles`).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { flag, intFlag } from './lib/args';
import { measure, type Measurement, type RouteSpec } from './lib/measure';
import { floorSessions, ROOT, rssMb, rssSampler, startApp, startHello, startStackFloor, type Running } from './lib/processes';
import { evaluateTargets, printTable, printTargets } from './lib/report';
import { signInMany, type BenchSession } from './lib/sessions';
import { measureRemeasure, printRemeasure, type RemeasureResult } from './lib/remeasure';
import { measureCycles, printCycles, type CyclesResult } from './lib/cycles-bench';
import type { SeedInfo } from './seed-org';

const RESULTS = path.join(__dirname, 'results.json');
const pctOf = (m: Measurement | undefined, hello: Measurement) =>
  m && !m.note ? `${Math.round((m.requestsPerSecond / hello.requestsPerSecond) * 100)} %` : 'n/a';
const notLogin = (body: string) => !body.includes('action="/login"');
const page =
  (...markers: string[]) =>
  (body: string) =>
    notLogin(body) && markers.every((m) => body.includes(m));

function readInfo(file: string): SeedInfo {
  if (!fs.existsSync(file))
    throw new Error(`${path.relative(ROOT, file)} not found: seed first (npx tsx bench/seed-org.ts --employees 30000)`);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as SeedInfo;
}

/** A route not on this branch yet answers 404: report it as "not available" rather than failing. */
async function available(app: Running, spec: RouteSpec): Promise<string | null> {
  const s = spec.sessions?.[0];
  const init = spec.request && s ? spec.request(s, 0) : { method: 'GET', path: spec.path };
  const res = await fetch(app.url + (init.path ?? spec.path), {
    method: init.method ?? 'GET',
    headers: { ...(s ? { cookie: s.cookie, 'x-csrf-token': s.csrf } : {}), ...(init.headers ?? {}) },
    body: init.body,
    redirect: 'manual',
  });
  const body = await res.text();
  if (res.status === 404) return 'not available';
  if (res.status !== 200 || !spec.expect(body)) return `unexpected answer ${res.status}`;
  return null;
}

async function measureAll(app: Running, specs: RouteSpec[], seconds: { warmup: number; duration: number }): Promise<Measurement[]> {
  const out: Measurement[] = [];
  for (const spec of specs) {
    const problem = await available(app, spec);
    if (problem) {
      out.push({
        name: spec.name,
        path: spec.path,
        connections: spec.connections,
        requestsPerSecond: 0,
        p50: 0,
        p97_5: 0,
        p99: 0,
        requests: 0,
        failures: 0,
        note: problem,
      });
      console.log(`  ${spec.name}: ${problem}`);
      continue;
    }
    const m = await measure(app.url, spec, seconds);
    console.log(`  ${spec.name}: ${m.requestsPerSecond} req/s, p50 ${m.p50} ms, ${m.failures} failures`);
    out.push(m);
  }
  return out;
}

function autosaveSpec(sessions: BenchSession[], info: SeedInfo): RouteSpec {
  const byEmail = new Map(info.autosave.map((a) => [a.email, a]));
  return {
    name: 'autosave rating',
    method: 'POST',
    path: '/assessments/:id/ratings/:itemId',
    connections: sessions.length,
    sessions,
    request: (s) => {
      const a = byEmail.get(s.email)!;
      let n = 0;
      const build = () => {
        n += 1;
        const itemId = a.itemIds[n % a.itemIds.length];
        return {
          method: 'POST',
          path: `/assessments/${a.assessmentId}/ratings/${itemId}`,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ level: n % 6, evidence: `Saved by the benchmark (${n})` }),
        };
      };
      const first = build();
      return { ...first, setupRequest: (req: { headers?: Record<string, string> }) => ({ ...req, ...build(), headers: req.headers }) };
    },
    expect: (body) => body.includes('"ok":true'),
  };
}

/** Only the required-level change under autosave load (its own server process). */
async function remeasureRun(): Promise<void> {
  const info = readInfo(path.resolve(flag('info') ?? path.join(__dirname, '.seed-info.json')));
  const r = await measureRemeasure(flag('db') ?? info.databaseUrl, info);
  printRemeasure(r, info.employees);
}

async function mainRun(): Promise<void> {
  const info = readInfo(path.resolve(flag('info') ?? path.join(__dirname, '.seed-info.json')));
  const databaseUrl = flag('db') ?? info.databaseUrl;
  const conns = intFlag('connections', 10);
  const seconds = { warmup: intFlag('warmup', 3), duration: intFlag('duration', 10) };
  console.log(
    `Benchmark: ${info.employees.toLocaleString('en-US')} employees, ${databaseUrl}, ${os.cpus().length} CPUs, node ${process.version}`,
  );
  console.log(`Each route: ${seconds.warmup} s warm-up, then ${seconds.duration} s measured.`);

  const hello = await startHello();
  const floor = await startStackFloor();
  const app = await startApp(databaseUrl);
  try {
    console.log('Signing in (outside the measurement)…');
    const employee = await signInMany(app.url, info.employee.email, info.password, conns);
    const supervisor = await signInMany(app.url, info.supervisor.email, info.password, conns);
    const training = await signInMany(app.url, info.training.email, info.password, conns);
    const savers: BenchSession[] = [];
    for (const a of info.autosave) savers.push(...(await signInMany(app.url, a.email, info.password, 1)));
    const rssAfterSignIn = rssMb(app.proc.pid);

    console.log('Measuring…');
    const [helloResult] = await measureAll(
      hello,
      [{ name: 'hello world (reference)', path: '/', connections: conns, expect: (b) => b === 'Hello world' }],
      seconds,
    );
    const [floorResult] = await measureAll(
      floor,
      [
        {
          name: 'stack floor (reference)',
          path: '/',
          connections: conns,
          sessions: await floorSessions(floor, conns),
          expect: (b) => b.startsWith('Signed in as '),
        },
      ],
      seconds,
    );
    const sampler = rssSampler(app.proc.pid);
    const routes = await measureAll(
      app,
      [
        { name: 'healthz', path: '/healthz', connections: conns, expect: (b) => b.includes('"ok"') },
        { name: 'layout-only page', path: '/about', connections: conns, sessions: employee, expect: page('<h1>About this tool') },
        { name: 'home page', path: '/', connections: conns, sessions: employee, expect: page('<h1>Welcome,') },
        {
          name: 'gap report',
          path: `/assessments/${info.employee.assessmentId}/report`,
          connections: conns,
          sessions: employee,
          expect: page('<h1'),
        },
        {
          name: 'team view',
          path: `/team?class=${info.supervisor.classSpecId}`,
          connections: conns,
          sessions: supervisor,
          expect: page('<h1'),
        },
        { name: 'training needs', path: '/training/needs', connections: conns, sessions: training, expect: page('<h1') },
        autosaveSpec(savers, info),
      ],
      seconds,
    );
    const rssPeak = sampler.stop();
    const rssEnd = rssMb(app.proc.pid);

    const all = [helloResult, floorResult, ...routes];
    console.log('');
    printTable(all, helloResult);
    console.log(
      '\nstack floor: Express + express-session (rolling cookie) + passport, session in memory, no database,' +
        '\nno headers, no CSRF, no logging, no page. No signed-in page can be cheaper; layout-only page: the' +
        "\napp's /about (session and person from the database, security headers, CSRF token, the layout).",
    );
    console.log(
      `\nServer RSS: ${rssAfterSignIn ?? 'n/a'} MB after sign-in, peak ${rssPeak ?? 'n/a'} MB while measuring, ${rssEnd ?? 'n/a'} MB at the end.`,
    );
    const targets = evaluateTargets(new Map(routes.map((m) => [m.name, m])), helloResult, rssPeak);
    printTargets(targets);
    const layout = routes.find((m) => m.name === 'layout-only page');
    console.log(
      `\nCeiling on this stack: the stack floor answers at ${pctOf(floorResult, helloResult)} of hello world and the layout-only page at ${pctOf(layout, helloResult)};` +
        '\nthe home page and the report do more than either (see docs/performance.md, "The ceiling").',
    );
    const results = {
      at: new Date().toISOString(),
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version, loadAverage: os.loadavg() },
      mode: 'NODE_ENV=production, node --import tsx src/server.ts, view cache on',
      databaseUrl: databaseUrl.replace(/\/\/[^@/]*@/, '//'),
      employees: info.employees,
      counts: info.counts,
      seconds,
      routes: all.map((m) => ({
        ...m,
        ratioToHello: m.note ? null : Math.round((m.requestsPerSecond / helloResult.requestsPerSecond) * 1000) / 1000,
      })),
      rssMb: { afterSignIn: rssAfterSignIn, peak: rssPeak, end: rssEnd },
      targets,
      remeasure: null as RemeasureResult | null,
      cycles: null as CyclesResult | null,
    };
    await app.stop();
    await floor.stop();
    await hello.stop();
    console.log('\nRequired-level change under autosave load (a fresh server process)…');
    results.remeasure = await measureRemeasure(databaseUrl, info);
    printRemeasure(results.remeasure, info.employees);
    if (!flag('skip-cycles')) {
      console.log('\nAssessment cycles (their own database, this process)…');
      results.cycles = await measureCycles({ people: info.employees });
      printCycles(results.cycles);
    }
    fs.writeFileSync(RESULTS, JSON.stringify(results, null, 2) + '\n');
    console.log(`\nWritten to ${path.relative(process.cwd(), RESULTS)}`);
  } finally {
    await app.stop();
    await floor.stop();
    await hello.stop();
  }
}

/** Report and training needs at 1,000, 10,000 and 30,000 employees: the report must stay flat. */
async function growthRun(): Promise<void> {
  const sizes = (flag('sizes') ?? '1000,10000,30000').split(',').map(Number);
  const conns = intFlag('connections', 10);
  const seconds = { warmup: intFlag('warmup', 2), duration: intFlag('duration', 5) };
  const rows: { employees: number; report?: Measurement; needs?: Measurement }[] = [];
  for (const n of sizes) {
    const infoFile = path.join(__dirname, `.seed-info-${n}.json`);
    const dbFile = path.join(ROOT, '.tmp/bench', `org-${n}.db`);
    if (flag('reseed') || !fs.existsSync(infoFile) || !fs.existsSync(dbFile)) {
      execFileSync(process.execPath, ['--import', 'tsx', 'bench/seed-org.ts', '--employees', String(n), '--info', infoFile], {
        cwd: ROOT,
        stdio: 'inherit',
      });
    } else console.log(`Reusing ${path.relative(ROOT, dbFile)} (--reseed to rebuild)`);
    const info = readInfo(infoFile);
    const app = await startApp(info.databaseUrl);
    try {
      const employee = await signInMany(app.url, info.employee.email, info.password, conns);
      const training = await signInMany(app.url, info.training.email, info.password, conns);
      console.log(`${n.toLocaleString('en-US')} employees:`);
      const [report, needs] = await measureAll(
        app,
        [
          {
            name: 'gap report',
            path: `/assessments/${info.employee.assessmentId}/report`,
            connections: conns,
            sessions: employee,
            expect: page('<h1'),
          },
          { name: 'training needs', path: '/training/needs', connections: conns, sessions: training, expect: page('<h1') },
        ],
        seconds,
      );
      rows.push({ employees: n, report, needs });
    } finally {
      await app.stop();
    }
  }
  const base = rows[0];
  const grow = (m: Measurement | undefined, b: Measurement | undefined) =>
    m && b && !m.note && !b.note && b.p50 > 0 ? `×${(m.p50 / b.p50).toFixed(2)}` : '';
  const cell = (m: Measurement | undefined) => (!m ? 'n/a' : m.note ? m.note : `${m.p50} ms p50, ${m.requestsPerSecond}/s`);
  console.log('\nGrowth (p50 relative to the smallest organisation):');
  console.log(`${'employees'.padEnd(10)}  ${'gap report'.padEnd(32)}  training needs`);
  for (const r of rows) {
    console.log(
      `${r.employees.toLocaleString('en-US').padEnd(10)}  ${`${cell(r.report)} ${grow(r.report, base.report)}`.padEnd(32)}  ${cell(r.needs)} ${grow(r.needs, base.needs)}`,
    );
  }
  const file = path.join(__dirname, 'results-growth.json');
  fs.writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), seconds, rows }, null, 2) + '\n');
  console.log(`\nWritten to ${path.relative(process.cwd(), file)}`);
}

/** Only the assessment cycles, at `--people` (default: the seeded size, else 30,000). */
async function cyclesRun(): Promise<void> {
  const infoFile = path.resolve(flag('info') ?? path.join(__dirname, '.seed-info.json'));
  const people = flag('people') ? intFlag('people', 30_000) : fs.existsSync(infoFile) ? readInfo(infoFile).employees : 30_000;
  const result = await measureCycles({ people });
  printCycles(result);
  const file = path.join(__dirname, 'results-cycles.json');
  fs.writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
  console.log(`\nWritten to ${path.relative(process.cwd(), file)}`);
}

(flag('growth') ? growthRun() : flag('remeasure-only') ? remeasureRun() : flag('cycles') ? cyclesRun() : mainRun()).catch((err) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
