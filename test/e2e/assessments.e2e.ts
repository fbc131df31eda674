import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { expectAccessible, launchBrowser, newContext, signInAs, startApp, type RunningApp } from './harness';

let app: RunningApp;
let browser: Browser;

// axe runs through page.evaluate, which never returns in a context with JavaScript disabled.
async function startFor(page: Page, search: string, title: string, axe = true): Promise<void> {
  const check = (label: string) => (axe ? expectAccessible(page, label) : Promise.resolve());
  await page.goto(`${app.baseUrl}/assessments`);
  await check('my assessments');
  await page.getByRole('link', { name: 'Start an assessment' }).click();
  await page.getByLabel('Search classes').fill(search);
  await page.getByRole('button', { name: 'Search' }).click();
  await check('class search');
  await page.getByRole('link', { name: title, exact: true }).click();
  await check('class preview');
  await page.getByRole('button', { name: 'Start assessment' }).click();
  await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(`Self-assessment: ${title}`);
}

async function rateAll(page: Page, level: number): Promise<void> {
  const groups = page.locator('fieldset.rating-item');
  const n = await groups.count();
  for (let i = 0; i < n; i++)
    await groups
      .nth(i)
      .getByLabel(new RegExp(`^${level} – `))
      .check();
}

beforeAll(async () => {
  app = await startApp();
  ({ browser } = await launchBrowser());
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('self-assessment journeys', () => {
  it('with JavaScript: starts, autosaves, leaves and comes back, finishes and submits', async () => {
    const title = 'SENIOR SECURITY ENGINEER'; // from the demo catalogue
    const context = await newContext(browser);
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    await signInAs(page, app.baseUrl, 'employee@example.gov');
    await startFor(page, 'security engineer', title);
    await expectAccessible(page, 'rating form');
    const first = page.locator('fieldset.rating-item').first();
    await first.getByLabel(/^3 – Intermediate/).check();
    await first.getByLabel(/Evidence or comment/).fill('Designed the SCADA monitoring rollout');
    await expect
      .poll(
        () =>
          page
            .getByRole('status')
            .filter({ hasText: /Saved|Saving|Not saved/ })
            .textContent(),
        { timeout: 10_000 },
      )
      .toBe('Saved');
    await expect.poll(() => page.locator('[data-rated-total]').textContent()).toBe('1');
    // Leave without pressing a button, come back: the autosaved entry is there.
    await page.goto(`${app.baseUrl}/assessments`);
    await page.getByRole('link', { name: title, exact: true }).click();
    const again = page.locator('fieldset.rating-item').first();
    expect(await again.getByLabel(/^3 – Intermediate/).isChecked()).toBe(true);
    expect(await again.getByLabel(/Evidence or comment/).inputValue()).toBe('Designed the SCADA monitoring rollout');
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'There is a problem' }).count()).toBe(1);
    await expectAccessible(page, 'form with missing items');
    await rateAll(page, 4);
    // Let the background saves of all those clicks finish ("Saved"), as a person would see, before submitting.
    await expect
      .poll(
        () =>
          page
            .getByRole('status')
            .filter({ hasText: /Saved|Saving|Not saved/ })
            .textContent(),
        { timeout: 30_000 },
      )
      .toBe('Saved');
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await expect.poll(() => page.getByText('Assessment submitted for review.').count()).toBe(1);
    await expectAccessible(page, 'submitted assessment');
    await context.close();
  });

  it('without JavaScript: saves a partial draft, is told what is missing, then submits', async () => {
    const title = 'IT ENGINEER'; // from the demo catalogue
    const context = await newContext(browser, { javaScriptEnabled: false });
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    await signInAs(page, app.baseUrl, 'employee@example.gov');
    await startFor(page, 'it engineer', title, false);
    const groups = page.locator('fieldset.rating-item');
    const total = await groups.count();
    await groups
      .nth(0)
      .getByLabel(/^2 – Basic/)
      .check();
    await groups
      .nth(1)
      .getByLabel(/^5 – Expert/)
      .check();
    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect.poll(() => page.getByText('Draft saved.').count()).toBe(1);
    expect(await page.locator('.progress-overall').textContent()).toContain(`2 of ${total} rated`);
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'There is a problem' }).count()).toBe(1);
    expect(await page.locator('.error-summary a').count()).toBe(total - 2);
    expect(
      await page
        .locator('fieldset.rating-item')
        .nth(1)
        .getByLabel(/^5 – Expert/)
        .isChecked(),
    ).toBe(true);
    await rateAll(page, 3);
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await expect.poll(() => page.getByText('Assessment submitted for review.').count()).toBe(1);
    await context.close();
  });
});
