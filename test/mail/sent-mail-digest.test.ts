import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../src/logger';
import { runDailyDigest, dailyDigestJob } from '../../src/mail/digest.service';
import { MailWorker } from '../../src/mail/mail-worker';
import { compose } from '../../src/mail/compose';
import { queueMail } from '../../src/mail/outbox.service';
import { logTransport, smtpTransport } from '../../src/mail/transport';
import { PER_PAGE } from '../../src/mail/mail.service';
import { runOncePerPeriod } from '../../src/scheduler/scheduler.service';
import { issuePasswordLink, requestPasswordReset } from '../../src/auth/password-reset.service';
import { setupTestContext, signIn } from '../helpers/context';
import { createUser } from '../helpers/factories';
import { startSmtp, type TestSmtp } from '../helpers/smtp';

const ctx = setupTestContext();
const BASE = 'https://competency.example.gov';
let smtp: TestSmtp;
beforeAll(async () => {
  smtp = await startSmtp();
});
afterAll(() => smtp.close());

function notify(toUserId: number, subject: string, now: number, link = `${BASE}/assessments/1`) {
  const body = compose({ recipientName: 'Kim', paragraphs: ['Body-text-that-admins-never-see-4411'], link: { url: link, label: 'Open' } });
  return ctx.db.transaction((trx) =>
    queueMail(trx, { toUserId, kind: 'assessment.returned', subject, link, digestible: true, ...body }, now),
  );
}

async function choose(email: string, mail: 'digest' | 'immediate') {
  const agent = await signIn(ctx.app, email);
  const res = await agent
    .post('/account/mail')
    .type('form')
    .send({ _csrf: await agent.csrf('/account'), mail });
  expect(res.status).toBe(303);
  return agent;
}

describe('Sent mail page', () => {
  it('shows admins each message’s recipient, kind, subject, time, status and the deep link of an ordinary notice, never a body', async () => {
    const admin = await createUser(ctx.db, { roles: ['admin'] });
    const person = await createUser(ctx.db, { name: 'Kim <Recipient>' });
    await notify(person.id, 'Returned <for> changes', Date.now(), `${BASE}/assessments/deep-link-8812`);
    const agent = await signIn(ctx.app, admin.email);
    const page = await agent.get('/admin/mail');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Kim &lt;Recipient&gt;');
    expect(page.text).toContain(person.email);
    expect(page.text).toContain('assessment.returned');
    expect(page.text).toContain('Returned &lt;for&gt; changes');
    expect(page.text).toContain(`<a href="${BASE}/assessments/deep-link-8812">${BASE}/assessments/deep-link-8812</a>`);
    expect(page.text).toContain('Queued');
    expect(page.text).not.toContain('Body-text-that-admins-never-see-4411');
    expect(page.text).toContain('No mail server is configured');
  });

  it('never shows a password link, reset or set-your-password, before or after sending', async () => {
    const admin = await createUser(ctx.db, { roles: ['admin'] });
    const person = await createUser(ctx.db, { name: 'Reset Person' });
    const newcomer = await createUser(ctx.db, { name: 'Welcome Person' });
    await requestPasswordReset(ctx.db, person.email, '10.9.9.9', { baseUrl: BASE });
    await ctx.db.transaction((trx) =>
      issuePasswordLink(trx, { id: newcomer.id, displayName: 'Welcome Person' }, 'welcome', { baseUrl: BASE }),
    );
    // The links are in the outbox while the messages wait (the worker erases them once sent).
    const stored = await ctx.db('mail_outbox').whereIn('to_user_id', [person.id, newcomer.id]).orderBy('id').select('kind', 'link');
    expect(stored.map((m: { kind: string }) => m.kind)).toEqual(['password.reset', 'password.welcome']);
    for (const m of stored as { link: string }[]) expect(m.link).toContain('/password/reset/');

    const agent = await signIn(ctx.app, admin.email);
    const queued = await agent.get('/admin/mail');
    expect(queued.text).toContain('Reset your password');
    expect(queued.text).toContain('Set your password for the competency gap assessment service');
    expect(queued.text).toContain('Link hidden: it signs someone in');
    expect(queued.text).not.toContain('/password/reset/');

    const worker = new MailWorker({
      db: ctx.db,
      transport: smtpTransport(smtp.url),
      from: 'hr@example.gov',
      logger: createLogger({ logLevel: 'silent' }),
    });
    const before = smtp.messages.length;
    await worker.runOnce(Date.now() + 1000);
    const got = await smtp.waitFor(before + 2);
    expect(
      got
        .filter((m) => m.to.includes(person.email) || m.to.includes(newcomer.email))
        .every((m) => m.text.includes(`${BASE}/password/reset/`)),
    ).toBe(true);
    const sent = await agent.get('/admin/mail');
    expect(sent.text).not.toContain('/password/reset/');
    expect(sent.text.match(/Link hidden: it signs someone in/g)?.length).toBeGreaterThanOrEqual(2);
  });
});

