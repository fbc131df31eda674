import { describe, expect, it } from 'vitest';
import { csrfFrom, setupTestContext, signIn } from '../helpers/context';
import { createAssessment, createClassSpec, createUser } from '../helpers/factories';
import { startAssessment } from '../../src/assessments/assessments.service';
import { checkedLevel, smallClass, textareaContent } from './assessment-helpers';

const ctx = setupTestContext();

describe('my assessments and starting one', () => {
  it('lists my assessments with class, version, status, dates and readiness, and links each', async () => {
    const cls = await smallClass(ctx.db, 'LISTED CLASS ENGINEER');
    const me = await createUser(ctx.db);
    const other = await createUser(ctx.db);
    const draft = await createAssessment(ctx.db, { employeeId: me.id, cls, self: [3] });
    const older = await createAssessment(ctx.db, {
      employeeId: me.id,
      cls,
      status: 'reviewed',
      self: [5, 3, 3, 4, 1],
      supervisor: [5, 3, 3, 4, 3],
      at: '2025-03-04T10:00:00.000Z',
    });
    await ctx.db('assessments').where({ id: older }).update({ readiness: 100 });
    const theirs = await createAssessment(ctx.db, { employeeId: other.id, cls });
    const agent = await signIn(ctx.app, me.email);
    const res = await agent.get('/assessments');
    expect(res.status).toBe(200);
    expect(res.text).toContain('<h1>My assessments</h1>');
    expect(res.text).toContain('href="/assessments/new"');
    expect(res.text).toContain(`href="/assessments/${draft}"`);
    expect(res.text).toContain(`href="/assessments/${older}"`);
    expect(res.text).not.toContain(`href="/assessments/${theirs}"`);
    expect(res.text).toContain('2025-03-04');
    expect(res.text).toContain('100.0%');
    expect(res.text).toContain('LISTED CLASS ENGINEER');
  });

  it('says that the readiness of a submitted assessment comes from self-ratings until it is reviewed', async () => {
    const cls = await smallClass(ctx.db, 'SELF RATED CLASS ENGINEER');
    const me = await createUser(ctx.db);
    const waiting = await createAssessment(ctx.db, { employeeId: me.id, cls, status: 'submitted', self: [5, 3, 3, 4, 1] });
    const agent = await signIn(ctx.app, me.email);
    const row = (html: string, id: number) =>
      html.match(new RegExp(`<tr>\\s*<th scope="row"><a href="/assessments/${id}">[\\s\\S]*?</tr>`))?.[0] ?? '';
    const list = await agent.get('/assessments');
    expect(row(list.text, waiting)).toMatch(/\d+\.\d%\s*<span class="meta">\(self-rated, not yet reviewed\)<\/span>/);
    expect((await agent.get(`/assessments/${waiting}`)).text).toMatch(
      /readiness <span class="meta">\(self-rated, not yet reviewed\)<\/span>/,
    );

    // Once reviewed, the figure is the agreed one and the note goes.
    await ctx.db('assessments').where({ id: waiting }).update({ status: 'reviewed', reviewed_at: new Date().toISOString() });
    const after = await agent.get('/assessments');
    expect(row(after.text, waiting)).toMatch(/\d+\.\d%/);
    expect(after.text).not.toContain('self-rated');
    expect((await agent.get(`/assessments/${waiting}`)).text).not.toContain('self-rated');
  });

  it('searches the catalogue by title, code and family and previews a class before starting', async () => {
    const cls = await createClassSpec(ctx.db, {
      title: 'ZEBRA KEEPER',
      code: 'Z9Q1',
      family: 'Menagerie Services',
      items: [{ category: 'skill' }, { category: 'skill' }, { category: 'knowledge' }],
    });
    await createClassSpec(ctx.db, { title: 'ANOTHER CLASS', items: [{ category: 'skill' }] });
    const me = await createUser(ctx.db);
    const agent = await signIn(ctx.app, me.email);
    for (const q of ['zebra', 'z9q1', 'menagerie']) {
      const res = await agent.get(`/assessments/new?q=${q}`);
      expect(res.status).toBe(200);
      expect(res.text).toContain(`href="/assessments/new?class=${cls.classSpecId}"`);
      expect(res.text).not.toContain('ANOTHER CLASS');
    }
    const none = await agent.get('/assessments/new?q=%25');
    expect(none.text).not.toContain('ZEBRA KEEPER');
    const preview = await agent.get(`/assessments/new?class=${cls.classSpecId}`);
    expect(preview.status).toBe(200);
    expect(preview.text).toContain('Under direction, performs test duties.');
    expect(preview.text).toMatch(/Skills<\/th><td class="num">2<\/td>/);
    expect(preview.text).toMatch(/Knowledge<\/th><td class="num">1<\/td>/);
    expect(preview.text).toContain('Start assessment');
    expect((await agent.get('/assessments/new?class=999999')).status).toBe(404);
  });

  it('starting twice for the same class goes back to the open assessment', async () => {
    const cls = await smallClass(ctx.db);
    const me = await createUser(ctx.db);
    const agent = await signIn(ctx.app, me.email);
    const token = await agent.csrf('/assessments/new');
    const first = await agent
      .post('/assessments')
      .type('form')
      .send({ _csrf: token, classSpecId: String(cls.classSpecId) });
    const second = await agent
      .post('/assessments')
      .type('form')
      .send({ _csrf: token, classSpecId: String(cls.classSpecId) });
    expect(first.status).toBe(303);
    expect(second.status).toBe(303);
    expect(second.headers.location).toBe(first.headers.location);
    const page = await agent.get(second.headers.location);
    expect(page.text).toContain('You already have an open assessment');
    expect(await ctx.db('assessments').where({ employee_id: me.id })).toHaveLength(1);
    const row = await ctx.db('assessments').where({ employee_id: me.id }).first();
    expect(row.class_version_id).toBe(cls.versionId);
  });

  it('two simultaneous starts end on one open assessment (the unique index decides)', async () => {
    const cls = await smallClass(ctx.db);
    const me = await createUser(ctx.db);
    const results = await Promise.all([1, 2, 3].map(() => startAssessment(ctx.db, { id: me.id, ip: null }, cls.classSpecId)));
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(await ctx.db('assessments').where({ employee_id: me.id })).toHaveLength(1);
  });
});

