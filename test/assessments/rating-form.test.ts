import { describe, expect, it } from 'vitest';
import { csrfFrom, setupTestContext, signIn } from '../helpers/context';
import { createUser } from '../helpers/factories';
import { checkedLevel, formFields, smallClass, textareaContent } from './assessment-helpers';

const ctx = setupTestContext();

async function startDraft(title?: string) {
  const cls = await smallClass(ctx.db, title);
  const user = await createUser(ctx.db);
  const agent = await signIn(ctx.app, user.email);
  const page = await agent.get(`/assessments/new?class=${cls.classSpecId}`);
  const res = await agent
    .post('/assessments')
    .type('form')
    .send({ _csrf: csrfFrom(page.text), classSpecId: String(cls.classSpecId) });
  expect(res.status).toBe(303);
  const id = Number(/\/assessments\/(\d+)$/.exec(res.headers.location)![1]);
  const form = await agent.get(`/assessments/${id}`);
  return { cls, user, agent, id, token: csrfFrom(form.text), form: form.text };
}

describe('rating form', () => {
  it('saves a partial draft and shows the same levels and evidence when reloaded', async () => {
    const { cls, agent, id, token } = await startDraft();
    const [k1, , s1] = cls.items;
    const res = await agent
      .post(`/assessments/${id}`)
      .type('form')
      .send({
        _csrf: token,
        action: 'save',
        [`level[${k1.id}]`]: '4',
        [`evidence[${k1.id}]`]: 'Ran the Azure migration <2024>',
        [`level[${s1.id}]`]: '2',
      });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/assessments/${id}`);
    const page = await agent.get(`/assessments/${id}`);
    expect(page.text).toContain('Draft saved.');
    expect(checkedLevel(page.text, k1.id)).toBe('4');
    expect(checkedLevel(page.text, s1.id)).toBe('2');
    expect(checkedLevel(page.text, cls.items[1].id)).toBeNull();
    expect(textareaContent(page.text, k1.id)).toBe('Ran the Azure migration <2024>');
    expect(page.text.replace(/<[^>]+>/g, '')).toContain('2 of 5 rated');
    const rows = await ctx.db('ratings').where({ assessment_id: id });
    expect(rows).toHaveLength(2);
  });

  for (const bad of ['7', '-1', 'abc']) {
    it(`rejects level "${bad}" with 422, saves nothing and keeps every other entry typed`, async () => {
      const { cls, agent, id, token } = await startDraft();
      const [k1, k2, s1] = cls.items;
      const res = await agent
        .post(`/assessments/${id}`)
        .type('form')
        .send({
          _csrf: token,
          action: 'save',
          [`level[${k1.id}]`]: '3',
          [`evidence[${k1.id}]`]: 'kept evidence',
          [`level[${k2.id}]`]: bad,
          [`evidence[${k2.id}]`]: '',
          [`level[${s1.id}]`]: '5',
          [`evidence[${s1.id}]`]: 'more & more',
        });
      expect(res.status).toBe(422);
      expect(res.text).toContain('There is a problem');
      expect(res.text).toContain(`href="#item-${k2.id}"`);
      expect(res.text).toMatch(new RegExp(`id="item-${k2.id}" class="rating-item has-error"`));
      expect(res.text).toContain(`id="item-${k2.id}-error"`);
      expect(checkedLevel(res.text, k1.id)).toBe('3');
      expect(checkedLevel(res.text, s1.id)).toBe('5');
      expect(textareaContent(res.text, k1.id)).toBe('kept evidence');
      expect(textareaContent(res.text, s1.id)).toBe('more & more');
      // The counter agrees with the levels shown (two valid ones), not with what is saved (none).
      expect(res.text.replace(/<[^>]+>/g, '')).toContain('2 of 5 rated');
      expect(await ctx.db('ratings').where({ assessment_id: id })).toHaveLength(0);
    });
  }

  it('rejects evidence of 2,001 characters with 422 and keeps it and the other entries', async () => {
    const { cls, agent, id, token } = await startDraft();
    const [k1, k2] = cls.items;
    const long = 'x'.repeat(2001);
    const res = await agent
      .post(`/assessments/${id}`)
      .type('form')
      .send({
        _csrf: token,
        action: 'save',
        [`level[${k1.id}]`]: '2',
        [`evidence[${k1.id}]`]: long,
        [`level[${k2.id}]`]: '4',
      });
    expect(res.status).toBe(422);
    expect(res.text).toContain(`href="#evidence-${k1.id}"`);
    expect(res.text).toContain('2,000 characters or fewer (it has 2,001)');
    expect(textareaContent(res.text, k1.id)).toBe(long);
    expect(checkedLevel(res.text, k1.id)).toBe('2');
    expect(checkedLevel(res.text, k2.id)).toBe('4');
    expect(await ctx.db('ratings').where({ assessment_id: id })).toHaveLength(0);
    const ok = await agent
      .post(`/assessments/${id}`)
      .type('form')
      .send({ _csrf: token, action: 'save', [`evidence[${k1.id}]`]: 'x'.repeat(2000) });
    expect(ok.status).toBe(303);
  });

  it('on submit with unrated items answers 422 listing them as links, and keeps what was entered', async () => {
    const { cls, agent, id, token } = await startDraft();
    const [k1, k2, s1, a1, c1] = cls.items;
    const res = await agent
      .post(`/assessments/${id}`)
      .type('form')
      .send({
        _csrf: token,
        action: 'submit',
        [`level[${k1.id}]`]: '5',
        [`level[${s1.id}]`]: '3',
        [`evidence[${s1.id}]`]: 'typed before submit',
      });
    expect(res.status).toBe(422);
    for (const missing of [k2, a1, c1]) expect(res.text).toContain(`<a href="#item-${missing.id}">`);
    expect(res.text).not.toContain(`<a href="#item-${k1.id}">`);
    expect(res.text).toContain('3 items are not rated');
    expect(res.text).toContain('Rate “DEDUCTIVE REASONING” before you submit.');
    const a = await ctx.db('assessments').where({ id }).first();
    expect(a.status).toBe('draft');
    const saved = await ctx.db('ratings').where({ assessment_id: id }).orderBy('item_id');
    expect(saved.map((r) => [r.item_id, r.self_level, r.evidence])).toEqual([
      [k1.id, 5, null],
      [s1.id, 3, 'typed before submit'],
    ]);
  });

  it('submits a complete assessment, caches readiness, and then refuses edits with 409 (form and autosave)', async () => {
    const { cls, agent, id, token } = await startDraft();
    const body: Record<string, string> = { _csrf: token, action: 'submit' };
    cls.items.forEach((item, i) => (body[`level[${item.id}]`] = String([5, 1, 3, 4, 2][i])));
    const res = await agent.post(`/assessments/${id}`).type('form').send(body);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/assessments/${id}`);
    const a = await ctx.db('assessments').where({ id }).first();
    expect(a.status).toBe('submitted');
    expect(a.submitted_at).toBeTruthy();
    expect(Number(a.readiness)).toBe(60); // 5>=5, 3>=3, 4>=4 met; 1<3, 2<3 not
    expect(await ctx.db('assessment_results').where({ assessment_id: id })).toHaveLength(5);
    const audit = await ctx.db('audit_log').where({ action: 'assessment.submitted', entity_id: String(id) });
    expect(audit).toHaveLength(1);

    const view = await agent.get(`/assessments/${id}`);
    expect(view.status).toBe(200);
    expect(view.text).not.toContain('name="level[');
    expect(view.text).toContain(`href="/assessments/${id}/report"`);
    expect(view.text).toContain('60.0%');

    const again = await agent
      .post(`/assessments/${id}`)
      .type('form')
      .send({ _csrf: token, action: 'save', [`level[${cls.items[1].id}]`]: '3' });
    expect(again.status).toBe(409);
    expect(again.text).toContain('no longer a draft');
    expect(again.text).not.toMatch(/at .*\.ts:\d+/);
    const auto = await agent
      .post(`/assessments/${id}/ratings/${cls.items[1].id}`)
      .set('x-csrf-token', token)
      .set('Accept', 'application/json')
      .send({ level: 3 });
    expect(auto.status).toBe(409);
    expect(auto.body.error).toBeTruthy();
    const r = await ctx.db('ratings').where({ assessment_id: id, item_id: cls.items[1].id }).first();
    expect(r.self_level).toBe(1);
  });

  it('keeps both tabs’ work when two copies of the form save different items', async () => {
    const { cls, agent, id, form } = await startDraft();
    const [k1, k2] = cls.items;
    const tabA = formFields(form);
    const tabB = formFields(form);
    tabA[`level[${k1.id}]`] = '2';
    tabA[`evidence[${k1.id}]`] = 'from tab A';
    tabB[`level[${k2.id}]`] = '4';
    tabB[`evidence[${k2.id}]`] = 'from tab B';
    expect(
      (
        await agent
          .post(`/assessments/${id}`)
          .type('form')
          .send({ ...tabA, action: 'save' })
      ).status,
    ).toBe(303);
    expect(
      (
        await agent
          .post(`/assessments/${id}`)
          .type('form')
          .send({ ...tabB, action: 'save' })
      ).status,
    ).toBe(303);
    const rows = await ctx.db('ratings').where({ assessment_id: id }).orderBy('item_id');
    expect(rows.map((r) => [r.item_id, r.self_level, r.evidence])).toEqual([
      [k1.id, 2, 'from tab A'],
      [k2.id, 4, 'from tab B'],
    ]);
  });

  it('clears evidence when an explicit empty value is saved, and leaves unsent items alone', async () => {
    const { cls, agent, id, token } = await startDraft();
    const [k1, k2] = cls.items;
    await agent
      .post(`/assessments/${id}`)
      .type('form')
      .send({ _csrf: token, [`level[${k1.id}]`]: '3', [`evidence[${k1.id}]`]: 'first', [`level[${k2.id}]`]: '1' });
    await agent
      .post(`/assessments/${id}`)
      .type('form')
      .send({ _csrf: token, [`evidence[${k1.id}]`]: '' });
    const rows = await ctx.db('ratings').where({ assessment_id: id }).orderBy('item_id');
    expect(rows.map((r) => [r.self_level, r.evidence])).toEqual([
      [3, null],
      [1, null],
    ]);
  });

  it('autosaves one item as JSON and reports the counts; rejects a bad level with 422 JSON', async () => {
    const { cls, agent, id, token } = await startDraft();
    const ok = await agent
      .post(`/assessments/${id}/ratings/${cls.items[2].id}`)
      .set('x-csrf-token', token)
      .send({ level: 4, evidence: 'autosaved' });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ ok: true, rated: 1, total: 5 });
    const bad = await agent.post(`/assessments/${id}/ratings/${cls.items[2].id}`).set('x-csrf-token', token).send({ level: 9 });
    expect(bad.status).toBe(422);
    expect(bad.body.ok).toBe(false);
    expect(bad.body.errors.level).toMatch(/levels 0 to 5/);
    // Bodies that are not a level and/or evidence are refused, not answered "ok" and ignored.
    for (const [body, field] of [
      [{ level: 1, evidence: { a: 1 } }, 'evidence'],
      [{ level: [2] }, 'level'],
      [[3], 'level'],
      [{}, 'level'],
    ] as const) {
      const refused = await agent.post(`/assessments/${id}/ratings/${cls.items[2].id}`).set('x-csrf-token', token).send(body);
      expect(refused.status, JSON.stringify(body)).toBe(422);
      expect(refused.body.ok).toBe(false);
      expect(refused.body.errors[field], JSON.stringify(body)).toBeTruthy();
    }
    const r = await ctx.db('ratings').where({ assessment_id: id, item_id: cls.items[2].id }).first();
    expect([r.self_level, r.evidence]).toEqual([4, 'autosaved']);
    const noToken = await agent.post(`/assessments/${id}/ratings/${cls.items[2].id}`).send({ level: 1 });
    expect(noToken.status).toBe(403);
  });

  it('audits every rating change with the item and old and new level', async () => {
    const { cls, user, agent, id, token } = await startDraft();
    const item = cls.items[3];
    await agent
      .post(`/assessments/${id}`)
      .type('form')
      .send({ _csrf: token, [`level[${item.id}]`]: '2' });
    await agent
      .post(`/assessments/${id}`)
      .type('form')
      .send({ _csrf: token, [`level[${item.id}]`]: '4', [`evidence[${item.id}]`]: 'new' });
    await agent
      .post(`/assessments/${id}`)
      .type('form')
      .send({ _csrf: token, [`level[${item.id}]`]: '4' }); // no change, no row
    const rows = await ctx
      .db('audit_log')
      .where({ action: 'rating.changed', entity_id: String(id) })
      .orderBy('id');
    expect(rows.map((r) => JSON.parse(r.details))).toEqual([
      { itemId: item.id, from: null, to: 2, evidenceChanged: false },
      { itemId: item.id, from: 2, to: 4, evidenceChanged: true },
    ]);
    expect(rows.every((r) => r.actor_id === user.id)).toBe(true);
  });

  it('renders a form where every radio has a label and every radio group sits in a fieldset with a legend', async () => {
    const { form, cls } = await startDraft();
    const html = form;
    const radios = [...html.matchAll(/<input type="radio"[^>]*>/g)].map((m) => m[0]);
    expect(radios).toHaveLength(cls.items.length * 6);
    for (const radio of radios) {
      const id = /id="([^"]+)"/.exec(radio)?.[1];
      expect(id, radio).toBeTruthy();
      expect(html.includes(`<label for="${id}">`), `label for ${id}`).toBe(true);
    }
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    // Walk the form: each group's radios (same name) must be inside one fieldset whose legend is not empty.
    const fieldsets = [...html.matchAll(/<fieldset[^>]*>([\s\S]*?)<\/fieldset>/g)].map((m) => m[1]);
    const groupsInFieldsets = new Set<string>();
    for (const fs of fieldsets) {
      const legend = /^\s*<legend>([^<]+)<\/legend>/.exec(fs);
      expect(legend?.[1].trim()).toBeTruthy();
      for (const m of fs.matchAll(/<input type="radio"[^>]*name="([^"]+)"/g)) groupsInFieldsets.add(m[1]);
    }
    const allGroups = new Set(radios.map((r) => /name="([^"]+)"/.exec(r)![1]));
    expect([...allGroups].every((g) => groupsInFieldsets.has(g))).toBe(true);
    expect(allGroups.size).toBe(cls.items.length);
    expect(html).toContain('3 – Intermediate');
    expect(html).toContain('Applies it in difficult situations; needs occasional guidance');
    expect(html).toContain('Required at entry');
    expect(html).toContain('Comprehensive knowledge of');
    expect(html).toContain('Does the first duty');
    expect(html.replace(/<[^>]+>/g, '')).toContain('0 of 5 rated');
    expect(html).toMatch(/<button type="submit" name="action" value="save"[^>]*>Save draft<\/button>/);
    expect(html).toMatch(/<button type="submit" name="action" value="submit"[^>]*>Submit for review<\/button>/);
    expect(html).toContain('role="status"');
  });
});
