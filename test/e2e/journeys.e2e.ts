import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, JSHandle, Locator, Page } from 'playwright-core';
import {
  download,
  expectAccessible,
  launchBrowser,
  newContext,
  pdfText,
  ratingGroups,
  ROOT,
  screenshot,
  signInAs,
  signOut,
  startApp,
  type RunningApp,
} from './harness';

// Journeys 1, 3 and 4 of issue 9 in one app, in order: the employee's assessment (journey 1) is the
// one the supervisor reviews (journey 3), and it then counts in the training needs (journey 4).

const CLASS = 'SENIOR SECURITY ENGINEER';
const EMPLOYEE = 'employee@example.gov';
const SUPERVISOR = 'supervisor@example.gov';

let app: RunningApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let reportUrl = '';

beforeAll(async () => {
  app = await startApp();
  ({ browser } = await launchBrowser());
  context = await newContext(browser);
  context.setDefaultTimeout(20_000);
  page = await context.newPage();
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await app?.stop();
});

async function go(label: string, action: () => Promise<unknown>, shot?: string): Promise<void> {
  await action();
  await page.waitForLoadState();
  await expectAccessible(page, label);
  if (shot) await screenshot(page, shot);
}

const flashText = (text: string) => expect.poll(() => page.getByText(text).count()).toBeGreaterThan(0);

/** The small committed images for the README: 1000 px wide, top of the page only. */
async function readmeShot(name: string, top?: Locator): Promise<void> {
  if (!process.env.UPDATE_README_SCREENSHOTS) return;
  await page.setViewportSize({ width: 1000, height: 760 });
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  if (top) await top.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  else await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(ROOT, 'docs', 'screenshots', `${name}.png`) });
  await page.setViewportSize({ width: 1280, height: 720 });
}

type FocusInfo = { type: string; name: string; value: string; checked: boolean; text: string; groupRated: boolean };
const focusInfo = () =>
  page.evaluate((): FocusInfo => {
    const el = document.activeElement as HTMLInputElement | null;
    const name = el?.getAttribute('name') ?? '';
    const group = el?.type === 'radio' ? (Array.from(document.getElementsByName(name)) as HTMLInputElement[]) : [];
    return {
      type: el?.tagName === 'INPUT' ? el.type : (el?.tagName ?? '').toLowerCase(),
      name,
      value: el?.value ?? '',
      checked: Boolean(el?.checked),
      text: (el?.textContent ?? '').trim(),
      groupRated: group.some((r) => r.checked),
    };
  });
type FocusStyle = { outlineStyle: string; outlineWidth: string; outlineColor: string; boxShadow: string };
const focusStyle = (h: JSHandle) =>
  h.evaluate((el): FocusStyle => {
    const s = getComputedStyle(el as Element);
    return { outlineStyle: s.outlineStyle, outlineWidth: s.outlineWidth, outlineColor: s.outlineColor, boxShadow: s.boxShadow };
  });

/** After focus moved on: the element showed an outline or shadow while focused that it does not show now. */
async function expectFocusWasVisible(kind: string, handle: JSHandle, focused: FocusStyle): Promise<void> {
  const after = await focusStyle(handle);
  const outline = focused.outlineStyle !== 'none' && parseFloat(focused.outlineWidth) >= 2;
  const shadow = focused.boxShadow !== 'none';
  expect(outline || shadow, `focus on the ${kind} is not visible: ${JSON.stringify(focused)}`).toBe(true);
  expect(after, `the focused ${kind} looks the same as an unfocused one`).not.toEqual(focused);
}