describe('who can see a draft', () => {
  it('answers 404 to another employee, a supervisor outside the chain, one inside it, and an admin', async () => {
    const cls = await smallClass(ctx.db);
    const boss = await createUser(ctx.db, { roles: ['supervisor'] });
    const manager = await createUser(ctx.db, { supervisorId: boss.id });
    const owner = await createUser(ctx.db, { supervisorId: manager.id });
    const outsider = await createUser(ctx.db, { roles: ['supervisor'] });
    await createUser(ctx.db, { supervisorId: outsider.id });
    const colleague = await createUser(ctx.db, { supervisorId: manager.id });
    const admin = await createUser(ctx.db, { roles: ['admin', 'training'] });
    const draft = await createAssessment(ctx.db, { employeeId: owner.id, cls, self: [2] });
    const submitted = await createAssessment(ctx.db, {
      employeeId: owner.id,
      cls: await smallClass(ctx.db),
      status: 'submitted',
      self: [1, 1, 1, 1, 1],
    });
    const ownerAgent = await signIn(ctx.app, owner.email);
    expect((await ownerAgent.get(`/assessments/${draft}`)).status).toBe(200);
    for (const person of [colleague, outsider, manager, boss, admin]) {
      const agent = await signIn(ctx.app, person.email);
      const token = await agent.csrf('/');
      expect((await agent.get(`/assessments/${draft}`)).status).toBe(404);
      expect((await agent.get(`/assessments/${submitted}`)).status).toBe(404);
      expect(
        (
          await agent
            .post(`/assessments/${draft}`)
            .type('form')
            .send({ _csrf: token, [`level[${cls.items[0].id}]`]: '5' })
        ).status,
      ).toBe(404);
      expect(
        (await agent.post(`/assessments/${draft}/ratings/${cls.items[0].id}`).set('x-csrf-token', token).send({ level: 5 })).status,
      ).toBe(404);
      expect((await agent.get(`/assessments/${draft}/delete`)).status).toBe(404);
      expect((await agent.post(`/assessments/${draft}/delete`).type('form').send({ _csrf: token })).status).toBe(404);
    }
    const r = await ctx.db('ratings').where({ assessment_id: draft, item_id: cls.items[0].id }).first();
    expect(r.self_level).toBe(2);
    expect((await ownerAgent.get('/assessments/abc')).status).toBe(404);
  });
});

