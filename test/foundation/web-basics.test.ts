import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { loadConfig, ConfigError } from '../../src/config';
import { setupTestContext, signIn } from '../helpers/context';
import { createAssessment, createClassSpec, createUser } from '../helpers/factories';

const ctx = setupTestContext();

describe('web basics', () => {
  it('sends security headers: nonce CSP without unsafe-inline, nosniff, no X-Powered-By', async () => {
    const res = await request(ctx.app).get('/login');
    const csp = res.headers['content-security-policy'];
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
    const nonce = csp.match(/'nonce-([^']+)'/)![1];
    expect(res.text).toContain(`nonce="${nonce}"`);
  });

  it('answers unknown pages with a 404 page that leaks nothing', async () => {
    const user = await createUser(ctx.db);
    const agent = await signIn(ctx.app, user.email);
    const res = await agent.get('/no/such/page');
    expect(res.status).toBe(404);
    expect(res.text).toContain('Page not found');
    expect(res.text).not.toMatch(/at .*\.ts:\d+/);
  });

  it('redirects anonymous visitors to sign-in and back', async () => {
    const res = await request(ctx.app).get('/');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/login?next=%2F');
  });

  it('reports health without authentication', async () => {
    const res = await request(ctx.app).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('shows an employee only the actions their roles allow', async () => {
    const user = await createUser(ctx.db, { roles: ['employee'] });
    const agent = await signIn(ctx.app, user.email);
    const home = await agent.get('/');
    expect(home.text).not.toContain('href="/admin/users"');
    const admin = await createUser(ctx.db, { roles: ['admin'] });
    const adminAgent = await signIn(ctx.app, admin.email);
    const adminHome = await adminAgent.get('/');
    expect(adminHome.text).toContain('Administrator');
  });
});

describe('config', () => {
  it('fails fast with one line naming a bad PORT', () => {
    expect(() => loadConfig({ PORT: 'eighty', DATA_DIR: '.tmp/cfg' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty', DATA_DIR: '.tmp/cfg' })).toThrow(/^Invalid PORT: /);
    expect(() => loadConfig({ PORT: '70000', DATA_DIR: '.tmp/cfg' })).toThrow(/PORT/);
  });

  it('requires SESSION_SECRET in production and turns demo data off there', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATA_DIR: '.tmp/cfg' })).toThrow(/^Invalid SESSION_SECRET/);
    const cfg = loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), DATA_DIR: '.tmp/cfg' });
    expect(cfg.demoData).toBe(false);
    expect(cfg.port).toBe(3000);
  });

  it('rejects a bad DATABASE_URL and DEMO_DATA value', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x', DATA_DIR: '.tmp/cfg' })).toThrow(/^Invalid DATABASE_URL/);
    expect(() => loadConfig({ DEMO_DATA: 'maybe', DATA_DIR: '.tmp/cfg' })).toThrow(/^Invalid DEMO_DATA/);
    expect(loadConfig({ DEMO_DATA: 'false', DATA_DIR: '.tmp/cfg' }).demoData).toBe(false);
  });

  it('keeps a generated session secret under the data folder across loads', () => {
    const a = loadConfig({ DATA_DIR: '.tmp/cfg-secret' });
    const b = loadConfig({ DATA_DIR: '.tmp/cfg-secret' });
    expect(a.sessionSecret.length).toBeGreaterThanOrEqual(32);
    expect(b.sessionSecret).toBe(a.sessionSecret);
  });
});

describe('home page overview', () => {
  it('lists the open assessment and, for a supervisor, how many wait for review', async () => {
    const boss = await createUser(ctx.db, { roles: ['supervisor'] });
    const me = await createUser(ctx.db, { supervisorId: boss.id });
    const cls = await createClassSpec(ctx.db, { title: 'HOME PAGE CLASS', items: [{ category: 'skill' }] });
    const id = await createAssessment(ctx.db, { employeeId: me.id, cls, status: 'submitted', self: [3] });
    const mine = await (await signIn(ctx.app, me.email)).get('/');
    expect(mine.text).toContain(`<a href="/assessments/${id}">HOME PAGE CLASS</a> — submitted, waiting for review`);
    const theirs = await (await signIn(ctx.app, boss.email)).get('/');
    expect(theirs.text).toContain('1 assessment waiting for your review');
  });
});
