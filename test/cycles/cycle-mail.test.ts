import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPeople, openCycle } from '../../src/cycles/cycles.service';
import { emptyCycleForm } from '../../src/cycles/cycle-form';
import { cycleRemindersJob, reminderFor, runCycleReminders } from '../../src/cycles/cycle-reminders.service';
import { createLogger } from '../../src/logger';
import { MailWorker } from '../../src/mail/mail-worker';
import { smtpTransport } from '../../src/mail/transport';
import { runOncePerPeriod } from '../../src/scheduler/scheduler.service';
import { nowIso } from '../../src/db/time';
import { setupTestContext, signIn } from '../helpers/context';
import { createClassSpec, createUser, type CreatedClass } from '../helpers/factories';
import { startSmtp, type ReceivedMail, type TestSmtp } from '../helpers/smtp';

// Cycle mail (issue 21) sent to a real SMTP server: the "cycle opened" message, deadline reminders
// on a controlled clock, and the supervisors' overdue summary. Never evidence or comments.

const ctx = setupTestContext();
const BASE = 'https://competency.example.gov';
const LINKS = { baseUrl: BASE };
const SECRET_EVIDENCE = 'Evidence-never-in-mail-5521';
const SECRET_COMMENT = 'Return-comment-never-in-mail-7730';
let smtp: TestSmtp;
beforeAll(async () => {
  smtp = await startSmtp();
});
afterAll(() => smtp.close());

// The reminders are queued on the test's clock (years ahead), so the worker's clock is further still.
const WORKER_CLOCK = Date.parse('2100-01-01T00:00:00Z');

/** Sends everything due and returns the messages that arrived for these addresses. */
async function deliver(emails: string[]): Promise<ReceivedMail[]> {
  const before = smtp.messages.length;
  const worker = new MailWorker({
    db: ctx.db,
    transport: smtpTransport(smtp.url),
    from: 'hr@example.gov',
    logger: createLogger({ logLevel: 'silent' }),
  });
  let sent = 0;
  for (let r = await worker.runOnce(WORKER_CLOCK); r.sent > 0; r = await worker.runOnce(WORKER_CLOCK)) sent += r.sent;
  const all = await smtp.waitFor(before + sent);
  return all.slice(before).filter((m) => m.to.some((t) => emails.includes(t)));
}

const oneItemClass = () => createClassSpec(ctx.db, { items: [{ category: 'skill', name: 'WRITING', requiredLevel: 3 }] });

/** A department: a supervisor and named employees, all with the job class. */
async function org(names: string[], cls: CreatedClass) {
  const dept = `Dept ${crypto.randomUUID().slice(0, 8)}`;
  const admin = await createUser(ctx.db, { roles: ['employee', 'admin'], department: 'HR' });
  const sup = await createUser(ctx.db, { roles: ['employee', 'supervisor'], department: dept, name: `Boss ${dept}` });
  const people = [];
  for (const name of names) people.push({ ...(await createUser(ctx.db, { supervisorId: sup.id, department: dept, name })), name });
  await ctx
    .db('users')
    .whereIn('id', [sup.id, ...people.map((p) => p.id)])
    .update({ job_class_id: cls.classSpecId });
  return { dept, admin, sup, people };
}

async function open(o: Awaited<ReturnType<typeof org>>, dates = { selfDue: '2027-01-31', reviewDue: '2027-02-28' }) {
  const input = { ...emptyCycleForm(), name: 'Spring round', target: 'own', population: 'department', department: o.dept, ...dates };
  return openCycle(ctx.db, { id: o.admin.id, ip: null }, input, LINKS, { chunkSize: 2 });
}

const draftOf = async (cycleId: number, userId: number) =>
  Number((await ctx.db('assessments').where({ cycle_id: cycleId, employee_id: userId }).first<{ id: number } | undefined>('id'))?.id);

function expectNoSecrets(messages: ReceivedMail[]) {
  for (const m of messages) {
    expect(m.raw).not.toContain(SECRET_EVIDENCE);
    expect(m.raw).not.toContain(SECRET_COMMENT);
  }
}

