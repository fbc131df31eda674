import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { recordAudit } from '../../src/audit/audit.service';
import { summariseDetails } from '../../src/audit/audit-format';
import { csrfFrom, setupTestContext, signIn } from '../helpers/context';
import { createUser } from '../helpers/factories';
import { buildOrg, submitted } from '../reviews/org';

const ctx = setupTestContext();

async function adminAgent() {
  const admin = await createUser(ctx.db, { roles: ['admin'], name: 'Audrey Auditor' });
  return { admin, agent: await signIn(ctx.app, admin.email) };
}

describe('audit log storage', () => {
  it('refuses UPDATE and DELETE of audit rows at the database', async () => {
    await recordAudit(ctx.db, { actorId: null, action: 'test.append_only', details: { n: 1 } });
    const row = await ctx.db('audit_log').where({ action: 'test.append_only' }).first();
    await expect(ctx.db('audit_log').where({ id: row.id }).update({ action: 'test.rewritten' })).rejects.toThrow(/append-only/);
    await expect(ctx.db('audit_log').where({ id: row.id }).del()).rejects.toThrow(/append-only/);
    expect((await ctx.db('audit_log').where({ id: row.id }).first()).action).toBe('test.append_only');
  });
});

describe('audit log page', () => {
  it('refuses an insert that would overwrite an audit row (INSERT OR REPLACE / ON CONFLICT) and keeps the row', async () => {
    await recordAudit(ctx.db, { actorId: null, action: 'test.keep_me', details: { n: 2 } });
    const row = await ctx.db('audit_log').where({ action: 'test.keep_me' }).first();
    const overwrite =
      ctx.db.client.config.client === 'pg'
        ? ctx.db.raw("INSERT INTO audit_log (id, action) VALUES (?, 'test.forged') ON CONFLICT (id) DO UPDATE SET action = 'test.forged'", [
            row.id,
          ])
        : ctx.db.raw("INSERT OR REPLACE INTO audit_log (id, action) VALUES (?, 'test.forged')", [row.id]);
    await expect(overwrite).rejects.toThrow(/append-only/);
    await expect(ctx.db('audit_log').insert({ id: row.id, action: 'test.forged' })).rejects.toThrow();
    const after = await ctx.db('audit_log').where({ id: row.id }).first();
    expect(after.action).toBe('test.keep_me');
    expect(Number((await ctx.db('audit_log').where({ action: 'test.forged' }).count({ n: '*' }).first())?.n)).toBe(0);
  });

  it('shows who, what, when and an escaped summary of the details', async () => {
    const { agent, admin } = await adminAgent();
    const subject = await createUser(ctx.db, { name: 'Sam Subject' });
    await recordAudit(ctx.db, {
      actorId: admin.id,
      action: 'user.updated',
      entityType: 'user',
      entityId: subject.id,
      details: { changes: { department: { from: '<b>Old</b>', to: 'New' } } },
    });
    const res = await agent.get(`/admin/audit?person=${encodeURIComponent('sam subject')}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Audrey Auditor');
    expect(res.text).toContain(`Sam Subject (${subject.email})`);
    expect(res.text).toContain('department: &lt;b&gt;Old&lt;/b&gt; → New');
    expect(res.text).not.toContain('<b>Old</b>');
    expect(res.text).toMatch(/<option value="user.updated"/);
  });

  it('filters by person, action and date range, and the CSV holds the same rows', async () => {
    const { agent, admin } = await adminAgent();
    const other = await createUser(ctx.db, { name: `Other ${crypto.randomUUID().slice(0, 6)}` });
    const tag = crypto.randomUUID().slice(0, 8);
    await ctx.db('audit_log').insert([
      {
        at: '2025-01-10T09:00:00.000Z',
        actor_id: admin.id,
        action: 'rating.changed',
        entity_type: 'assessment',
        entity_id: '1',
        details: JSON.stringify({ tag, n: 1 }),
      },
      {
        at: '2025-01-20T23:59:59.000Z',
        actor_id: admin.id,
        action: 'rating.changed',
        entity_type: 'assessment',
        entity_id: '2',
        details: JSON.stringify({ tag, n: 2 }),
      },
      {
        at: '2025-02-01T00:00:00.000Z',
        actor_id: admin.id,
        action: 'review.finalised',
        entity_type: 'assessment',
        entity_id: '3',
        details: JSON.stringify({ tag, n: 3 }),
      },
      {
        at: '2025-01-15T00:00:00.000Z',
        actor_id: other.id,
        action: 'rating.changed',
        entity_type: 'assessment',
        entity_id: '4',
        details: JSON.stringify({ tag, n: 4 }),
      },
    ]);
    const q = `person=${encodeURIComponent(admin.email)}&action=rating.changed&from=2025-01-01&to=2025-01-20`;
    const page = await agent.get(`/admin/audit?${q}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('2 entries');
    expect(page.text).toContain('n: 1');
    expect(page.text).toContain('n: 2');
    expect(page.text).not.toContain('n: 3');
    expect(page.text).not.toContain('n: 4');
    expect(page.text).toContain(`/admin/audit.csv?${q.replace(/&/g, '&amp;')}`);

    const csv = await agent.get(`/admin/audit.csv?${q}`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(/attachment/);
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('when,actor_email,actor_name,action,entity_type,entity_id,subject_email,details,ip');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain('2025-01-20T23:59:59.000Z');
    expect(lines[2]).toContain('2025-01-10T09:00:00.000Z');
  });

  it('reports a malformed date next to the field with 422', async () => {
    const { agent } = await adminAgent();
    const res = await agent.get('/admin/audit?from=2025-13-40');
    expect(res.status).toBe(422);
    expect(res.text).toContain('Enter a date as YYYY-MM-DD');
    expect(res.text).toContain('value="2025-13-40"');
  });

  it('records the admin’s own sign-in and finds it by action', async () => {
    const { agent, admin } = await adminAgent();
    const res = await agent.get(`/admin/audit?person=${encodeURIComponent(admin.email)}&action=auth.sign_in`);
    expect(res.text).toContain('1 entry');
  });
});

describe('summariseDetails', () => {
  it('summarises changes, from/to pairs and plain objects, and truncates long text', () => {
    expect(summariseDetails(JSON.stringify({ changes: { email: { from: 'a@x', to: 'b@x' }, jobTitle: { from: null, to: 'Lead' } } }))).toBe(
      'email: a@x → b@x; jobTitle: (empty) → Lead',
    );
    expect(summariseDetails(JSON.stringify({ from: [], to: ['admin'] }))).toBe('(none) → admin');
    expect(summariseDetails(JSON.stringify({ created: 3, updated: 0 }))).toBe('created: 3; updated: 0');
    expect(summariseDetails(JSON.stringify({ text: 'x'.repeat(500) }), 50)).toHaveLength(50);
    expect(summariseDetails(null)).toBe('');
  });
});

describe('what the audit log shows HR', () => {
  it('shows no rating level, comment or per-person figure on the page or in the CSV (issue 18.3)', async () => {
    const org = await buildOrg(ctx.db);
    const id = await submitted(ctx.db, org, [2, 3, 1, 4]);
    const sup = await signIn(ctx.app, org.supervisor.email);
    const form = await sup.get(`/reviews/${id}`);
    const lock = form.text.match(/name="lock_version" value="(\d+)"/)?.[1] ?? '';
    const [k, s] = org.cls.items;
    const back = await sup
      .post(`/reviews/${id}`)
      .type('form')
      .send({
        _csrf: csrfFrom(form.text),
        lock_version: lock,
        action: 'return',
        return_comment: 'Zebra-comment-7731 about teamwork',
        [`sup_${k.id}`]: '3',
        [`sup_${s.id}`]: '2',
      });
    expect(back.status).toBe(303);
    // The full record is kept…
    const stored = await ctx
      .db('audit_log')
      .where({ action: 'assessment.returned', entity_id: String(id) })
      .first();
    expect(stored.details).toContain('Zebra-comment-7731');
    // …but HR sees neither the comment nor the levels.
    const { agent } = await adminAgent();
    for (const action of ['assessment.returned', 'rating.supervisor_changed', 'assessment.submitted']) {
      const page = await agent.get(`/admin/audit?action=${action}`);
      expect(page.status).toBe(200);
      expect(page.text).not.toContain('Zebra-comment-7731');
      expect(page.text).not.toMatch(/from: \(empty\) → 3|→ 2</);
    }
    const supChange = await agent.get('/admin/audit?action=rating.supervisor_changed');
    expect(supChange.text).toContain('from: (redacted)');
    const csv = await agent.get('/admin/audit.csv');
    expect(csv.status).toBe(200);
    expect(csv.text).not.toContain('Zebra-comment-7731');
    expect(csv.text).not.toMatch(/readiness""?:\s*\d/);
    expect(csv.text).toContain('(redacted)');
  });

  it('names the statement an entry is about by its wording, not its id, and still hides levels and comments', async () => {
    const org = await buildOrg(ctx.db);
    const id = await submitted(ctx.db, org, [2, 3, 1, 4]);
    const sup = await signIn(ctx.app, org.supervisor.email);
    const form = await sup.get(`/reviews/${id}`);
    const [k, s] = org.cls.items;
    const back = await sup
      .post(`/reviews/${id}`)
      .type('form')
      .send({
        _csrf: csrfFrom(form.text),
        lock_version: form.text.match(/name="lock_version" value="(\d+)"/)?.[1] ?? '',
        action: 'return',
        return_comment: 'Quokka-comment-5520',
        [`sup_${k.id}`]: '3',
        [`sup_${s.id}`]: '2',
      });
    expect(back.status).toBe(303);
    const { agent } = await adminAgent();
    const page = await agent.get(`/admin/audit?action=rating.supervisor_changed`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('item: network security principles (knowledge); from: (redacted); to: (redacted)');
    expect(page.text).toContain('item: ACTIVE LEARNING (skill); from: (redacted); to: (redacted)');
    expect(page.text).not.toContain(`itemId: ${k.id}`);
    expect(page.text).not.toContain(`itemId: ${s.id}`);
    expect(page.text).not.toContain('Quokka-comment-5520');
    expect(page.text).not.toMatch(/→ [0-5]</);
  });

  it('shortens a long statement and keeps an id it cannot find', () => {
    const items = new Map([[7, { category: 'knowledge', name: null, text: 'w'.repeat(120) }]]);
    expect(summariseDetails(JSON.stringify({ itemId: 7, evidenceChanged: true }), 300, items)).toBe(
      `item: ${'w'.repeat(79)}… (knowledge); evidenceChanged: true`,
    );
    expect(summariseDetails(JSON.stringify({ itemId: 8 }), 300, items)).toBe('itemId: 8');
  });
});
