import { describe, expect, it } from 'vitest';
import { csrfFrom, setupTestContext, signIn } from '../helpers/context';
import { createUser } from '../helpers/factories';
import { smallClass } from './assessment-helpers';

// Issue 20: the compact rating form's markup, read through the front door.

const ctx = setupTestContext();

async function startDraft() {
  const cls = await smallClass(ctx.db);
  const user = await createUser(ctx.db);
  const agent = await signIn(ctx.app, user.email);
  const page = await agent.get(`/assessments/new?class=${cls.classSpecId}`);
  const res = await agent
    .post('/assessments')
    .type('form')
    .send({ _csrf: csrfFrom(page.text), classSpecId: String(cls.classSpecId) });
  const id = Number(/\/assessments\/(\d+)$/.exec(res.headers.location)![1]);
  const form = await agent.get(`/assessments/${id}`);
  return { cls, agent, id, form: form.text };
}

describe('compact rating form', () => {
  it('gives every level its description, lists all six once, and points "Next unrated item" at the first unrated one', async () => {
    const { cls, form } = await startDraft();
    const [k1] = cls.items;
    expect(form).toContain('<summary>What the levels mean</summary>');
    expect(form).toMatch(
      new RegExp(
        `id="item-${k1.id}-level-3" name="level\\[${k1.id}\\]" value="3" aria-describedby="item-${k1.id}-level-3-desc item-${k1.id}-req"`,
      ),
    );
    expect(form).toMatch(
      new RegExp(`id="item-${k1.id}-level-3-desc"><strong>3 – Intermediate:</strong> Applies it in difficult situations`),
    );
    expect(form).toMatch(new RegExp(`<a href="#item-${k1.id}" class="next-unrated" data-next-unrated>Next unrated item</a>`));
  });

  it('on submit with items missing: one summary line for all of them with a link to each, and no evidence box marked invalid', async () => {
    const { cls, agent, id, form } = await startDraft();
    const [k1, k2] = cls.items;
    const res = await agent
      .post(`/assessments/${id}`)
      .type('form')
      .send({ _csrf: csrfFrom(form), action: 'submit', [`level[${k1.id}]`]: '3', [`evidence[${k2.id}]`]: 'some evidence' });
    expect(res.status).toBe(422);
    const summary = res.text.slice(
      res.text.indexOf('class="error-summary"'),
      res.text.indexOf('</div>', res.text.indexOf('class="error-summary"')),
    );
    const lines = summary.match(/<li>[\s\S]*?<\/li>/g) ?? [];
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('4 items have no level yet:');
    for (const item of cls.items.slice(1)) expect(lines[0]).toContain(`href="#item-${item.id}"`);
    expect(res.text).toMatch(new RegExp(`id="item-${k2.id}" class="rating-item has-error"`));
    expect(res.text).not.toMatch(/<textarea[^>]*aria-invalid/);
  });
});
