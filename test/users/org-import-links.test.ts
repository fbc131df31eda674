import crypto from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger';
import { MailWorker } from '../../src/mail/mail-worker';
import { smtpTransport } from '../../src/mail/transport';
import { csrfFrom, setupTestContext, signIn } from '../helpers/context';
import { createUser } from '../helpers/factories';
import { startSmtp, type TestSmtp } from '../helpers/smtp';

const ctx = setupTestContext({ publicBaseUrl: 'https://competency.example.gov' });
let smtp: TestSmtp;
beforeAll(async () => {
  smtp = await startSmtp();
});
afterAll(() => smtp.close());

describe('org import with "set your password" e-mails', () => {
  it('mails each new person a link instead of keeping temporary passwords, and the link sets their password', async () => {
    const admin = await createUser(ctx.db, { roles: ['admin'] });
    const agent = await signIn(ctx.app, admin.email);
    const t = crypto.randomUUID().slice(0, 6);
    const csv = [
      'employee_id,email,display_name,department,job_title,supervisor_email,roles',
      `${t}-1,a.${t}@example.gov,Avery ${t},Finance,Analyst,,`,
      `${t}-2,b.${t}@example.gov,Blake ${t},Finance,Analyst,a.${t}@example.gov,`,
    ].join('\n');
    const up = await agent
      .post('/admin/users/import')
      .field('_csrf', await agent.csrf('/admin/users/import'))
      .attach('file', Buffer.from(csv), 'org.csv');
    expect(up.status).toBe(303);
    const preview = await agent.get(up.headers.location);
    expect(preview.text).toContain('E-mail each new person a “set your password” link');
    const done = await agent
      .post(`${up.headers.location}/confirm`)
      .type('form')
      .send({ _csrf: csrfFrom(preview.text), sendLinks: 'yes' });
    expect(done.status).toBe(303);
    const result = await agent.get(done.headers.location);
    expect(result.text).toContain('2 new people get an e-mail with a link to set their own password');
    expect(result.text).not.toContain('Download temporary passwords');

    const worker = new MailWorker({
      db: ctx.db,
      transport: smtpTransport(smtp.url),
      from: 'hr@example.gov',
      logger: createLogger({ logLevel: 'silent' }),
    });
    await worker.runOnce();
    const mails = await smtp.waitFor(2);
    const toAvery = mails.find((m) => m.to.includes(`a.${t}@example.gov`));
    expect(toAvery?.subject).toBe('Set your password for the competency gap assessment service');
    const path = toAvery?.text.match(/https:\/\/competency\.example\.gov(\/password\/reset\/[A-Za-z0-9_-]+)/)?.[1];
    expect(path).toBeTruthy();
    // Sent: the outbox no longer holds the link.
    expect(await ctx.db('mail_outbox').where({ kind: 'password.welcome' }).whereNotNull('text_body')).toHaveLength(0);

    const person = request.agent(ctx.app);
    const form = await person.get(path!);
    expect(form.status).toBe(200);
    const set = await person
      .post(path!)
      .type('form')
      .send({ _csrf: csrfFrom(form.text), newPassword: 'avery-own-password-1', confirmPassword: 'avery-own-password-1' });
    expect(set.status).toBe(303);
    const me = await signIn(ctx.app, `a.${t}@example.gov`, 'avery-own-password-1');
    expect((await me.get('/')).status).toBe(200);
  });
});
