import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createDb } from '../../src/db/db';
import { createClassSpec } from '../helpers/factories';
import { startSmtp, type TestSmtp } from '../helpers/smtp';
import { expectAccessible, launchBrowser, newContext, ratingGroups, signInAs, signOut, startApp, type RunningApp } from './harness';

let app: RunningApp;
let browser: Browser;
let db: Knex;
let smtp: TestSmtp;
const BASE = 'http://competency.example.gov';

beforeAll(async () => {
  // A real SMTP server: each step follows the link in the e-mail the app sent.
  smtp = await startSmtp();
  app = await startApp({ SMTP_URL: smtp.url, PUBLIC_BASE_URL: BASE });
  ({ browser } = await launchBrowser());
  db = createDb(app.databaseUrl);
});

afterAll(async () => {
  await db?.destroy();
  await browser?.close();
  await app?.stop();
  await smtp?.close();
});

/** The path of the first link to `path` in a message to `email` (waits for the mail worker). */
async function linkInMail(email: string, path: RegExp): Promise<string> {
  const until = Date.now() + 60_000;
  for (;;) {
    for (const m of smtp.messages) {
      if (!m.to.includes(email)) continue;
      const found = m.text.match(new RegExp(`${BASE.replace(/\./g, '\\.')}(${path.source})`));
      if (found) return found[1];
    }
    if (Date.now() > until) throw new Error(`no message to ${email} with a link to ${path.source}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('assessment cycle journey', () => {
  it('admin opens a cycle for a department; the employee follows the e-mail link, rates and submits; the supervisor follows theirs and finalises; the dashboard moves; the employee follows the report link and acknowledges', async () => {
    // A department of one, reporting to the demo supervisor, with the demo password.
    const sup = await db('users').where({ email: 'supervisor@example.gov' }).first('id', 'password_hash');
    const cls = await createClassSpec(db, {
      title: 'E2E CYCLE ENGINEER',
      items: [
        { category: 'skill', name: 'ACTIVE LEARNING', text: 'Understand new information', requiredLevel: 3 },
        { category: 'competency', name: 'TEAMWORK', text: 'Works with others', requiredLevel: 3 },
      ],
    });
    await db('users').insert({
      email: 'cyclist@example.gov',
      display_name: 'Cy Cyclist',
      password_hash: sup.password_hash,
      supervisor_id: sup.id,
      department: 'E2E Cycles',
      job_class_id: cls.classSpecId,
      active: true,
      must_change_password: false,
    });

    const context = await newContext(browser);
    const page = await context.newPage();
    await signInAs(page, app.baseUrl, 'admin@example.gov');
    await page.goto(`${app.baseUrl}/admin/cycles/new`);
    await expectAccessible(page, 'new cycle');
    await page.getByRole('button', { name: 'Open the cycle' }).click();
    await expect.poll(() => page.getByText('There is a problem').count()).toBe(1);
    await expectAccessible(page, 'new cycle with errors');
    await page.getByLabel('Name').fill('E2E round');
    await page.getByLabel('A department', { exact: true }).check();
    await page.getByLabel('Department', { exact: true }).fill('E2E Cycles');
    await page.getByLabel("Each person's own job class").check();
    await page.getByLabel('Self-assessments due').fill('2099-01-31');
    await page.getByLabel('Reviews due').fill('2099-02-28');
    await page.getByRole('button', { name: 'Open the cycle' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Cycle: E2E round');
    await expectAccessible(page, 'cycle dashboard');
    const dashboard = page.url();
    const deptRow = () =>
      page
        .getByRole('row', { name: /^E2E Cycles/ })
        .first()
        .textContent();
    expect(await deptRow()).toContain('1 (100%)');
    await signOut(page);

    const draftLink = await linkInMail('cyclist@example.gov', /\/assessments\/\d+(?![\d/])/);
    await signInAs(page, app.baseUrl, 'cyclist@example.gov');
    await expectAccessible(page, 'employee home with a due item');
    expect(await page.getByRole('link', { name: 'Self-assessment for E2E CYCLE ENGINEER' }).count()).toBe(1);
    await page.goto(`${app.baseUrl}${draftLink}`);
    for (const group of await ratingGroups(page).all()) await group.getByLabel(/^3 – Intermediate/).check();
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await expect.poll(() => page.getByText(/submitted/i).count()).toBeGreaterThan(0);
    await signOut(page);

    const reviewLink = await linkInMail('supervisor@example.gov', /\/reviews\/\d+/);
    await signInAs(page, app.baseUrl, 'supervisor@example.gov');
    await expectAccessible(page, 'supervisor home with reviews due');
    expect(await page.getByRole('link', { name: /1 review for E2E round/ }).count()).toBe(1);
    await page.goto(`${app.baseUrl}${reviewLink}`);
    for (const name of [/ACTIVE LEARNING/, /TEAMWORK/]) {
      await page.getByRole('group', { name }).getByLabel('3 – Intermediate').check();
    }
    await page.getByRole('button', { name: 'Finalise review' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toMatch(/^Gap report: /);
    const cycleId = /\/admin\/cycles\/(\d+)/.exec(dashboard)![1];
    await page.goto(`${app.baseUrl}/team/cycles/${cycleId}`);
    await expectAccessible(page, 'supervisor cycle dashboard');
    await signOut(page);

    await signInAs(page, app.baseUrl, 'admin@example.gov');
    await page.goto(dashboard);
    // Not started, draft, submitted, returned: 0; reviewed: 1.
    expect(await deptRow()).toMatch(/0 \(0%\)\s*1 \(100%\)/);
    // Sent mail shows each message with its subject and the link it carries, e.g. the draft's.
    await page.getByRole('link', { name: 'Sent mail' }).first().click();
    await expect.poll(() => page.getByRole('link', { name: `${BASE}${draftLink}`, exact: true }).count()).toBe(1);
    expect(await page.getByRole('cell', { name: /^Cy Cyclist submitted a self-assessment for review/ }).count()).toBe(1);
    await expectAccessible(page, 'sent mail with subjects and links');
    await signOut(page);

    const reportLink = await linkInMail('cyclist@example.gov', /\/assessments\/\d+\/report/);
    expect(reportLink).toBe(`${draftLink}/report`);
    await signInAs(page, app.baseUrl, 'cyclist@example.gov');
    await page.goto(`${app.baseUrl}${reportLink}`);
    await expectAccessible(page, 'report before acknowledgement');
    await page.getByLabel('Comment (optional)').fill('I rate teamwork higher');
    await page.getByRole('button', { name: 'Acknowledge this result' }).click();
    await expect.poll(() => page.getByText('Cy Cyclist acknowledged this result on').count()).toBe(1);
    expect(await page.getByText('it does not mean you agree with it').count()).toBe(1);
    await expectAccessible(page, 'report after acknowledgement');
    await context.close();
  });
});
