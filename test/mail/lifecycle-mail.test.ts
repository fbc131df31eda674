import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger';
import { MailWorker } from '../../src/mail/mail-worker';
import { smtpTransport } from '../../src/mail/transport';
import { csrfFrom, setupTestContext, signIn, type Agent } from '../helpers/context';
import { createAssessment, createClassSpec, createUser } from '../helpers/factories';
import { startSmtp, type TestSmtp, type ReceivedMail } from '../helpers/smtp';
import { buildOrg } from '../reviews/org';

const ctx = setupTestContext({ publicBaseUrl: 'https://competency.example.gov' });
let smtp: TestSmtp;
beforeAll(async () => {
  smtp = await startSmtp();
});
afterAll(() => smtp.close());

const EVIDENCE = 'Zanzibar-firewall-evidence-7731';
const ITEM_COMMENT = 'Quokka-item-comment-5512';
const RETURN_COMMENT = 'Narwhal-return-comment-9043';

async function sendAll(): Promise<void> {
  const worker = new MailWorker({
    db: ctx.db,
    transport: smtpTransport(smtp.url),
    from: 'hr@example.gov',
    logger: createLogger({ logLevel: 'silent' }),
  });
  await worker.runOnce(Date.now() + 1000);
}

async function mailTo(email: string, count: number): Promise<ReceivedMail[]> {
  const until = Date.now() + 5000;
  for (;;) {
    const got = smtp.messages.filter((m) => m.to.includes(email));
    if (got.length >= count || Date.now() > until) return got;
    await new Promise((r) => setTimeout(r, 25));
  }
}

function expectNothingSensitive(m: ReceivedMail): void {
  for (const secret of [EVIDENCE, ITEM_COMMENT, RETURN_COMMENT]) expect(m.raw).not.toContain(secret);
  // No level of the scale either ("3 – Intermediate", "level 4").
  expect(m.text).not.toMatch(/Intermediate|Advanced|Expert|Awareness|\blevel\b/i);
}

async function review(sup: Agent, id: number, body: Record<string, string>) {
  const page = await sup.get(`/reviews/${id}`);
  const lock = page.text.match(/name="lock_version" value="(\d+)"/)?.[1] ?? '';
  return sup
    .post(`/reviews/${id}`)
    .type('form')
    .send({ _csrf: csrfFrom(page.text), lock_version: lock, ...body });
}

