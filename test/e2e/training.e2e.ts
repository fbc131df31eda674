import { describe, expect, it } from 'vitest';
import { expectAccessible, newContext, screenshot, signInAs, visit, useAppAndBrowser } from './harness';

const env = useAppAndBrowser();

describe('training staff journey', () => {
  it('reads training needs, sorts, downloads CSV and XLSX, sees effectiveness, and every page passes axe', async () => {
    const context = await newContext(env.browser);
    const page = await context.newPage();
    await signInAs(page, env.app.baseUrl, 'training@example.gov');
    await page.getByRole('link', { name: 'Training needs' }).first().click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Training needs');
    await expectAccessible(page, 'training needs');
    await screenshot(page, 'training-needs');
    const sortable = page.getByRole('link', { name: /^Share with a gap/ });
    if (await sortable.count()) {
      await sortable.click();
      await expect.poll(() => page.locator('th[aria-sort]').count()).toBe(1);
      await expectAccessible(page, 'training needs sorted');
      for (const name of ['Download CSV', 'Download XLSX']) {
        const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name }).click()]);
        expect(download.suggestedFilename()).toMatch(/^training-needs\.(csv|xlsx)$/);
      }
    }
    await page.goto(`${env.app.baseUrl}/training/needs?period=not-a-period`);
    await expect.poll(() => page.getByText('Choose a reporting period from the list').count()).toBeGreaterThan(0);
    await expectAccessible(page, 'training needs with a period not offered');
    await visit(page, `${env.app.baseUrl}/training/effectiveness`, 'training-effectiveness');
    await visit(page, `${env.app.baseUrl}/training/programs`, 'training-programs');
    await visit(page, `${env.app.baseUrl}/training/programs/new`, 'training-program-new');
    await page.getByRole('button', { name: 'Save program' }).click();
    await expect.poll(() => page.getByText('Enter a title').count()).toBeGreaterThan(0);
    await expectAccessible(page, 'new program with errors');
    await context.close();
  });

  // axe needs JavaScript in the page, so this journey checks behaviour only; the JS run above checks the same pages with axe.
  it('adds a program without JavaScript: filter keeps the ticks, errors are shown, then it saves', async () => {
    const context = await newContext(env.browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await signInAs(page, env.app.baseUrl, 'training@example.gov');
    await page.goto(`${env.app.baseUrl}/training/programs/new`);
    const boxes = page.locator('input[name="keys"]');
    const firstLabel = (await boxes.count()) ? await page.locator('.key-picker label[for^="key-"]').first().textContent() : null;
    if (firstLabel) await boxes.first().check();
    await page.getByLabel('Filter competencies').fill('zzzz-no-match');
    await page.getByRole('button', { name: 'Filter' }).click();
    if (firstLabel) expect(await page.locator('input[name="keys"]:checked').count()).toBe(1);
    await page.getByRole('button', { name: 'Save program' }).click();
    await expect.poll(() => page.getByText('Enter a title').count()).toBeGreaterThan(0);
    await page.getByLabel('Title').fill('Browser-made program');
    await page.getByLabel('Hours').fill('3');
    await page.getByRole('button', { name: 'Save program' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Browser-made program');
    await context.close();
  });
});
