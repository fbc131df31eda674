import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { testConfig } from '../../src/config';
import { listRoutes } from '../../src/web/route-list';
import { setupTestContext } from '../helpers/context';
import { TABLE } from './access-table';
import { ACTORS, agentsFor, buildWorld, fill, type Actor, type SignedAgent, type World } from './world';

// Headers on every page the app serves (one request per GET route, as someone allowed to see it).

const ctx = setupTestContext();
let w: World;
let agents: Record<Actor, SignedAgent>;

beforeAll(async () => {
  w = await buildWorld(ctx.db);
  agents = await agentsFor(ctx.app, w);
});

function cspProblems(csp: string | undefined, html: string): string[] {
  if (!csp) return ['no Content-Security-Policy'];
  const out: string[] = [];
  const d = Object.fromEntries(
    csp
      .split(';')
      .map((p) => p.trim().split(/\s+/))
      .map(([k, ...v]) => [k, v]),
  );
  if (!d['script-src']?.some((v: string) => /^'nonce-[A-Za-z0-9+/=]{16,}'$/.test(v))) out.push(`script-src has no nonce: ${csp}`);
  if (/unsafe-inline|unsafe-eval/.test(csp)) out.push(`unsafe-inline/eval in CSP: ${csp}`);
  if (d['object-src']?.join(' ') !== "'none'") out.push("object-src is not 'none'");
  if (d['base-uri']?.join(' ') !== "'none'") out.push("base-uri is not 'none'");
  if (d['frame-ancestors']?.join(' ') !== "'none'") out.push("frame-ancestors is not 'none'");
  const nonce = d['script-src']?.find((v: string) => v.startsWith("'nonce-"))?.slice(7, -1);
  for (const m of html.matchAll(/<script\b[^>]*>/g)) {
    if (!m[0].includes(`nonce="${nonce}"`)) out.push(`script tag without this response's nonce: ${m[0]}`);
  }
  if (/<script\b[^>]*>\s*[^<\s]/.test(html)) out.push('inline script body');
  if (/\son[a-z]+\s*=/i.test(html.replace(/<(script|style)[\s\S]*?<\/\1>/g, ''))) out.push('inline event handler attribute');
  return out;
}

describe('security headers on every page', () => {
  it('sends CSP (nonce, no unsafe-inline, object-src/base-uri/frame-ancestors none), nosniff, no X-Powered-By, and no-store when signed in', async () => {
    const problems: string[] = [];
    let pages = 0;
    for (const r of listRoutes(ctx.app).filter((x) => x.method === 'GET')) {
      for (const row of TABLE[`GET ${r.path}`] ?? []) {
        const actor = ACTORS.find((a) => a !== 'anon' && row.expect[a] === 200) ?? (row.expect.anon === 200 ? 'anon' : undefined);
        if (!actor) continue;
        const url = row.path ? row.path(w) : fill(r.path, w);
        const res = await agents[actor].get(url).redirects(0);
        const where = `GET ${url} as ${actor}`;
        if (res.status !== 200) {
          problems.push(`${where} → ${res.status}`);
          continue;
        }
        pages += 1;
        if (res.headers['x-content-type-options'] !== 'nosniff') problems.push(`${where}: no nosniff`);
        if (res.headers['x-powered-by']) problems.push(`${where}: X-Powered-By`);
        // /healthz answers before sessions are read: it is not a signed-in page.
        if (actor !== 'anon' && r.path !== '/healthz' && !/no-store/.test(res.headers['cache-control'] ?? ''))
          problems.push(`${where}: Cache-Control is ${res.headers['cache-control']}`);
        if (/text\/html/.test(res.headers['content-type'] ?? ''))
          problems.push(...cspProblems(res.headers['content-security-policy'], res.text).map((p) => `${where}: ${p}`));
      }
    }
    expect(problems, problems.join('\n')).toEqual([]);
    expect(pages).toBeGreaterThan(30);
  }, 120_000);

  it('sends the same headers on error pages (404, 403)', async () => {
    for (const res of [await agents.owner.get('/no-such-page'), await agents.owner.post('/logout').type('form').send({ _csrf: 'wrong' })]) {
      expect([404, 403]).toContain(res.status);
      expect(cspProblems(res.headers['content-security-policy'], res.text)).toEqual([]);
      expect(res.headers['cache-control']).toMatch(/no-store/);
    }
  });

  it('sends HSTS in production and not in development', async () => {
    const prod = createApp({ db: ctx.db, config: testConfig({ env: 'production', trustProxy: true }) });
    const res = await request(prod).get('/login').set('X-Forwarded-Proto', 'https');
    expect(res.headers['strict-transport-security']).toMatch(/max-age=31536000/);
    expect(res.headers['content-security-policy']).toMatch(/upgrade-insecure-requests/);
    const dev = await request(ctx.app).get('/login');
    expect(dev.headers['strict-transport-security']).toBeUndefined();
  });

  it('keeps downloads out of caches (CSV and PDF reports, audit CSV)', async () => {
    for (const [actor, url] of [
      ['owner', `/assessments/${w.submittedId}/report.csv`],
      ['owner', `/assessments/${w.submittedId}/report.pdf`],
      ['admin', '/admin/audit.csv'],
    ] as const) {
      const res = await agents[actor].get(url);
      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toMatch(/no-store/);
      expect(res.headers['content-disposition']).toMatch(/attachment/);
    }
  });
});