describe('cycle opened', () => {
  it('mails each person whose draft was started once, with the link, in the chunk that started it (also when people are added)', async () => {
    const cls = await oneItemClass();
    const o = await org(['Ada Open', 'Ben Open', 'Cy Open'], cls);
    const admin = await signIn(ctx.app, o.admin.email);
    const res = await admin
      .post('/admin/cycles')
      .type('form')
      .send({
        _csrf: await admin.csrf('/admin/cycles/new'),
        name: 'Autumn <round>',
        target: 'own',
        population: 'department',
        department: o.dept,
        selfDue: '2027-01-31',
        reviewDue: '2027-02-28',
      });
    expect(res.status, res.text.slice(0, 300)).toBe(303);
    const cycleId = Number(/\/admin\/cycles\/(\d+)$/.exec(res.headers.location)![1]);
    const everyone = [o.sup, ...o.people];
    // Queued with the drafts: each draft has exactly its one message.
    expect(
      await ctx
        .db('mail_outbox')
        .where({ kind: 'cycle.opened' })
        .whereIn(
          'to_user_id',
          everyone.map((p) => p.id),
        ),
    ).toHaveLength(4);

    const got = await deliver(everyone.map((p) => p.email));
    expect(got).toHaveLength(4);
    for (const p of everyone) {
      const mine = got.filter((m) => m.to.includes(p.email));
      expect(mine).toHaveLength(1);
      expect(mine[0].subject).toBe('Self-assessment open: Autumn <round>, due 2027-01-31');
      expect(mine[0].text).toContain(`${ctx.config.publicBaseUrl}/assessments/${await draftOf(cycleId, p.id)}`);
      expect(mine[0].html).not.toContain('<round>');
    }

    // A person added later gets theirs; nobody gets a second one.
    const late = await createUser(ctx.db, { supervisorId: o.sup.id, department: o.dept, name: 'Dee Late' });
    await ctx.db('users').where({ id: late.id }).update({ job_class_id: cls.classSpecId });
    const added = await addPeople(
      ctx.db,
      { id: o.admin.id, ip: null },
      cycleId,
      { population: 'department', department: o.dept, supervisor: '', list: '' },
      LINKS,
    );
    expect(added.createdDraftIds).toHaveLength(1);
    const more = await deliver([...everyone, late].map((p) => p.email));
    expect(more.map((m) => m.to)).toEqual([[late.email]]);
    expect(more[0].text).toContain(`${BASE}/assessments/${added.createdDraftIds[0]}`);
  });
});

