import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { expectAccessible, launchBrowser, newContext, ROOT, screenshot, signInAs, startApp, type RunningApp } from './harness';

let app: RunningApp;
let browser: Browser;
let userDataDir: string;

beforeAll(async () => {
  app = await startApp();
  ({ browser, userDataDir } = await launchBrowser());
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true });
});

describe('class specification admin journey', () => {
  it('uploads a spec, previews it as a new version, confirms, edits a required level; every page passes axe', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await signInAs(page, app.baseUrl, 'admin@example.gov');
    await page.goto(`${app.baseUrl}/admin/class-specs`);
    expect(await page.getByRole('link', { name: 'IT ENGINEER', exact: true }).count()).toBe(1);
    await expectAccessible(page, 'class-spec catalogue');
    await screenshot(page, 'class-specs-catalogue');

    await page.getByRole('link', { name: 'Import class specification' }).click();
    await expectAccessible(page, 'import form');
    await page.getByLabel('Text of the class specification').fill('Pancakes\n\nMix and fry.');
    await page.getByRole('button', { name: 'Preview import' }).click();
    expect(await page.getByText(/Not a class specification/).count()).toBeGreaterThan(0);
    await expectAccessible(page, 'import form with error');

    await page.getByLabel('File').setInputFiles(path.join(ROOT, 'seeds/class-specs/it-engineer.txt'));
    await page.getByRole('button', { name: 'Preview import' }).click();
    await expect.poll(() => page.getByText('NEW VERSION 2').count()).toBe(1);
    await expectAccessible(page, 'import preview');
    await screenshot(page, 'class-specs-preview');
    await page.getByRole('button', { name: 'Confirm import' }).first().click();
    await expect.poll(() => page.getByText('Imported IT ENGINEER as version 2').count()).toBe(1);
    await expectAccessible(page, 'class page');

    const level = page.getByLabel(/Level 0–5 for SYSTEMS EVALUATION/);
    await level.fill('9');
    await level.locator('xpath=..').getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByText('Enter a whole number from 0 to 5').count()).toBeGreaterThan(0);
    await expectAccessible(page, 'class page with level error');
    await page.getByLabel(/Level 0–5 for SYSTEMS EVALUATION/).fill('5');
    await page.getByLabel(/Level 0–5 for SYSTEMS EVALUATION/).locator('xpath=..').getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByText(/changed from 3 to 5/).count()).toBe(1);

    await page.goto(`${app.baseUrl}/admin/class-specs/keys?q=judg`);
    await expectAccessible(page, 'merge keys');
    await context.close();
  });
});
