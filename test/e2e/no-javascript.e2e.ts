import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  expectAccessibleAsServed,
  launchBrowser,
  newContext,
  ratingGroups,
  screenshot,
  signInAs,
  signOut,
  startApp,
  type RunningApp,
} from './harness';

// Journey 2 of issue 9 (journey 1 with JavaScript disabled) and the over-long evidence of journey 6:
// without JavaScript only the server validates, so its message and the kept text are what people get.

const CLASS = 'SENIOR SECURITY ENGINEER';
const EMPLOYEE = 'priya@example.gov';

let app: RunningApp;
let browser: Browser;
let noJs: BrowserContext;
let page: Page;
let checker: Page;

beforeAll(async () => {
  app = await startApp();
  ({ browser } = await launchBrowser());
  noJs = await newContext(browser, { javaScriptEnabled: false });
  noJs.setDefaultTimeout(20_000);
  page = await noJs.newPage();
  checker = await (await newContext(browser)).newPage();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

/** Acts, then checks with axe what the JavaScript-free page was served. */
async function go(label: string, action: () => Promise<unknown>, shot?: string): Promise<void> {
  await action();
  await page.waitForLoadState();
  await expectAccessibleAsServed(page, checker, label);
  if (shot) await screenshot(page, `nojs-${shot}`);
}

const seen = (text: string | RegExp) => expect.poll(() => page.getByText(text).count()).toBeGreaterThan(0);

describe('self-assessment without JavaScript', () => {
  it('journey 2 and over-long evidence: draft kept across sign-out, a clear message for 2,001 characters with the text kept, then submitted', async () => {
    await signInAs(page, app.baseUrl, EMPLOYEE);
    await go('home', () => Promise.resolve());
    await go('my assessments', () => page.getByRole('link', { name: 'My assessments' }).first().click());
    await go('start an assessment', () => page.getByRole('link', { name: 'Start an assessment' }).click());
    await page.getByLabel('Search classes').fill('senior security');
    await go('class search results', () => page.getByRole('button', { name: 'Search' }).click());
    await go('class preview', () => page.getByRole('link', { name: CLASS, exact: true }).click());
    await go('rating form', () => page.getByRole('button', { name: 'Start assessment' }).click(), 'rating-form');

    const groups = ratingGroups(page);
    const total = await groups.count();
    await groups.nth(0).getByLabel('1 – Awareness', { exact: true }).check();
    await groups.nth(1).getByLabel('5 – Expert', { exact: true }).check();
    const tooLong = 'I ran the incident response rota for a year. '.repeat(45).slice(0, 2001);
    expect(tooLong.length).toBe(2001);
    const evidence = groups.nth(1).getByLabel(/Evidence or comment/);
    await evidence.fill(tooLong);
    expect((await evidence.inputValue()).length).toBe(2001);
    await go('form with over-long evidence', () => page.getByRole('button', { name: 'Save draft' }).click(), 'evidence-too-long');
    await seen('There is a problem');
    await seen(/must be 2,000 characters or fewer \(it has 2,001\)/);
    expect(await evidence.inputValue()).toBe(tooLong);
    expect(await groups.nth(1).getByLabel('5 – Expert', { exact: true }).isChecked()).toBe(true);
    expect(await groups.nth(0).getByLabel('1 – Awareness', { exact: true }).isChecked()).toBe(true);

    const shorter = tooLong.slice(0, 1990).trimEnd();
    await evidence.fill(shorter);
    await go('draft saved', () => page.getByRole('button', { name: 'Save draft' }).click());
    await seen('Draft saved.');

    await signOut(page);
    await signInAs(page, app.baseUrl, EMPLOYEE);
    await page.getByRole('link', { name: 'My assessments' }).first().click();
    await go('draft reopened', () => page.getByRole('link', { name: CLASS, exact: true }).click());
    expect(await groups.nth(0).getByLabel('1 – Awareness', { exact: true }).isChecked()).toBe(true);
    expect(await groups.nth(1).getByLabel('5 – Expert', { exact: true }).isChecked()).toBe(true);
    expect(await evidence.inputValue()).toBe(shorter);

    await go('form with items missing', () => page.getByRole('button', { name: 'Submit for review' }).click(), 'items-missing');
    await seen(`You cannot submit yet: ${total - 2} items are not rated. Everything else you entered has been saved.`);
    for (let i = 2; i < total; i++)
      await groups
        .nth(i)
        .getByLabel(i % 2 ? '2 – Basic' : '3 – Intermediate', { exact: true })
        .check();
    await go('submitted', () => page.getByRole('button', { name: 'Submit for review' }).click(), 'submitted');
    await seen('Assessment submitted for review.');
  });
});

describe('assessment cycles without JavaScript', () => {
  it('the admin opens a cycle for a demo department and sees its mail; the employee finds the draft; the supervisor sees their people; a password link is asked for', async () => {
    // A fresh JavaScript-free browser of its own, signed in as nobody.
    const fresh = await newContext(browser, { javaScriptEnabled: false });
    fresh.setDefaultTimeout(20_000);
    page = await fresh.newPage();
    await signInAs(page, app.baseUrl, 'admin@example.gov');
    await go('cycles', () => page.getByRole('link', { name: 'Cycles', exact: true }).first().click());
    await go('new cycle', () => page.getByRole('link', { name: 'Open a cycle' }).click());
    await go('new cycle with errors', () => page.getByRole('button', { name: 'Open the cycle' }).click());
    await seen('There is a problem');
    await page.getByLabel('Name').fill('Infrastructure round');
    await page.getByLabel('A department', { exact: true }).check();
    await page.getByLabel('Department', { exact: true }).fill('Infrastructure');
    await page.getByLabel("Each person's own job class").check();
    await page.getByLabel('Self-assessments due').fill('2099-01-31');
    await page.getByLabel('Reviews due').fill('2099-02-28');
    await go('cycle dashboard', () => page.getByRole('button', { name: 'Open the cycle' }).click(), 'cycle-dashboard');
    await seen('2 people with a draft from this cycle');
    await seen('2 people were skipped.');
    await go('cycle dashboard sorted', () => page.getByRole('link', { name: 'People' }).first().click());
    await go('sent mail', () => page.getByRole('link', { name: 'Sent mail' }).first().click());
    expect(await page.getByRole('cell', { name: 'cycle.opened' }).count()).toBe(2);
    await signOut(page);

    await signInAs(page, app.baseUrl, 'demo.employee09@example.gov');
    await go('home with a self-assessment due', () => Promise.resolve());
    await go('cycle draft', () => page.getByRole('link', { name: 'Self-assessment for SENIOR SECURITY ENGINEER' }).click());
    expect(await ratingGroups(page).count()).toBeGreaterThan(10);
    await go('account', () => page.getByRole('link', { name: 'Your account' }).first().click());
    await page.getByLabel('One daily summary e-mail').check();
    await go('mail preference saved', () => page.getByRole('button', { name: 'Save preference' }).click());
    await seen('You will get one daily summary of notifications.');
    await signOut(page);

    await signInAs(page, app.baseUrl, 'director@example.gov');
    await go('cycles of my people', () => page.getByRole('link', { name: 'Cycle progress' }).first().click());
    await go('cycle progress of my people', () => page.getByRole('link', { name: 'Infrastructure round' }).click());
    await seen('2 people with a draft from this cycle among your people');
    await signOut(page);

    await go('forgot password', () => page.getByRole('link', { name: 'Forgot your password?' }).click());
    await page.getByLabel('Email').fill('demo.employee10@example.gov');
    await go('password link sent', () => page.getByRole('button', { name: 'Send me a link' }).click());
    await seen('Check your email');
    await fresh.close();
  });
});
