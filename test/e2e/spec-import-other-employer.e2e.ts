import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  expectAccessible,
  expectAccessibleAsServed,
  launchBrowser,
  newContext,
  ratingGroups,
  ROOT,
  screenshot,
  signInAs,
  signOut,
  startApp,
  type RunningApp,
} from './harness';

// Issue 19: another employer's HTML spec through the upload form, corrected in the preview and
// confirmed with JavaScript disabled (every correction is a plain form), then rated against.

const HTML_SPEC = path.join(ROOT, 'test/fixtures/class-specs/florida-state-university/program-assistant.html');
const CLASS = 'Program Assistant';

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

async function go(label: string, action: () => Promise<unknown>, shot?: string): Promise<void> {
  await action();
  await page.waitForLoadState();
  await expectAccessibleAsServed(page, checker, label);
  if (shot) await screenshot(page, `spec-import-${shot}`);
}

const seen = (text: string | RegExp) => expect.poll(() => page.getByText(text).count()).toBeGreaterThan(0);

describe('importing another employer’s class spec without JavaScript', () => {
  it('uploads an HTML spec, splits one statement, recategorises another, confirms, and an employee rates against it', async () => {
    await signInAs(page, app.baseUrl, 'admin@example.gov');
    await go('import form', () => page.goto(`${app.baseUrl}/admin/class-specs/import`));
    await page.getByLabel('File').setInputFiles(HTML_SPEC);
    await go('preview', () => page.getByRole('button', { name: 'Preview import' }).click(), 'preview');
    await seen(`Check the import: ${CLASS}`);
    await seen('NEW CLASS.');
    await seen('Read from program-assistant.html.');
    const before = await page.locator('li.draft-item').count();
    expect(before).toBe(10);

    // Split statement 3 ("gather, interpret, report, and use information …") after "report,".
    await page.getByText('Edit or split statement 3').click();
    const split = page.getByLabel('Split into several statements of statement 3');
    const text = await split.inputValue();
    const at = text.indexOf('report,') + 'report,'.length;
    await split.fill(`${text.slice(0, at)}\n${text.slice(at).trim()}`);
    await go('preview after a split', () => page.getByRole('button', { name: 'Split statement 3' }).click(), 'split');
    await seen('Preview updated.');
    expect(await page.locator('li.draft-item').count()).toBe(before + 1);

    // Statement 8 after the split (computer applications) is knowledge, not a behavioural competency.
    await page.getByText('Edit or split statement 8').click();
    await page.getByLabel('Category of statement 8').selectOption('knowledge');
    await go('preview after a category change', () => page.getByRole('button', { name: 'Save statement 8' }).click());
    await seen('Preview updated.');
    await expect.poll(() => page.locator('#item-7 .tag').textContent()).toBe('Knowledge');
    await seen('You made 2 corrections');

    await go('class page', () => page.getByRole('button', { name: 'Confirm import' }).first().click(), 'confirmed');
    await seen(`Imported ${CLASS} as version 1 (11 items).`);

    await signOut(page);
    await signInAs(page, app.baseUrl, 'priya@example.gov');
    await go('start an assessment', () => page.goto(`${app.baseUrl}/assessments/new`));
    await page.getByLabel('Search classes').fill('program assistant');
    await go('class search results', () => page.getByRole('button', { name: 'Search' }).click());
    await go('class preview', () => page.getByRole('link', { name: CLASS, exact: true }).click());
    await go('rating form', () => page.getByRole('button', { name: 'Start assessment' }).click(), 'rating-form');
    const groups = ratingGroups(page);
    expect(await groups.count()).toBe(11);
    await groups.nth(0).getByLabel('2 – Basic', { exact: true }).check();
    await go('draft saved', () => page.getByRole('button', { name: 'Save draft' }).click());
    await seen('Draft saved.');
    expect(await groups.nth(0).getByLabel('2 – Basic', { exact: true }).isChecked()).toBe(true);
  });

  it('uploads a CalHR series spec without JavaScript, keeps "one class per level" and gets a class per level; axe clean', async () => {
    const series = path.join(ROOT, 'test/fixtures/class-specs/state-of-california-calhr/personnel-specialist-series-1303.html');
    await signOut(page);
    await signInAs(page, app.baseUrl, 'admin@example.gov');
    await go('import form (series)', () => page.goto(`${app.baseUrl}/admin/class-specs/import`));
    await page.getByLabel('File').setInputFiles(series);
    await go('series preview', () => page.getByRole('button', { name: 'Preview import' }).click(), 'series-preview');
    await seen('This document is a class series of 2 levels:');
    await seen('Senior Personnel Specialist (18 statements), Personnel Supervisor I and Above (24 statements).');
    const perLevel = page
      .getByRole('group', { name: 'Import this series as' })
      .first()
      .getByLabel(/One class per level/);
    expect(await perLevel.isChecked()).toBe(true);
    await go('catalogue after the series', () => page.getByRole('button', { name: 'Confirm import' }).first().click(), 'series-confirmed');
    await seen(
      'Series Personnel Specialist Series imported one class per level: Senior Personnel Specialist as version 1 (18 items); Personnel Supervisor I and Above as version 1 (24 items).',
    );
    await go('series level class page', () =>
      page.getByRole('link', { name: 'Personnel Supervisor I and Above', exact: true }).first().click(),
    );
    await seen('Personnel Supervisor I and Above');
  });

  it('imports a competency framework file: template link, preview with a row error, a corrected file confirmed; axe clean', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-e2e-framework-'));
    const header = 'class_title,class_code,category,name,text,required_level,required_at_entry';
    const rows = [
      'Ballot Courier,BC-1,ability,,drive a county vehicle safely,3,yes',
      'Ballot Courier,BC-1,skill,CHAIN OF CUSTODY,Logs every ballot transfer,4,no',
    ];
    fs.writeFileSync(path.join(tmp, 'bad.csv'), [header, ...rows, 'Ballot Courier,BC-1,hobby,,collects stamps,3,no'].join('\n'));
    fs.writeFileSync(path.join(tmp, 'good.csv'), [header, ...rows].join('\n'));
    const admin = await (await newContext(browser)).newPage();
    admin.setDefaultTimeout(20_000);
    await signInAs(admin, app.baseUrl, 'admin@example.gov');
    await admin.goto(`${app.baseUrl}/admin/class-specs`);
    await admin.getByRole('link', { name: 'Import a competency framework' }).click();
    expect(await admin.getByRole('link', { name: 'Download the template (CSV)' }).count()).toBe(1);
    await expectAccessible(admin, 'framework import form');
    await admin.getByLabel(/File/).setInputFiles(path.join(tmp, 'bad.csv'));
    await admin.getByRole('button', { name: 'Upload and preview' }).click();
    await expect.poll(() => admin.getByText('category “hobby” is not one of').count()).toBe(1);
    expect(await admin.getByRole('button', { name: 'Confirm import' }).count()).toBe(0);
    await expectAccessible(admin, 'framework preview with a row error');
    await admin.getByRole('button', { name: 'Cancel' }).click();
    await admin.goto(`${app.baseUrl}/admin/class-specs/framework`);
    await admin.getByLabel(/File/).setInputFiles(path.join(tmp, 'good.csv'));
    await admin.getByRole('button', { name: 'Upload and preview' }).click();
    await expect.poll(() => admin.getByText('New class').count()).toBe(1);
    await expectAccessible(admin, 'framework preview');
    await screenshot(admin, 'spec-import-framework-preview');
    await admin.getByRole('button', { name: 'Confirm import' }).click();
    await expect.poll(() => admin.getByText('Framework imported: 1 new class, 0 new versions, 0 unchanged.').count()).toBe(1);
    expect(await admin.getByRole('link', { name: 'Ballot Courier', exact: true }).count()).toBe(1);
    fs.rmSync(tmp, { recursive: true, force: true });
  });
});