describe('daily digest', () => {
  it('holds notifications for people who chose the digest and sends one summary at the daily run', async () => {
    const person = await createUser(ctx.db);
    const other = await createUser(ctx.db);
    const account = await choose(person.email, 'digest');
    expect((await account.get('/account')).text).toMatch(/value="digest"[^>]*checked/);

    const day = Date.parse('2026-12-14T06:00:00Z');
    await notify(person.id, 'First update', day - 5 * 3600_000);
    await notify(person.id, 'Second update', day - 3600_000);
    await notify(other.id, 'Immediate update', day - 3600_000);
    // Password links never wait for a digest.
    await requestPasswordReset(ctx.db, person.email, '10.9.9.8', { baseUrl: BASE }, day - 3600_000);
    const statuses = await ctx
      .db('mail_outbox')
      .whereIn('to_user_id', [person.id, other.id])
      .orderBy('id')
      .select('kind', 'status', 'subject');
    expect(statuses.map((s: { status: string }) => s.status)).toEqual(['held', 'held', 'queued', 'queued']);

    // A message written after the run's clock waits for the next day.
    await notify(person.id, 'Tomorrow’s update', day + 60_000);
    expect(await runDailyDigest(ctx.db, BASE, new Date(day))).toBe(1);
    expect(await runDailyDigest(ctx.db, BASE, new Date(day))).toBe(0);

    const before = smtp.messages.length;
    const worker = new MailWorker({
      db: ctx.db,
      transport: smtpTransport(smtp.url),
      from: 'hr@example.gov',
      logger: createLogger({ logLevel: 'silent' }),
    });
    await worker.runOnce(day + 120_000);
    const got = (await smtp.waitFor(before + 3)).slice(before).filter((m) => m.to.includes(person.email));
    const digest = got.find((m) => m.subject === 'Your daily summary: 2 updates');
    expect(digest?.text).toContain('First update');
    expect(digest?.text).toContain('Second update');
    expect(digest?.text).not.toContain('Tomorrow');
    expect(digest?.text).toContain(`${BASE}/account`);
    expect(got.filter((m) => m.subject.startsWith('Your daily summary'))).toHaveLength(1);
    expect(got.some((m) => m.subject === 'Reset your password')).toBe(true);
    const held = await ctx.db('mail_outbox').where({ to_user_id: person.id, status: 'held' }).select('subject');
    expect(held).toEqual([{ subject: 'Tomorrow’s update' }]);
  });

  it('switching back to immediate sends new notifications at once', async () => {
    const person = await createUser(ctx.db);
    await choose(person.email, 'digest');
    await choose(person.email, 'immediate');
    const id = await notify(person.id, 'Now', Date.now());
    expect((await ctx.db('mail_outbox').where({ id }).first<{ status: string }>('status'))?.status).toBe('queued');
  });
});

describe('scheduler', () => {
  it('runs the daily digest once per day for the whole deployment, whichever instance gets there first', async () => {
    const job = dailyDigestJob(ctx.db, BASE);
    const day = new Date('2031-01-05T06:00:00Z');
    const [a, b] = await Promise.all([runOncePerPeriod(ctx.db, job, day), runOncePerPeriod(ctx.db, job, new Date(day.getTime() + 1000))]);
    expect([a.ran, b.ran].sort()).toEqual([false, true]);
    expect((await runOncePerPeriod(ctx.db, job, new Date('2031-01-05T23:59:00Z'))).ran).toBe(false);
    expect((await runOncePerPeriod(ctx.db, job, new Date('2031-01-06T06:00:00Z'))).ran).toBe(true);
    const runs = await ctx.db('scheduled_runs').where({ job: 'mail.daily-digest' }).whereIn('run_key', ['2031-01-05', '2031-01-06']);
    expect(runs).toHaveLength(2);
    expect(runs.every((r: { finished_at: unknown }) => r.finished_at != null)).toBe(true);
  });
});

describe('account page', () => {
  it('refuses an unknown choice with a message next to the question and keeps the stored preference', async () => {
    const person = await createUser(ctx.db);
    const agent = await signIn(ctx.app, person.email);
    const res = await agent
      .post('/account/mail')
      .type('form')
      .send({ _csrf: await agent.csrf('/account'), mail: 'toString' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Choose how you want to receive notifications');
    expect(res.text).toContain('<h1>Your account</h1>');
    expect(await ctx.db('mail_preferences').where({ user_id: person.id })).toHaveLength(0);
  });
});

describe('without SMTP', () => {
  it('writes each message to the log (text outside production), marks it sent and pages the Sent mail list', async () => {
    const admin = await createUser(ctx.db, { roles: ['admin'] });
    const person = await createUser(ctx.db);
    for (let i = 0; i < PER_PAGE + 1; i += 1) await notify(person.id, `Logged ${i}`, Date.now());
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (s: string) => lines.push(s) });
    const quiet = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const worker = new MailWorker({ db: ctx.db, transport: logTransport(logger, true), from: 'hr@example.gov', logger });
      while ((await worker.runOnce()).sent > 0);
    } finally {
      quiet.mockRestore();
    }
    const logged = lines.map((l) => JSON.parse(l) as { mail?: { to: string; subject: string; text?: string } }).filter((l) => l.mail);
    expect(logged.find((l) => l.mail?.subject === 'Logged 0')?.mail).toMatchObject({ to: person.email });
    expect(logged.find((l) => l.mail?.subject === 'Logged 0')?.mail?.text).toContain(`${BASE}/assessments/1`);
    expect(await ctx.db('mail_outbox').where({ to_user_id: person.id }).whereNot({ status: 'sent' })).toHaveLength(0);

    const agent = await signIn(ctx.app, admin.email);
    const first = await agent.get('/admin/mail');
    expect(first.text).toMatch(/Page 1 of \d+/);
    expect(first.text).toContain('href="/admin/mail?page=2"');
    expect(first.text).toContain(person.email);
    const second = await agent.get('/admin/mail?page=2');
    expect(second.status).toBe(200);
    expect(second.text).toContain('Page 2 of');
  });
});