describe('deadline reminders', () => {
  it('picks the reminder for the days left: the smallest N at or above them', () => {
    expect(reminderFor(7, [7, 1])).toBe(7);
    expect(reminderFor(6, [7, 1])).toBe(7);
    expect(reminderFor(1, [7, 1])).toBe(1);
    expect(reminderFor(0, [7, 1])).toBe(1);
    expect(reminderFor(8, [7, 1])).toBeNull();
    expect(reminderFor(-1, [7, 1])).toBeNull();
  });

  it('reminds those not done 7 and 1 days before each due date, once even if the job runs twice', async () => {
    const cls = await oneItemClass();
    const o = await org(['Ann Draft', 'Bo Submitted', 'Cal Returned'], cls);
    const run = await open(o);
    expect(run.createdDraftIds).toHaveLength(4);
    const [ann, bo, cal] = o.people;
    const annDraft = await draftOf(run.cycleId, ann.id);
    await ctx
      .db('ratings')
      .insert({ assessment_id: annDraft, item_id: cls.items[0].id, self_level: 2, evidence: SECRET_EVIDENCE, updated_at: nowIso() });
    await ctx
      .db('assessments')
      .where({ id: await draftOf(run.cycleId, bo.id) })
      .update({ status: 'submitted', submitted_at: nowIso() });
    await ctx
      .db('assessments')
      .where({ id: await draftOf(run.cycleId, cal.id) })
      .update({ returned_at: nowIso(), return_comment: SECRET_COMMENT });
    const emails = [o.sup.email, ann.email, bo.email, cal.email];
    await deliver(emails); // the opening messages

    const job = cycleRemindersJob(ctx.db, BASE);
    const day7 = new Date('2027-01-24T06:00:00Z');
    const [a, b] = await Promise.all([runOncePerPeriod(ctx.db, job, day7), runOncePerPeriod(ctx.db, job, new Date(day7.getTime() + 5000))]);
    expect([a.ran, b.ran].sort()).toEqual([false, true]);
    // Even a second run of the same day (e.g. by hand) queues nothing twice.
    expect((await runCycleReminders(ctx.db, BASE, day7)).reminders).toBe(0);
    const week = await deliver(emails);
    expect(week.map((m) => m.to[0]).sort()).toEqual([o.sup.email, ann.email, cal.email].sort());
    for (const m of week) {
      expect(m.subject).toBe('Reminder: your self-assessment for Spring round is due 2027-01-31');
      expect(m.text).toContain('due in 7 days, on 2027-01-31');
    }
    expect(week.find((m) => m.to.includes(ann.email))!.text).toContain(`${BASE}/assessments/${annDraft}`);

    // The day after: nothing new (the 7-day reminder went already).
    expect((await runCycleReminders(ctx.db, BASE, new Date('2027-01-25T06:00:00Z'))).reminders).toBe(0);

    // One day before: the 1-day reminder, to those still not done (Cal has submitted meanwhile).
    await ctx
      .db('assessments')
      .where({ id: await draftOf(run.cycleId, cal.id) })
      .update({ status: 'submitted', submitted_at: nowIso() });
    const day1 = new Date('2027-01-30T06:00:00Z');
    expect((await runOncePerPeriod(ctx.db, job, day1)).ran).toBe(true);
    expect((await runOncePerPeriod(ctx.db, job, day1)).ran).toBe(false);
    expect((await runCycleReminders(ctx.db, BASE, day1)).reminders).toBe(0);
    const eve = await deliver(emails);
    expect(eve.map((m) => m.to[0]).sort()).toEqual([o.sup.email, ann.email].sort());
    expect(eve.every((m) => m.text.includes('due tomorrow, on 2027-01-31'))).toBe(true);

    // Reviews: 7 days before the review due date, one reminder to the supervisor naming Bo and Cal.
    const review = await runCycleReminders(ctx.db, BASE, new Date('2027-02-21T06:00:00Z'));
    expect(review.reminders).toBe(1);
    expect((await runCycleReminders(ctx.db, BASE, new Date('2027-02-21T07:00:00Z'))).reminders).toBe(0);
    const reviews = (await deliver(emails)).filter((m) => m.subject.startsWith('Reminder: reviews'));
    expect(reviews).toHaveLength(1);
    expect(reviews[0].to).toEqual([o.sup.email]);
    expect(reviews[0].subject).toBe('Reminder: reviews for Spring round are due 2027-02-28');
    expect(reviews[0].text).toContain('Bo Submitted');
    expect(reviews[0].text).toContain('Cal Returned');
    expect(reviews[0].text).not.toContain('Ann Draft');
    expectNoSecrets([...week, ...eve, ...reviews]);
  });
});