describe('employee, supervisor and training journeys (JavaScript on)', () => {
  it('journey 1: starts an assessment, saves a draft, signs out and back in, finds the same answers, rates the rest by keyboard only, submits', async () => {
    await signInAs(page, app.baseUrl, EMPLOYEE);
    await go('my assessments', () => page.getByRole('link', { name: 'My assessments' }).first().click(), 'my-assessments');
    await go('start an assessment', () => page.getByRole('link', { name: 'Start an assessment' }).click());
    await page.getByLabel('Search classes').fill('security engineer');
    await go('class search results', () => page.getByRole('button', { name: 'Search' }).click());
    await go('class preview', () => page.getByRole('link', { name: CLASS, exact: true }).click(), 'class-preview');
    await go('rating form', () => page.getByRole('button', { name: 'Start assessment' }).click(), 'rating-form');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain(CLASS);

    const groups = ratingGroups(page);
    const total = await groups.count();
    expect(total).toBeGreaterThan(10);
    const firstLevels = ['3 – Intermediate', '4 – Advanced', '2 – Basic'];
    for (let i = 0; i < firstLevels.length; i++) await groups.nth(i).getByLabel(firstLevels[i], { exact: true }).check();
    await groups
      .nth(0)
      .getByLabel(/Evidence or comment/)
      .fill('Led the SIEM roll-out for two departments.');
    await readmeShot('rating-form', page.getByRole('heading', { level: 2, name: 'Knowledge' }));
    await go('draft saved', () => page.getByRole('button', { name: 'Save draft' }).click());
    await flashText('Draft saved.');

    await signOut(page);
    await signInAs(page, app.baseUrl, EMPLOYEE);
    await page.getByRole('link', { name: 'My assessments' }).first().click();
    await expect.poll(() => page.getByRole('row').filter({ hasText: CLASS }).filter({ hasText: 'continue' }).count()).toBe(1);
    await go('draft reopened', () => page.getByRole('link', { name: CLASS, exact: true }).click());
    for (let i = 0; i < firstLevels.length; i++)
      expect(await groups.nth(i).getByLabel(firstLevels[i], { exact: true }).isChecked()).toBe(true);
    expect(
      await groups
        .nth(0)
        .getByLabel(/Evidence or comment/)
        .inputValue(),
    ).toBe('Led the SIEM roll-out for two departments.');
    expect(await groups.nth(3).getByRole('radio', { checked: true }).count()).toBe(0);

    // The rest with the keyboard only: Tab to each unrated item, Space picks "0 – None", arrow
    // keys move the choice up the scale, Tab on through the evidence box; Space on "Submit for review".
    const focusChecks = new Set<string>();
    let ratedByKeyboard = 0;
    let submitted = false;
    await page.getByRole('heading', { level: 1 }).click(); // start reading from the top, as a person would
    for (let presses = 0; presses < total * 4 + 80 && !submitted; presses++) {
      await page.keyboard.press('Tab');
      const el = await focusInfo();
      const handle = await page.evaluateHandle(() => document.activeElement);
      const style = await focusStyle(handle);
      const isSubmit = el.type === 'button' && el.text === 'Submit for review';
      if (el.type === 'radio' && !el.groupRated) {
        await page.keyboard.press('Space');
        expect(await focusInfo()).toMatchObject({ value: '0', checked: true });
        const target = ratedByKeyboard % 2 === 0 ? 3 : 4;
        for (let k = 0; k < target; k++) await page.keyboard.press('ArrowDown');
        expect(await focusInfo(), 'arrow keys select the next level').toMatchObject({ value: String(target), checked: true });
        ratedByKeyboard++;
      }
      const kind = isSubmit ? 'button' : el.type;
      if (['radio', 'textarea', 'button'].includes(kind) && !focusChecks.has(kind) && (kind !== 'button' || isSubmit)) {
        await page.keyboard.press('Tab');
        await expectFocusWasVisible(kind, handle, style);
        focusChecks.add(kind);
        await page.keyboard.press('Shift+Tab');
      }
      await handle.dispose();
      if (isSubmit) {
        expect(ratedByKeyboard).toBe(total - firstLevels.length);
        expect((await focusInfo()).text).toBe('Submit for review');
        await page.keyboard.press('Space');
        submitted = true;
      }
    }
    expect(submitted, 'reached "Submit for review" by Tab').toBe(true);
    expect([...focusChecks].sort()).toEqual(['button', 'radio', 'textarea']);
    await page.waitForLoadState();
    await flashText('Assessment submitted for review.');
    await expectAccessible(page, 'submitted assessment');
    await screenshot(page, 'assessment-submitted');
  });

  it('journey 3: supervisor rates and returns with a comment, employee resubmits, supervisor finalises; both read the report; CSV and PDF carry its readiness', async () => {
    await signOut(page);
    await signInAs(page, app.baseUrl, SUPERVISOR);
    await go('reviews', () => page.getByRole('link', { name: 'Reviews' }).first().click(), 'reviews');
    await go('review form', () => page.getByRole('link', { name: 'Review Erin Employee' }).click(), 'review-form');
    const reviewGroups = page.getByRole('group', { name: /^Your level for/ });
    const n = await reviewGroups.count();
    expect(n).toBeGreaterThan(10);
    await reviewGroups.nth(0).getByLabel('2 – Basic', { exact: true }).check();
    await reviewGroups.nth(1).getByLabel('4 – Advanced', { exact: true }).check();
    await readmeShot('review-form', page.getByRole('heading', { level: 2 }).first());
    const comment = 'Please add evidence for the cloud items before I finalise.';
    await page.getByLabel(/Comment for the employee when returning/).fill(comment);
    await go('reviews after return', () => page.getByRole('button', { name: 'Return to employee' }).click());
    await flashText('Assessment returned to the employee with your comment.');

    await signOut(page);
    await signInAs(page, app.baseUrl, EMPLOYEE);
    await page.getByRole('link', { name: 'My assessments' }).first().click();
    await go('returned draft', () => page.getByRole('link', { name: CLASS, exact: true }).click(), 'returned-draft');
    await flashText(comment);
    await ratingGroups(page)
      .nth(5)
      .getByLabel(/Evidence or comment/)
      .fill('Moved our workloads to the cloud landing zone.');
    await go('resubmitted', () => page.getByRole('button', { name: 'Submit for review' }).click());
    await flashText('Assessment submitted for review.');

    await signOut(page);
    await signInAs(page, app.baseUrl, SUPERVISOR);
    await page.getByRole('link', { name: 'Reviews' }).first().click();
    await go('review form again', () => page.getByRole('link', { name: 'Review Erin Employee' }).click());
    expect(await reviewGroups.nth(0).getByLabel('2 – Basic', { exact: true }).isChecked()).toBe(true);
    for (let i = 2; i < n; i++)
      await reviewGroups
        .nth(i)
        .getByLabel(i % 3 === 0 ? '2 – Basic' : '4 – Advanced', { exact: true })
        .check();
    await go('gap report (supervisor)', () => page.getByRole('button', { name: 'Finalise review' }).click(), 'gap-report');
    await flashText('Review finalised. The assessment is now read-only.');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Gap report: Erin Employee');
    reportUrl = page.url();
    const readiness = await readinessShown(page);
    await readmeShot('gap-report');

    const csv = (await download(page, 'Download CSV')).toString('utf8');
    expect(csv).toMatch(new RegExp(`^Readiness \\(%\\),${readiness}\\r?$`, 'm'));
    const pdf = await download(page, 'Download PDF');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(await pdfText(pdf)).toContain(`Readiness: ${readiness}%`);

    await signOut(page);
    await signInAs(page, app.baseUrl, EMPLOYEE);
    await page.getByRole('link', { name: 'My assessments' }).first().click();
    await page.getByRole('link', { name: CLASS, exact: true }).click();
    await go('gap report (employee)', () => page.getByRole('link', { name: 'Gap report' }).click(), 'gap-report-employee');
    expect(page.url()).toBe(reportUrl);
    expect(await readinessShown(page)).toBe(readiness);
    expect((await download(page, 'Download CSV')).toString('utf8')).toContain(`Readiness (%),${readiness}`);
  });

  it('journey 4: training staff see training needs, filter by class and download the CSV', async () => {
    await signOut(page);
    await signInAs(page, app.baseUrl, 'training@example.gov');
    await go('training needs', () => page.getByRole('link', { name: 'Training needs' }).first().click(), 'training-needs');
    await page.getByLabel('Class', { exact: true }).selectOption({ label: CLASS });
    await go('training needs for one class', () => page.getByRole('button', { name: 'Apply filters' }).click(), 'training-needs-filtered');
    expect(await page.getByLabel('Class', { exact: true }).inputValue()).not.toBe('');
    const table = page.getByRole('table', { name: /Training needs by competency/ });
    const rows = await table.getByRole('row').count();
    expect(rows).toBeGreaterThan(2);
    const csv = (await download(page, 'Download CSV')).toString('utf8');
    const records: string[][] = parse(csv.replace(/^\uFEFF/, ''), { relax_column_count: true });
    expect(records.length).toBe(rows); // one header line plus one line per competency, as on the page
    const firstCompetency = (await table.getByRole('row').nth(1).getByRole('rowheader').textContent())!
      .replace(/\s*\([^)]*\)\s*$/, '')
      .trim();
    expect(csv).toContain(firstCompetency.slice(0, 30));
  });
});

async function readinessShown(p: Page): Promise<string> {
  const text = await p
    .getByRole('listitem')
    .filter({ hasText: /^Readiness/ })
    .textContent();
  const m = /Readiness\s*(\d+(?:\.\d+)?)%/.exec(text ?? '');
  expect(m, `readiness figure on ${p.url()}`).not.toBeNull();
  return m![1];
}

// Keep the README images in step: UPDATE_README_SCREENSHOTS=1 npm run test:e2e -- journeys
if (process.env.UPDATE_README_SCREENSHOTS) fs.mkdirSync(path.join(ROOT, 'docs', 'screenshots'), { recursive: true });
