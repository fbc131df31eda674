import { beforeAll, describe, expect, it } from 'vitest';
import { listRoutes } from '../../src/web/route-list';
import { setupTestContext } from '../helpers/context';
import { TABLE } from './access-table';
import { ACTORS, agentsFor, buildWorld, fill, type Actor, type SignedAgent, type World } from './world';

// Oversized bodies, wrong file types, garbage specs and repeated query parameters are refused
// with the right status and a page — never a 500.

const ctx = setupTestContext();
let w: World;
let agents: Record<Actor, SignedAgent>;

beforeAll(async () => {
  w = await buildWorld(ctx.db);
  agents = await agentsFor(ctx.app, w);
});

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

describe('input limits', () => {
  it('answers an oversized form body with the 413 page', async () => {
    const res = await agents.owner
      .post(`/assessments/${w.draftId}`)
      .type('form')
      .send({ _csrf: agents.owner.token, [`evidence[${w.draftItemId}]`]: 'x'.repeat(2_200_000) });
    expect(res.status).toBe(413);
    expect(res.text).toContain('too large');
    expect(res.text).toContain('forms up to 2 MB');
    expect(res.headers['content-type']).toMatch(/html/);
  });

  it('answers an oversized JSON body with 413', async () => {
    const res = await agents.owner
      .post(`/assessments/${w.draftId}/ratings/${w.draftItemId}`)
      .set('x-csrf-token', agents.owner.token)
      .send({ level: 2, evidence: 'x'.repeat(300_000) });
    expect(res.status).toBe(413);
  });

  it('reads a long form that passes the field rules (2,000 characters of Cyrillic evidence is ~24 KB encoded)', async () => {
    const evidence = 'Ж'.repeat(2_000);
    const res = await agents.owner
      .post(`/assessments/${w.draftId}`)
      .type('form')
      .send({
        _csrf: agents.owner.token,
        [`level[${w.draftItemId}]`]: '2',
        [`evidence[${w.draftItemId}]`]: evidence,
        padding: 'п'.repeat(40_000),
      });
    expect(res.status).toBe(303);
    const row = await ctx.db('ratings').where({ assessment_id: w.draftId, item_id: w.draftItemId }).first();
    expect(row.evidence).toBe(evidence);
  });

  it.each([
    ['an unsupported charset', { 'content-type': 'application/x-www-form-urlencoded; charset=utf-16' }, 'a=b', 415],
    ['an unknown content encoding', { 'content-type': 'application/x-www-form-urlencoded', 'content-encoding': 'x-unknown' }, 'a=b', 415],
    [
      'a gzip body that is not gzip',
      { 'content-type': 'application/x-www-form-urlencoded', 'content-encoding': 'gzip' },
      'not gzip at all',
      400,
    ],
  ])('answers a form body with %s with 400/415 and the page, not 500', async (_what, headers, body, status) => {
    const res = await agents.owner
      .post(`/assessments/${w.draftId}`)
      .set(headers as Record<string, string>)
      .send(body);
    expect(res.status).toBe(status);
    expect(res.text).toContain('This request could not be used');
  });

  it('answers malformed JSON with 400, not 500', async () => {
    const res = await agents.owner
      .post(`/assessments/${w.draftId}/ratings/${w.draftItemId}`)
      .set('x-csrf-token', agents.owner.token)
      .set('content-type', 'application/json')
      .send('{"level":');
    expect(res.status).toBe(400);
  });

  it('refuses uploads of the wrong type with 400 (class spec and org imports)', async () => {
    const spec = await agents.admin.post(`/admin/class-specs/import`).field('_csrf', agents.admin.token).attach('file', PNG, 'picture.png');
    expect(spec.status).toBe(400);
    const disguised = await agents.admin
      .post(`/admin/class-specs/import`)
      .field('_csrf', agents.admin.token)
      .attach('file', PNG, 'spec.pdf');
    expect(disguised.status).toBe(400);
    const org = await agents.admin.post(`/admin/users/import`).field('_csrf', agents.admin.token).attach('file', PNG, 'people.xlsx');
    expect(org.status).toBe(400);
  });

  it('rejects a 50,000-line garbage spec pasted into the import with 422 and stores nothing', async () => {
    const lines = Array.from({ length: 50_000 }, (_, i) =>
      i % 7 === 0 ? `• ${'lorem ipsum '.repeat(3)}${i}` : `garbage ${i} -- ${i * 7}`,
    );
    const before = await ctx.db('pending_imports').count({ n: '*' });
    const res = await agents.admin.post(`/admin/class-specs/import`).field('_csrf', agents.admin.token).field('text', lines.join('\n'));
    expect(res.status).toBe(422);
    expect(await ctx.db('pending_imports').count({ n: '*' })).toEqual(before);
  }, 60_000);

  it('handles query parameters given twice on every GET route (400 or as the first, never 500)', async () => {
    const doubled = [
      'q=a&q=b',
      'class=1&class=2',
      'page=1&page=2',
      'sort=x&sort=y',
      'from=1&from=2&to=2&to=1',
      'v=1&v=2',
      'department=a&department=b',
      'period=a&period=b',
      'archived=1&archived=0',
      'keyFilter=a&keyFilter=b',
      'status=x&status=y',
      'next=/a&next=/b',
      'action=a&action=b',
      'format=csv&format=x',
    ].join('&');
    const problems: string[] = [];
    for (const r of listRoutes(ctx.app).filter((x) => x.method === 'GET')) {
      for (const row of TABLE[`GET ${r.path}`] ?? []) {
        const actor = ACTORS.find((a) => a !== 'anon' && row.expect[a] === 200) ?? (row.expect.anon === 200 ? 'anon' : undefined);
        if (!actor) continue;
        const url = `${row.path ? row.path(w) : fill(r.path, w)}?${doubled}`;
        const res = await agents[actor].get(url).redirects(0);
        // 422: the first value was used and refused as an invalid filter, with a message.
        if (![200, 400, 422].includes(res.status)) problems.push(`GET ${url} as ${actor} → ${res.status}`);
      }
    }
    expect(problems, problems.join('\n')).toEqual([]);
  }, 120_000);
});