describe('delete and reassess', () => {
  it('deletes a draft after a confirmation page, audits it, and refuses to delete a submitted one', async () => {
    const cls = await smallClass(ctx.db);
    const me = await createUser(ctx.db);
    const draft = await createAssessment(ctx.db, { employeeId: me.id, cls, self: [3, 2] });
    const submitted = await createAssessment(ctx.db, {
      employeeId: me.id,
      cls: await smallClass(ctx.db),
      status: 'submitted',
      self: [1, 1, 1, 1, 1],
    });
    const agent = await signIn(ctx.app, me.email);
    const confirm = await agent.get(`/assessments/${draft}/delete`);
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain('Delete this draft?');
    expect(confirm.text).toContain(`action="/assessments/${draft}/delete"`);
    expect(await ctx.db('assessments').where({ id: draft })).toHaveLength(1);
    const res = await agent
      .post(`/assessments/${draft}/delete`)
      .type('form')
      .send({ _csrf: csrfFrom(confirm.text) });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/assessments');
    expect(await ctx.db('assessments').where({ id: draft })).toHaveLength(0);
    expect(await ctx.db('ratings').where({ assessment_id: draft })).toHaveLength(0);
    const audit = await ctx
      .db('audit_log')
      .where({ action: 'assessment.deleted', entity_id: String(draft) })
      .first();
    expect(audit.actor_id).toBe(me.id);
    expect((await agent.get(`/assessments/${submitted}/delete`)).status).toBe(409);
    const refused = await agent
      .post(`/assessments/${submitted}/delete`)
      .type('form')
      .send({ _csrf: csrfFrom(confirm.text) });
    expect(refused.status).toBe(409);
    expect(await ctx.db('assessments').where({ id: submitted })).toHaveLength(1);
  });

  it('reassess starts an unrated draft on the current version, shows last time’s levels by competency key for reference, and links the previous one', async () => {
    const v1 = await createClassSpec(ctx.db, {
      items: [
        { category: 'skill', name: 'WRITING', key: `writing-${Date.now()}` },
        { category: 'skill', name: 'SPEAKING', key: `speaking-${Date.now()}` },
        { category: 'ability', name: 'OLD ONLY' },
      ],
    });
    const me = await createUser(ctx.db);
    const reviewed = await createAssessment(ctx.db, {
      employeeId: me.id,
      cls: v1,
      status: 'reviewed',
      self: [4, 2, 3],
      supervisor: [3, null, 3],
      evidence: ['wrote the guide', undefined, undefined],
    });
    // A new version of the same class: SPEAKING moved first, WRITING kept, a new item added.
    const v2 = await createClassSpec(ctx.db, {
      classSpecId: v1.classSpecId,
      items: [
        { category: 'skill', name: 'SPEAKING (RENAMED)', key: v1.items[1].key },
        { category: 'skill', name: 'WRITING', key: v1.items[0].key },
        { category: 'competency', name: 'BRAND NEW' },
      ],
    });
    const agent = await signIn(ctx.app, me.email);
    const view = await agent.get(`/assessments/${reviewed}`);
    expect(view.status).toBe(200);
    expect(view.text).toContain(`action="/assessments/${reviewed}/reassess"`);
    const res = await agent
      .post(`/assessments/${reviewed}/reassess`)
      .type('form')
      .send({ _csrf: csrfFrom(view.text) });
    expect(res.status).toBe(303);
    const newId = Number(/(\d+)$/.exec(res.headers.location)![1]);
    expect(newId).not.toBe(reviewed);
    const row = await ctx.db('assessments').where({ id: newId }).first();
    expect([row.status, row.class_version_id, row.previous_assessment_id]).toEqual(['draft', v2.versionId, reviewed]);
    const form = await agent.get(`/assessments/${newId}`);
    // Issue 20: a reassessment starts unrated; last time's agreed levels are shown for reference only.
    for (const item of v2.items) expect(checkedLevel(form.text, item.id)).toBeNull();
    expect(await ctx.db('ratings').where({ assessment_id: newId }).whereNotNull('self_level')).toHaveLength(0);
    expect(form.text).toContain('This reassessment starts unrated');
    const reference = (itemId: number) =>
      new RegExp(`id="item-${itemId}-prev">Last time \\(for reference\\): <strong>([^<]*)</strong>`).exec(form.text)?.[1] ?? null;
    expect(reference(v2.items[0].id)).toBe('2 – Basic'); // no supervisor level: own level
    expect(reference(v2.items[1].id)).toBe('3 – Intermediate'); // supervisor's agreed level
    expect(reference(v2.items[2].id)).toBeNull(); // new item
    // The reference is each level control's description too, so screen readers hear it.
    expect(form.text).toMatch(
      new RegExp(`aria-describedby="item-${v2.items[0].id}-level-0-desc item-${v2.items[0].id}-req item-${v2.items[0].id}-prev"`),
    );
    expect(textareaContent(form.text, v2.items[1].id)).toBe('wrote the guide');
    // Asking again goes to the open draft instead of starting another.
    const again = await agent
      .post(`/assessments/${reviewed}/reassess`)
      .type('form')
      .send({ _csrf: csrfFrom(view.text) });
    expect(again.headers.location).toBe(`/assessments/${newId}`);
    // Only reviewed assessments can be reassessed.
    const draftReassess = await agent
      .post(`/assessments/${newId}/reassess`)
      .type('form')
      .send({ _csrf: csrfFrom(view.text) });
    expect(draftReassess.status).toBe(409);
  });

  it('shows the submitted read-only view to its owner with a report link and no reassess button', async () => {
    const cls = await smallClass(ctx.db);
    const me = await createUser(ctx.db);
    const id = await createAssessment(ctx.db, {
      employeeId: me.id,
      cls,
      status: 'submitted',
      self: [1, 2, 3, 4, 5],
      evidence: ['my <b>evidence</b>'],
    });
    const agent = await signIn(ctx.app, me.email);
    const res = await agent.get(`/assessments/${id}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain(`href="/assessments/${id}/report"`);
    expect(res.text).not.toContain('/reassess');
    expect(res.text).toContain('my &lt;b&gt;evidence&lt;/b&gt;');
    expect(res.text).toContain('5 – Expert');
    expect(res.text).not.toContain('<textarea');
  });
});
