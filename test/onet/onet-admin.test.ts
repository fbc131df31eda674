import { beforeAll, describe, expect, it } from 'vitest';
import { setupTestContext, signIn } from '../helpers/context';
import { createClassSpec, createUser } from '../helpers/factories';
import { ensureOnetLoaded, linkOnet } from '../../src/onet/onet.service';

const ctx = setupTestContext();
let keys: Record<string, number>;

beforeAll(async () => {
  const cls = await createClassSpec(ctx.db, {
    items: [
      { category: 'skill', name: 'ACTIVE LEARNING', key: 'active-learning' },
      { category: 'skill', name: 'ANALYTICAL THINKING', key: 'analytical-thinking' },
      { category: 'ability', name: 'WRITE', key: 'write' },
    ],
  });
  keys = Object.fromEntries(cls.items.map((i) => [i.key, i.keyId]));
  await ensureOnetLoaded(ctx.db);
});

const keyRow = (id: number) => ctx.db('competency_keys').where({ id }).first();

describe('GET /admin/onet', () => {
  it('answers 404 to someone who is not an administrator', async () => {
    const user = await createUser(ctx.db, { roles: ['employee', 'supervisor', 'training'] });
    const agent = await signIn(ctx.app, user.email);
    expect((await agent.get('/admin/onet')).status).toBe(404);
  });

  it('lists unlinked keys for review before the linked ones, with element and status', async () => {
    const admin = await createUser(ctx.db, { roles: ['admin'] });
    const res = await (await signIn(ctx.app, admin.email)).get('/admin/onet');
    expect(res.status).toBe(200);
    const review = res.text.indexOf('For review (1)');
    expect(review).toBeGreaterThan(-1);
    expect(res.text.indexOf('ANALYTICAL THINKING')).toBeGreaterThan(review);
    expect(res.text.indexOf('ANALYTICAL THINKING')).toBeLessThan(res.text.indexOf('Linked or decided'));
    expect(res.text).toContain('2.A.2.b Active Learning');
    expect(res.text).toContain('1.A.1.a.4 Written Expression');
  });
});

describe('POST /admin/onet/keys/:keyId', () => {
  it('links a key to an element, audits it, and a later linkOnet keeps the choice', async () => {
    const admin = await createUser(ctx.db, { roles: ['admin'] });
    const agent = await signIn(ctx.app, admin.email);
    const res = await agent
      .post(`/admin/onet/keys/${keys['analytical-thinking']}`)
      .type('form')
      .send({ _csrf: await agent.csrf('/admin/onet'), elementId: '2.A.2.a' });
    expect(res.status).toBe(303);
    expect(await keyRow(keys['analytical-thinking'])).toMatchObject({ onet_element_id: '2.A.2.a', onet_link_status: 'admin' });
    const audit = await ctx
      .db('audit_log')
      .where({ action: 'onet.link_changed', entity_id: String(keys['analytical-thinking']) })
      .first();
    expect(audit.actor_id).toBe(admin.id);
    expect(JSON.parse(audit.details).to).toEqual({ elementId: '2.A.2.a', status: 'admin' });
    await linkOnet(ctx.db);
    expect((await keyRow(keys['analytical-thinking'])).onet_element_id).toBe('2.A.2.a');
  });

  it('clears a link with an empty id and records that no element fits', async () => {
    const admin = await createUser(ctx.db, { roles: ['admin'] });
    const agent = await signIn(ctx.app, admin.email);
    const res = await agent
      .post(`/admin/onet/keys/${keys.write}`)
      .type('form')
      .send({ _csrf: await agent.csrf('/admin/onet'), elementId: '' });
    expect(res.status).toBe(303);
    expect(await keyRow(keys.write)).toMatchObject({ onet_element_id: null, onet_link_status: 'none' });
    await linkOnet(ctx.db);
    expect((await keyRow(keys.write)).onet_element_id).toBeNull();
  });

  it('rejects an unknown element id with 422, keeps what was typed and changes nothing', async () => {
    const admin = await createUser(ctx.db, { roles: ['admin'] });
    const agent = await signIn(ctx.app, admin.email);
    const res = await agent
      .post(`/admin/onet/keys/${keys['active-learning']}`)
      .type('form')
      .send({ _csrf: await agent.csrf('/admin/onet'), elementId: '9.Z.<b>' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('value="9.Z.&lt;b&gt;"');
    expect(res.text).toContain('aria-invalid="true"');
    expect(res.text).toContain('There is a problem');
    expect((await keyRow(keys['active-learning'])).onet_element_id).toBe('2.A.2.b');
  });

  it('answers 404 to a non-administrator posting a change', async () => {
    const user = await createUser(ctx.db);
    const agent = await signIn(ctx.app, user.email);
    const res = await agent
      .post(`/admin/onet/keys/${keys['active-learning']}`)
      .type('form')
      .send({ _csrf: await agent.csrf('/'), elementId: '2.A.2.a' });
    expect(res.status).toBe(404);
    expect((await keyRow(keys['active-learning'])).onet_element_id).toBe('2.A.2.b');
  });
});
