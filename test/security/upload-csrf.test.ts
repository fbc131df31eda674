import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { csrfFrom, setupTestContext, signIn } from '../helpers/context';
import { createUser } from '../helpers/factories';

const ctx = setupTestContext();
const SPEC = fs.readFileSync(path.resolve(__dirname, '../../seeds/class-specs/it-engineer.txt'));

describe('upload forms keep the CSRF token out of the URL', () => {
  it('carries the token as a hidden field that the server accepts for multipart uploads', async () => {
    const admin = await createUser(ctx.db, { roles: ['admin'] });
    const agent = await signIn(ctx.app, admin.email);
    for (const page of ['/admin/class-specs/import', '/admin/users/import']) {
      const form = await agent.get(page);
      expect(form.text).toContain(`<form method="post" action="${page}"`);
      expect(form.text).not.toContain('?_csrf=');
    }
    const token = csrfFrom((await agent.get('/admin/class-specs/import')).text);
    const ok = await agent.post('/admin/class-specs/import').field('_csrf', token).attach('file', SPEC, 'it-engineer.txt');
    expect(ok.status).toBe(303);
    expect(ok.headers.location).toMatch(/^\/admin\/class-specs\/import\/\d+$/);
    const missing = await agent.post('/admin/class-specs/import').attach('file', SPEC, 'it-engineer.txt');
    expect(missing.status).toBe(403);
    const wrong = await agent.post('/admin/class-specs/import').field('_csrf', 'not-the-token').attach('file', SPEC, 'it-engineer.txt');
    expect(wrong.status).toBe(403);
    // The token is accepted only in the body or header, never in the query string (issue 18.8).
    const inQuery = await agent
      .post(`/admin/class-specs/import?_csrf=${encodeURIComponent(token)}`)
      .attach('file', SPEC, 'it-engineer.txt');
    expect(inQuery.status).toBe(403);
    expect(Number((await ctx.db('pending_imports').count({ n: '*' }).first())?.n)).toBe(1);
  });
});

describe('malformed uploads', () => {
  it('answer 400 saying the upload could not be read — two files in the file field, a truncated body, no boundary — and store nothing', async () => {
    const admin = await createUser(ctx.db, { roles: ['admin'] });
    const agent = await signIn(ctx.app, admin.email);
    const token = csrfFrom((await agent.get('/admin/class-specs/import')).text);
    const before = Number((await ctx.db('pending_imports').count({ n: '*' }).first())?.n);
    const two = await agent
      .post('/admin/class-specs/import')
      .field('_csrf', token)
      .attach('file', SPEC, 'a.txt')
      .attach('file', SPEC, 'b.txt');
    const boundary = '----cg-test';
    const cut = `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nIT ENGIN`;
    const truncated = await agent
      .post('/admin/class-specs/import')
      .set('Content-Type', `multipart/form-data; boundary=${boundary}`)
      .send(cut);
    const noBoundary = await agent.post('/admin/users/import').set('Content-Type', 'multipart/form-data').send('garbage');
    for (const res of [two, truncated, noBoundary]) {
      expect(res.status).toBe(400);
      expect(res.text).toContain('This upload could not be read');
      expect(res.text).not.toContain('Something went wrong');
    }
    expect(Number((await ctx.db('pending_imports').count({ n: '*' }).first())?.n)).toBe(before);
  });
});
