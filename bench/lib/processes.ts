import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

// Starting and stopping the servers under test, and reading their memory.

export const ROOT = path.resolve(__dirname, '../..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export interface Running {
  proc: ChildProcess;
  port: number;
  url: string;
  stop(): Promise<void>;
}

async function waitFor(url: string, proc: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (proc.exitCode !== null) throw new Error(`server exited with code ${proc.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server at ${url} did not start`);
}

/**
 * Starts `node --import tsx <script>` in production mode. The compiled build (dist/) resolves
 * views and public/ relative to itself, so the benchmark runs the TypeScript sources through tsx's
 * loader instead: the same JavaScript after a one-off transform at start-up.
 */
export async function startNode(
  script: string,
  env: Record<string, string>,
  probePath: string,
  onLine?: (line: string) => void,
): Promise<Running> {
  const port = await freePort();
  const proc = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', PORT: String(port), ...env },
    stdio: ['ignore', onLine ? 'pipe' : 'ignore', 'inherit'],
  });
  if (onLine && proc.stdout) {
    let rest = '';
    proc.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) onLine(line);
    });
  }
  const url = `http://127.0.0.1:${port}`;
  await waitFor(url + probePath, proc);
  return {
    proc,
    port,
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
      }),
  };
}

/** The app under test; `onLine` receives its log lines (stdout), otherwise they are discarded. */
export function startApp(databaseUrl: string, onLine?: (line: string) => void): Promise<Running> {
  return startNode(
    'src/server.ts',
    {
      DATABASE_URL: databaseUrl,
      SESSION_SECRET: crypto.randomBytes(32).toString('hex'),
      DEMO_DATA: 'false',
      TRUST_PROXY: 'false', // plain HTTP on localhost: no Secure cookie
      SESSION_IDLE_MINUTES: '240',
    },
    '/healthz',
    onLine,
  );
}

export function startHello(): Promise<Running> {
  return startNode('bench/hello-world.ts', {}, '/');
}

/** Express + express-session + passport only (bench/stack-floor.ts): the cheapest signed-in request. */
export function startStackFloor(): Promise<Running> {
  return startNode('bench/stack-floor.ts', {}, '/');
}

/** `count` signed-in sessions of the stack-floor server, each with its own person. */
export async function floorSessions(floor: Running, count: number): Promise<{ email: string; cookie: string; csrf: string }[]> {
  const out = [];
  for (let i = 0; i < count; i++) {
    const res = await fetch(`${floor.url}/sign-in`);
    const cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .find((c) => c.startsWith('sid='));
    if (res.status !== 200 || !cookie) throw new Error(`stack floor: sign-in answered ${res.status}`);
    out.push({ email: `floor-${i}`, cookie, csrf: '' });
  }
  return out;
}

/** Resident set size of a process in MB (Linux /proc), or null elsewhere. */
export function rssMb(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const m = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

/** Samples RSS every 200 ms until stopped; returns the peak. */
export function rssSampler(pid: number | undefined): { stop(): number | null } {
  let peak: number | null = null;
  const timer = setInterval(() => {
    const v = rssMb(pid);
    if (v !== null) peak = Math.max(peak ?? 0, v);
  }, 200);
  return {
    stop() {
      clearInterval(timer);
      return peak;
    },
  };
}
