import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger';
import { createDb } from '../../src/db/db';
import { MailWorker, RETRY_BASE_MS } from '../../src/mail/mail-worker';
import { queueMail, queueNotices } from '../../src/mail/outbox.service';
import { setDailyDigest } from '../../src/mail/mail.repository';
import { compose } from '../../src/mail/compose';
import { smtpTransport } from '../../src/mail/transport';
import { setupTestContext } from '../helpers/context';
import { createUser } from '../helpers/factories';
import { startSmtp, type TestSmtp } from '../helpers/smtp';

const ctx = setupTestContext();
const logger = createLogger({ logLevel: 'silent' });
let smtp: TestSmtp;
beforeAll(async () => {
  smtp = await startSmtp();
});
afterAll(() => smtp.close());

const worker = () => new MailWorker({ db: ctx.db, transport: smtpTransport(smtp.url), from: 'HR <hr@example.gov>', logger });

/** Sends whatever earlier tests of this file left queued, so a test's counts are its own. */
async function drain() {
  while ((await worker().runOnce(Date.now() + 24 * 3600_000)).sent > 0);
}

async function queue(toUserId: number, subject: string, extra: { dedupeKey?: string } = {}) {
  const body = compose({
    recipientName: 'Ana <b>',
    paragraphs: ['Something happened.'],
    link: { url: 'http://app/x?a=1&b=2', label: 'Open' },
  });
  return ctx.db.transaction((trx) => queueMail(trx, { toUserId, kind: 'test', subject, ...body, link: 'http://app/x', ...extra }));
}

async function statusOf(id: number | null) {
  return ctx.db('mail_outbox').where({ id }).first<{ status: string; attempts: number; next_attempt_at: number | string }>();
}