describe('assessment lifecycle e-mail', () => {
  it('mails the supervisor on submit and the employee on return and finalise, with deep links and no ratings, evidence or comments', async () => {
    const org = await buildOrg(ctx.db);
    const items = org.cls.items;
    const id = await createAssessment(ctx.db, {
      employeeId: org.employee.id,
      cls: org.cls,
      status: 'draft',
      self: [2, 3, 1, 4],
      evidence: [EVIDENCE],
    });

    // Submit: the direct supervisor is told, nobody else.
    const emp = await signIn(ctx.app, org.employee.email);
    const form = await emp.get(`/assessments/${id}`);
    const submitted = await emp
      .post(`/assessments/${id}`)
      .type('form')
      .send({ _csrf: csrfFrom(form.text), action: 'submit' });
    expect(submitted.status).toBe(303);
    await sendAll();
    const [toSup] = await mailTo(org.supervisor.email, 1);
    expect(toSup.subject).toBe('Erin Employee submitted a self-assessment for review');
    expect(toSup.text).toContain(`https://competency.example.gov/reviews/${id}`);
    expect(toSup.html).toContain(`href="https://competency.example.gov/reviews/${id}"`);
    expect(toSup.text).toContain(org.cls.title);
    expectNothingSensitive(toSup);
    expect(smtp.messages.filter((m) => m.to.includes(org.director.email))).toHaveLength(0);

    // Return with a comment: the employee is told where to look, not what the comment says.
    const sup = await signIn(ctx.app, org.supervisor.email);
    const returned = await review(sup, id, {
      action: 'return',
      return_comment: RETURN_COMMENT,
      [`sup_${items[0].id}`]: '3',
      [`comment_${items[0].id}`]: ITEM_COMMENT,
    });
    expect(returned.status).toBe(303);
    await sendAll();
    const [back] = await mailTo(org.employee.email, 1);
    expect(back.subject).toBe('Your self-assessment was returned for changes');
    expect(back.text).toContain(`https://competency.example.gov/assessments/${id}`);
    expectNothingSensitive(back);

    // Submit again, then finalise with every supervisor level.
    const again = await emp.get(`/assessments/${id}`);
    expect(
      (
        await emp
          .post(`/assessments/${id}`)
          .type('form')
          .send({ _csrf: csrfFrom(again.text), action: 'submit' })
      ).status,
    ).toBe(303);
    const finalised = await review(sup, id, {
      action: 'finalise',
      ...Object.fromEntries(items.map((i) => [`sup_${i.id}`, '3'])),
      [`comment_${items[1].id}`]: ITEM_COMMENT,
    });
    expect(finalised.status).toBe(303);
    await sendAll();
    const toEmployee = await mailTo(org.employee.email, 2);
    const done = toEmployee.find((m) => m.subject === 'Your self-assessment has been reviewed');
    expect(done?.text).toContain(`https://competency.example.gov/assessments/${id}/report`);
    expectNothingSensitive(done!);
    expect(await mailTo(org.supervisor.email, 2)).toHaveLength(2);
    for (const m of smtp.messages) expectNothingSensitive(m);
  });

  it('mails the nearest active supervisor up the chain when the direct supervisor is deactivated, and that person can review', async () => {
    const org = await buildOrg(ctx.db);
    await ctx.db('users').where({ id: org.supervisor.id }).update({ active: false });
    const id = await createAssessment(ctx.db, { employeeId: org.employee.id, cls: org.cls, status: 'draft', self: [2, 3, 1, 4] });
    const emp = await signIn(ctx.app, org.employee.email);
    const form = await emp.get(`/assessments/${id}`);
    const res = await emp
      .post(`/assessments/${id}`)
      .type('form')
      .send({ _csrf: csrfFrom(form.text), action: 'submit' });
    expect(res.status).toBe(303);
    await sendAll();
    const [toDirector] = await mailTo(org.director.email, 1);
    expect(toDirector?.subject).toBe('Erin Employee submitted a self-assessment for review');
    expect(toDirector.text).toContain('Hello Dana Director,');
    expect(toDirector.text).toContain(`https://competency.example.gov/reviews/${id}`);
    expectNothingSensitive(toDirector);
    expect(await ctx.db('mail_outbox').where({ to_user_id: org.supervisor.id })).toHaveLength(0);
    const director = await signIn(ctx.app, org.director.email);
    expect((await director.get(`/reviews/${id}`)).status).toBe(200);
  });

  it('skips a manager above who does not hold the supervisor role, and mails nobody when no one above can review', async () => {
    const org = await buildOrg(ctx.db);
    // The employee's supervisor chain: a deactivated supervisor, then a manager without the
    // supervisor role, then the director.
    await ctx.db('users').where({ id: org.supervisor.id }).update({ active: false });
    const manager = await createUser(ctx.db, { name: 'Mo Manager', supervisorId: org.director.id });
    await ctx.db('users').where({ id: org.supervisor.id }).update({ supervisor_id: manager.id });
    const first = await createAssessment(ctx.db, { employeeId: org.employee.id, cls: org.cls, status: 'draft', self: [2, 3, 1, 4] });
    const emp = await signIn(ctx.app, org.employee.email);
    const submit = async (id: number) => {
      const form = await emp.get(`/assessments/${id}`);
      const res = await emp
        .post(`/assessments/${id}`)
        .type('form')
        .send({ _csrf: csrfFrom(form.text), action: 'submit' });
      expect(res.status).toBe(303);
    };
    await submit(first);
    const queued = await ctx
      .db('mail_outbox')
      .where({ kind: 'assessment.submitted' })
      .whereIn('to_user_id', [org.supervisor.id, manager.id, org.director.id]);
    expect(queued.map((m: { to_user_id: number }) => Number(m.to_user_id))).toEqual([org.director.id]);

    // Nobody active with the role above: the submission is kept, no message is queued.
    await ctx.db('users').where({ id: org.director.id }).update({ active: false });
    const cls2 = await createClassSpec(ctx.db, {
      title: `ANALYST ${Math.random().toString(36).slice(2, 7).toUpperCase()}`,
      items: [{ category: 'skill', name: 'WRITING', text: 'Writes clearly' }],
    });
    const second = await createAssessment(ctx.db, { employeeId: org.employee.id, cls: cls2, status: 'draft', self: [3] });
    await submit(second);
    expect(await ctx.db('assessments').where({ id: second }).first('status')).toEqual({ status: 'submitted' });
    expect(
      await ctx
        .db('mail_outbox')
        .where({ kind: 'assessment.submitted' })
        .whereIn('to_user_id', [org.supervisor.id, manager.id, org.director.id]),
    ).toHaveLength(1);
  });

  it('queues nothing when the change is refused', async () => {
    const org = await buildOrg(ctx.db);
    const id = await createAssessment(ctx.db, { employeeId: org.employee.id, cls: org.cls, status: 'draft', self: [2, 3] });
    const emp = await signIn(ctx.app, org.employee.email);
    const form = await emp.get(`/assessments/${id}`);
    const res = await emp
      .post(`/assessments/${id}`)
      .type('form')
      .send({ _csrf: csrfFrom(form.text), action: 'submit' });
    expect(res.status).toBe(422);
    expect(await ctx.db('mail_outbox').whereIn('to_user_id', [org.supervisor.id, org.employee.id])).toHaveLength(0);
  });
});