describe('reminder days', () => {
  it('are edited on the cycle’s dates form and decide when reminders go', async () => {
    const cls = await oneItemClass();
    const o = await org(['Uma Days'], cls);
    const run = await open(o, { selfDue: '2029-05-31', reviewDue: '2029-06-30' });
    const admin = await signIn(ctx.app, o.admin.email);
    const page = `/admin/cycles/${run.cycleId}`;
    expect((await admin.get(page)).text).toMatch(/name="reminderDays" value="7, 1"/);
    const post = async (reminderDays: string) =>
      admin
        .post(`${page}/dates`)
        .type('form')
        .send({ _csrf: await admin.csrf(page), selfDue: '2029-05-31', reviewDue: '2029-06-30', reminderDays });
    const bad = await post('7, soon');
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Enter up to 5 whole numbers of days');
    expect((await post('3, 14, 3')).status).toBe(303);
    expect((await ctx.db('cycles').where({ id: run.cycleId }).first<{ reminder_days: string }>('reminder_days'))?.reminder_days).toBe(
      '14,3',
    );
    await deliver([o.sup.email, o.people[0].email]);

    await runCycleReminders(ctx.db, BASE, new Date('2029-05-17T06:00:00Z'));
    const got = await deliver([o.sup.email, o.people[0].email]);
    expect(got.map((m) => m.to[0]).sort()).toEqual([o.sup.email, o.people[0].email].sort());
    expect(got.every((m) => m.text.includes('due in 14 days, on 2029-05-31'))).toBe(true);
    // 7 days before is no longer a reminder day; 3 days before is.
    expect((await runCycleReminders(ctx.db, BASE, new Date('2029-05-24T06:00:00Z'))).reminders).toBe(0);
    expect((await runCycleReminders(ctx.db, BASE, new Date('2029-05-28T06:00:00Z'))).reminders).toBe(2);
  });
});

describe('overdue summary', () => {
  it('sends each supervisor one message a day listing only their overdue people', async () => {
    const cls = await oneItemClass();
    const a = await org(['Ola Overdue', 'Pia Punctual'], cls);
    const b = await org(['Quinn Late', 'Rae Late'], cls);
    const runA = await open(a, { selfDue: '2028-03-01', reviewDue: '2028-03-15' });
    await open(b, { selfDue: '2028-03-01', reviewDue: '2028-03-15' });
    const [ola, pia] = a.people;
    await ctx.db('ratings').insert({
      assessment_id: await draftOf(runA.cycleId, ola.id),
      item_id: cls.items[0].id,
      self_level: 4,
      evidence: SECRET_EVIDENCE,
      updated_at: nowIso(),
    });
    await ctx
      .db('assessments')
      .where({ id: await draftOf(runA.cycleId, pia.id) })
      .update({ status: 'submitted', submitted_at: nowIso() });
    const emails = [a.sup.email, b.sup.email, ...a.people.map((p) => p.email), ...b.people.map((p) => p.email)];
    await deliver(emails);

    const day = new Date('2028-03-05T06:00:00Z');
    // (The cycles of the tests above are overdue by then too: their supervisors get their own.)
    await runCycleReminders(ctx.db, BASE, day);
    expect((await runCycleReminders(ctx.db, BASE, new Date('2028-03-05T18:00:00Z'))).overdue).toBe(0);
    const got = await deliver(emails);
    const toA = got.filter((m) => m.to.includes(a.sup.email));
    const toB = got.filter((m) => m.to.includes(b.sup.email));
    expect(toA).toHaveLength(1);
    expect(toB).toHaveLength(1);
    expect(got).toHaveLength(2); // employees get no summary
    expect(toA[0].subject).toBe('Overdue in assessment cycles: your people');
    expect(toA[0].text).toContain('Ola Overdue: self-assessment in "Spring round", due 2028-03-01');
    expect(toA[0].text).not.toContain('Pia Punctual'); // submitted on time, review not due yet
    expect(toA[0].text).not.toContain('Quinn');
    expect(toB[0].text).toContain('Quinn Late');
    expect(toB[0].text).toContain('Rae Late');
    expect(toB[0].text).not.toContain('Ola');
    expect(toA[0].text).toContain(`${BASE}/team/cycles`);
    expect(toA[0].text).not.toMatch(/\b4\b/); // no figures: not even the rating Ola gave herself

    // Past the review due date Pia's pending review is overdue too; next day, a new summary.
    await runCycleReminders(ctx.db, BASE, new Date('2028-03-16T06:00:00Z'));
    const later = (await deliver([a.sup.email])).filter((m) => m.subject.startsWith('Overdue'));
    expect(later[0].text).toContain('Pia Punctual: your review in "Spring round", due 2028-03-15');
    expectNoSecrets([...got, ...later]);
  });
});