describe('the outbox', () => {
  it('sends a queued message to the recipient through SMTP with escaped plain-text and HTML parts', async () => {
    await drain();
    const person = await createUser(ctx.db);
    const id = await queue(person.id, 'Hello there');
    const before = smtp.messages.length;

    expect(await worker().runOnce()).toMatchObject({ sent: 1 });

    const [mail] = (await smtp.waitFor(before + 1)).slice(before);
    expect(mail.to).toEqual([person.email]);
    expect(mail.subject).toBe('Hello there');
    expect(mail.text).toContain('Hello Ana <b>,');
    expect(mail.html).toContain('Hello Ana &lt;b&gt;,');
    expect(mail.html).toContain('href="http://app/x?a=1&amp;b=2"');
    expect((await statusOf(id))?.status).toBe('sent');
  });

  it('writes nothing when the transaction that queued the message rolls back', async () => {
    const person = await createUser(ctx.db);
    await expect(
      ctx.db.transaction(async (trx) => {
        await queueMail(trx, { toUserId: person.id, kind: 'test', subject: 'never', text: 't', html: 'h', link: null });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await ctx.db('mail_outbox').where({ to_user_id: person.id })).toHaveLength(0);
  });

  it('queues a message only once per dedupe key', async () => {
    const person = await createUser(ctx.db);
    const first = await queue(person.id, 'once', { dedupeKey: `once:${person.id}` });
    const second = await queue(person.id, 'once', { dedupeKey: `once:${person.id}` });
    expect(first).not.toBeNull();
    expect(second).toBeNull();
  });

  it('keeps a refused message, retries it after a back-off and delivers it exactly once', async () => {
    await drain();
    const person = await createUser(ctx.db);
    const id = await queue(person.id, 'Refused first');
    const before = smtp.messages.length;
    let attempts = 0;
    smtp.refuse = () => (++attempts === 1 ? Object.assign(new Error('451 try again later'), { responseCode: 451 }) : null);
    const w = worker();
    const t0 = Date.now();
    try {
      expect(await w.runOnce(t0)).toMatchObject({ sent: 0, retrying: 1 });
      const queued = await statusOf(id);
      expect(queued).toMatchObject({ status: 'queued', attempts: 1 });
      expect(Number(queued?.next_attempt_at)).toBe(t0 + RETRY_BASE_MS);

      // Not due yet: nothing is sent early.
      expect(await w.runOnce(t0 + RETRY_BASE_MS - 1)).toMatchObject({ sent: 0, retrying: 0 });
      expect(await w.runOnce(t0 + RETRY_BASE_MS)).toMatchObject({ sent: 1 });
      expect(await w.runOnce(t0 + 10 * RETRY_BASE_MS)).toMatchObject({ sent: 0 });
    } finally {
      smtp.refuse = null;
    }
    const received = (await smtp.waitFor(before + 1)).slice(before).filter((m) => m.subject === 'Refused first');
    expect(received).toHaveLength(1);
    expect((await statusOf(id))?.status).toBe('sent');
  });

  it('delays mail while the mail server is down and sends it when it is back', async () => {
    await drain();
    const person = await createUser(ctx.db);
    const id = await queue(person.id, 'Server down');
    const down = new MailWorker({ db: ctx.db, transport: smtpTransport('smtp://127.0.0.1:1'), from: 'hr@example.gov', logger });
    const t0 = Date.now();
    expect(await down.runOnce(t0)).toMatchObject({ retrying: 1 });
    expect(await statusOf(id)).toMatchObject({ status: 'queued', attempts: 1 });
    expect(await worker().runOnce(t0 + RETRY_BASE_MS)).toMatchObject({ sent: 1 });
  });

  it('sends again a message left claimed by a worker that died mid-send, once its claim has expired', async () => {
    await drain();
    const person = await createUser(ctx.db);
    const id = await queue(person.id, 'Orphaned');
    const t0 = Date.now();
    await ctx.db('mail_outbox').where({ id }).update({ status: 'sending', claim_token: 'dead-worker', claimed_at: t0 });
    expect(await worker().runOnce(t0 + 60_000)).toMatchObject({ sent: 0 });
    expect(await worker().runOnce(t0 + 11 * 60_000)).toMatchObject({ sent: 1 });
    expect((await statusOf(id))?.status).toBe('sent');
  });

  it('queues many notices at once: held for a digest only when digestible and chosen, and once per dedupe key', async () => {
    const [digester, other] = await Promise.all([createUser(ctx.db), createUser(ctx.db)]);
    await setDailyDigest(ctx.db, digester.id, true, Date.now());
    const notice = (toUserId: number, key: string, digestible: boolean) => ({
      toUserId,
      kind: 'test.bulk',
      subject: `Bulk ${key}`,
      dedupeKey: `test.bulk:${key}`,
      digestible,
      recipientName: 'Ana <b>',
      paragraphs: ['Something happened.'],
      link: { url: 'http://app/x?a=1&b=2', label: 'Open' },
    });
    const batch = [
      notice(digester.id, `${digester.id}-a`, true),
      notice(digester.id, `${digester.id}-b`, false),
      notice(other.id, `${other.id}-a`, true),
    ];
    expect(await ctx.db.transaction((trx) => queueNotices(trx, batch))).toBe(3);
    expect(await ctx.db.transaction((trx) => queueNotices(trx, [batch[0], notice(other.id, `${other.id}-b`, false)]))).toBe(1);
    const rows: { subject: string; status: string; html_body: string }[] = await ctx
      .db('mail_outbox')
      .where({ kind: 'test.bulk' })
      .orderBy('id')
      .select('subject', 'status', 'html_body');
    expect(rows.map((r) => [r.subject, r.status])).toEqual([
      [`Bulk ${digester.id}-a`, 'held'],
      [`Bulk ${digester.id}-b`, 'queued'],
      [`Bulk ${other.id}-a`, 'queued'],
      [`Bulk ${other.id}-b`, 'queued'],
    ]);
    expect(rows[0].html_body).toContain('Ana &lt;b&gt;');
    expect(rows[0].html_body).toContain('href="http://app/x?a=1&amp;b=2"');
  });

  it('two workers on separate connections to one database send each message once', async () => {
    await drain();
    const people = await Promise.all([1, 2, 3].map(() => createUser(ctx.db)));
    const subjects: string[] = [];
    for (const p of people) for (let i = 0; i < 10; i += 1) subjects.push(`race ${p.id}-${i}`);
    await Promise.all(subjects.map((s, i) => queue(people[i % 3].id, s)));
    // A second app instance: its own knex (own pool) on the same database.
    const other = createDb(ctx.config.databaseUrl === 'sqlite::memory:' ? dbUrlOf(ctx.file) : ctx.config.databaseUrl);
    try {
      const a = new MailWorker({ db: ctx.db, transport: smtpTransport(smtp.url), from: 'hr@example.gov', logger, batchSize: 4 });
      const b = new MailWorker({ db: other, transport: smtpTransport(smtp.url), from: 'hr@example.gov', logger, batchSize: 4 });
      let total = 0;
      for (let round = 0; round < 10; round += 1) {
        const [ra, rb] = await Promise.all([a.runOnce(), b.runOnce()]);
        total += ra.sent + rb.sent;
      }
      expect(total).toBe(30);
    } finally {
      await other.destroy();
    }
    const got = smtp.messages.filter((m) => m.subject.startsWith('race ')).map((m) => m.subject);
    expect(got.sort()).toEqual([...subjects].sort());
  });
});

/** The second instance's connection string: the test database's SQLite file or PostgreSQL database. */
function dbUrlOf(label: string): string {
  return label.startsWith('cg_test_') ? pgUrl(label) : `sqlite:${label}`;
}
function pgUrl(name: string): string {
  const u = new URL(process.env.DATABASE_URL!);
  u.pathname = `/${name}`;
  return u.toString();
}
