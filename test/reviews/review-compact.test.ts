import { describe, expect, it } from 'vitest';
import { csrfFrom, setupTestContext, signIn, type Agent } from '../helpers/context';
import { buildOrg, submitted } from './org';

// Issue 20: agreeing with the employee's level, autosave of reviews under the lock version, and
// per-item supervisor comments shown to the employee.

const ctx = setupTestContext();

async function formOf(agent: Agent, id: number) {
  const page = await agent.get(`/reviews/${id}`);
  expect(page.status).toBe(200);
  return { csrf: csrfFrom(page.text), lock: page.text.match(/name="lock_version" value="(\d+)"/)?.[1] ?? '', html: page.text };
}

const supLevel = async (id: number, itemId: number) =>
  (await ctx.db('ratings').where({ assessment_id: id, item_id: itemId }).first('supervisor_level'))?.supervisor_level ?? null;

async function pdfText(buf: Buffer): Promise<string> {
  const { PDFParse } = await import('pdf-parse');
  const parser = new PDFParse({ data: new Uint8Array(buf) });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

describe('agree with the employee (no JavaScript)', () => {
  it('one item’s Agree button sets that item to the employee’s level and saves what else was typed', async () => {
    const org = await buildOrg(ctx.db);
    const [k, s] = org.cls.items;
    const id = await submitted(ctx.db, org, [2, 3, 1, 4]);
    const sup = await signIn(ctx.app, org.supervisor.email);
    const form = await formOf(sup, id);
    expect(form.html).toContain(`name="agree" value="${k.id}"`);
    const res = await sup
      .post(`/reviews/${id}`)
      .type('form')
      .send({ _csrf: form.csrf, lock_version: form.lock, agree: String(k.id), [`sup_${s.id}`]: '1', [`comment_${s.id}`]: 'Practise more' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/reviews/${id}#item-${k.id}`);
    expect(await supLevel(id, k.id)).toBe(2);
    expect(await supLevel(id, s.id)).toBe(1);
    expect((await ctx.db('assessments').where({ id }).first()).status).toBe('submitted');
  });

  it('"Agree with all not yet rated" fills only the items without the supervisor’s level', async () => {
    const org = await buildOrg(ctx.db);
    const [k, s, ab, c] = org.cls.items;
    const id = await submitted(ctx.db, org, [2, 3, 1, 4]);
    const sup = await signIn(ctx.app, org.supervisor.email);
    const form = await formOf(sup, id);
    const res = await sup
      .post(`/reviews/${id}`)
      .type('form')
      .send({ _csrf: form.csrf, lock_version: form.lock, action: 'agree_all', [`sup_${k.id}`]: '4' });
    expect(res.status).toBe(303);
    expect([await supLevel(id, k.id), await supLevel(id, s.id), await supLevel(id, ab.id), await supLevel(id, c.id)]).toEqual([4, 3, 1, 4]);
    const after = await sup.get(`/reviews/${id}`);
    expect(after.text).toContain('You agreed with the employee’s level on 3 items.');
    expect(after.text).toMatch(/<span data-rated-total>4<\/span> of 4 rated by you/);
  });
});

describe('review autosave', () => {
  it('saves one item under the page’s lock version, answers the new one, and refuses a stale or foreign save', async () => {
    const org = await buildOrg(ctx.db);
    const [k, s] = org.cls.items;
    const id = await submitted(ctx.db, org, [2, 3, 1, 4]);
    const sup = await signIn(ctx.app, org.supervisor.email);
    const form = await formOf(sup, id);
    const lock = Number(form.lock);

    const saved = await sup
      .post(`/reviews/${id}/ratings/${k.id}`)
      .set('x-csrf-token', form.csrf)
      .send({ level: '3', comment: 'Good on firewalls', lock_version: String(lock) });
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual({ ok: true, rated: 1, total: 4, lockVersion: lock + 1 });
    expect(await supLevel(id, k.id)).toBe(3);
    const audit = await ctx.db('audit_log').where({ action: 'rating.supervisor_changed', entity_id: String(id) });
    expect(audit).toHaveLength(1);

    // The old version again (another tab, or someone else's change in between): 409, nothing written.
    const stale = await sup
      .post(`/reviews/${id}/ratings/${s.id}`)
      .set('x-csrf-token', form.csrf)
      .send({ level: '1', lock_version: String(lock) });
    expect(stale.status).toBe(409);
    expect(await supLevel(id, s.id)).toBeNull();

    // A bad level: 422 and nothing written; no CSRF token: refused.
    const bad = await sup
      .post(`/reviews/${id}/ratings/${s.id}`)
      .set('x-csrf-token', form.csrf)
      .send({ level: '9', lock_version: String(lock + 1) });
    expect(bad.status).toBe(422);
    const noToken = await sup.post(`/reviews/${id}/ratings/${s.id}`).send({ level: '1', lock_version: String(lock + 1) });
    expect(noToken.status).toBe(403);
    expect(await supLevel(id, s.id)).toBeNull();

    // Finalise from a page that did not see the autosave's version: 409; with it: goes through.
    for (const item of org.cls.items.slice(1)) {
      const r = await sup
        .post(`/reviews/${id}/ratings/${item.id}`)
        .set('x-csrf-token', form.csrf)
        .send({ level: '2', lock_version: String((await ctx.db('assessments').where({ id }).first()).lock_version) });
      expect(r.status).toBe(200);
    }
    const staleFinalise = await sup
      .post(`/reviews/${id}`)
      .type('form')
      .send({ _csrf: form.csrf, lock_version: String(lock), action: 'finalise' });
    expect(staleFinalise.status).toBe(409);
    const current = (await ctx.db('assessments').where({ id }).first()).lock_version;
    const finalise = await sup
      .post(`/reviews/${id}`)
      .type('form')
      .send({
        _csrf: form.csrf,
        lock_version: String(current),
        action: 'finalise',
        ...Object.fromEntries(org.cls.items.map((i) => [`sup_${i.id}`, i.id === k.id ? '3' : '2'])),
        [`comment_${k.id}`]: 'Good on firewalls',
      });
    expect(finalise.status).toBe(303);
    expect((await ctx.db('assessments').where({ id }).first()).status).toBe('reviewed');

    // Once reviewed, autosave is closed; a supervisor outside the chain never sees it.
    const closed = await sup
      .post(`/reviews/${id}/ratings/${k.id}`)
      .set('x-csrf-token', form.csrf)
      .send({ level: '1', lock_version: String(current + 1) });
    expect(closed.status).toBe(409);
    const other = await signIn(ctx.app, org.otherSupervisor.email);
    const otherForm = await other.get('/reviews');
    const foreign = await other
      .post(`/reviews/${id}/ratings/${k.id}`)
      .set('x-csrf-token', csrfFrom(otherForm.text))
      .send({ level: '1', lock_version: String(current + 1) });
    expect(foreign.status).toBe(404);
  });
});

describe('per-item supervisor comments', () => {
  it('shows them next to each item on a returned draft, then on the report and in the PDF once reviewed', async () => {
    const org = await buildOrg(ctx.db);
    const [k, s, ab, c] = org.cls.items;
    const id = await submitted(ctx.db, org, [2, 3, 1, 4]);
    const sup = await signIn(ctx.app, org.supervisor.email);
    let form = await formOf(sup, id);
    const returned = await sup
      .post(`/reviews/${id}`)
      .type('form')
      .send({
        _csrf: form.csrf,
        lock_version: form.lock,
        action: 'return',
        return_comment: 'Please add evidence.',
        [`comment_${s.id}`]: 'Show me a <b>recent</b> example',
      });
    expect(returned.status).toBe(303);

    const employee = await signIn(ctx.app, org.employee.email);
    const draft = await employee.get(`/assessments/${id}`);
    expect(draft.status).toBe(200);
    const itemHtml = draft.text.slice(draft.text.indexOf(`id="item-${s.id}"`), draft.text.indexOf(`id="item-${ab.id}"`));
    expect(itemHtml).toContain('Your supervisor’s comment:</strong> Show me a &lt;b&gt;recent&lt;/b&gt; example');
    const submit = await employee
      .post(`/assessments/${id}`)
      .type('form')
      .send({ _csrf: csrfFrom(draft.text), action: 'submit' });
    expect(submit.status).toBe(303);

    form = await formOf(sup, id);
    const levels = Object.fromEntries([k, s, ab, c].map((i) => [`sup_${i.id}`, '3']));
    const done = await sup
      .post(`/reviews/${id}`)
      .type('form')
      .send({ _csrf: form.csrf, lock_version: form.lock, action: 'finalise', ...levels, [`comment_${s.id}`]: 'Show me a recent example' });
    expect(done.status).toBe(303);

    const report = await employee.get(`/assessments/${id}/report`);
    expect(report.text).toContain('Supervisor’s comments');
    expect(report.text).toMatch(/<dt>ACTIVE LEARNING[^<]*<\/dt><dd>Show me a recent example<\/dd>/);
    const pdf = await employee
      .get(`/assessments/${id}/report.pdf`)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    const text = await pdfText(pdf.body as Buffer);
    expect(text).toContain('Supervisor’s comments');
    expect(text).toContain('Show me a recent example');
  });
});
