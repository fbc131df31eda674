import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { expectAccessible, launchBrowser, newContext, ROOT, screenshot, signInAs, startApp, type RunningApp } from './harness';

let app: RunningApp;
let browser: Browser;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-e2e-specs-'));

beforeAll(async () => {
  app = await startApp();
  ({ browser } = await launchBrowser());
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
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
    expect(await page.getByLabel('Text of the class specification').inputValue()).toBe('Pancakes\n\nMix and fry.');
    await expectAccessible(page, 'import form with error');

    // Journey 6: a file that is not a class spec (a recipe) gets a message at the File field.
    const recipe = path.join(tmp, 'pancake-recipe.txt');
    fs.writeFileSync(
      recipe,
      'Pancakes\n\nIngredients\n- 2 eggs\n- 250 ml milk\n- 125 g flour\n\nWhisk, rest for 30 minutes, fry in butter.\n',
    );
    await page.getByLabel('Text of the class specification').fill('');
    await page.getByLabel('File').setInputFiles(recipe);
    await page.getByRole('button', { name: 'Preview import' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'There is a problem' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: /Not a class specification: no CLASS TITLE/ }).count()).toBe(1);
    expect(await page.getByLabel('File').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'import form with a recipe file');
    await screenshot(page, 'class-specs-not-a-spec');

    // The demo catalogue already holds this very file: nothing to import, only Cancel.
    await page.getByLabel('File').setInputFiles(path.join(ROOT, 'seeds/class-specs/it-engineer.txt'));
    await page.getByRole('button', { name: 'Preview import' }).click();
    await expect.poll(() => page.getByText('ALREADY IN THE CATALOGUE.').count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Confirm import' }).count()).toBe(0);
    await expectAccessible(page, 'import preview of an identical file');
    await page.getByRole('button', { name: 'Cancel' }).first().click();
    await expect.poll(() => page.getByText('Import cancelled. Nothing was stored.').count()).toBe(1);

    // A revised text of the same class: a new version.
    const revised = path.join(tmp, 'it-engineer-revised.txt');
    fs.writeFileSync(
      revised,
      fs
        .readFileSync(path.join(ROOT, 'seeds/class-specs/it-engineer.txt'), 'utf8')
        .replace('performs related duties as required', 'performs related duties as assigned'),
    );
    await page.goto(`${app.baseUrl}/admin/class-specs/import`);
    await page.getByLabel('File').setInputFiles(revised);
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
    await page
      .getByLabel(/Level 0–5 for SYSTEMS EVALUATION/)
      .locator('xpath=..')
      .getByRole('button', { name: 'Save' })
      .click();
    await expect.poll(() => page.getByText(/changed from 3 to 5/).count()).toBe(1);

    await page.goto(`${app.baseUrl}/admin/class-specs/keys?q=judg`);
    await expectAccessible(page, 'merge keys');

    // A merge asks first; Cancel goes back with the two keys still chosen.
    await page.goto(`${app.baseUrl}/admin/class-specs/keys`);
    const options = await page
      .locator('#fromId option')
      .evaluateAll((os) => os.map((o) => ({ value: (o as HTMLOptionElement).value, text: o.textContent ?? '' })));
    const skills = options.filter((o) => o.value && o.text.includes('(skill,'));
    expect(skills.length).toBeGreaterThan(1);
    await page.getByLabel('Merge this key away').selectOption(skills[0].value);
    await page.getByLabel('Into this key (kept)').selectOption(skills[1].value);
    await page.getByRole('button', { name: 'Merge keys' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Merge these keys?' }).count()).toBe(1);
    await expectAccessible(page, 'merge confirmation');
    await page.getByRole('link', { name: 'Cancel' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Merge competency keys' }).count()).toBe(1);
    expect(await page.getByLabel('Merge this key away').inputValue()).toBe(skills[0].value);
    expect(await page.getByLabel('Into this key (kept)').inputValue()).toBe(skills[1].value);
    await context.close();
  });

  it('journey 5: imports a new class from a file, previews, confirms, and finds it in the catalogue and among the classes to assess against', async () => {
    const file = path.join(tmp, 'cloud-platform-engineer.txt');
    const source = fs.readFileSync(path.join(ROOT, 'seeds/class-specs/it-engineer.txt'), 'utf8');
    fs.writeFileSync(
      file,
      source.replace('CLASS TITLE: IT ENGINEER', 'CLASS TITLE: CLOUD PLATFORM ENGINEER').replace('Code: 06A3', 'Code: 06A9'),
    );
    const context = await newContext(browser);
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await signInAs(page, app.baseUrl, 'admin@example.gov');
    await page.goto(`${app.baseUrl}/admin/class-specs`);
    expect(await page.getByRole('link', { name: 'CLOUD PLATFORM ENGINEER', exact: true }).count()).toBe(0);
    await page.getByRole('link', { name: 'Import class specification' }).click();
    await page.getByLabel('File').setInputFiles(file);
    await page.getByRole('button', { name: 'Preview import' }).click();
    await expect.poll(() => page.getByText('NEW CLASS.').count()).toBe(1);
    expect(await page.getByText(/Confirming adds CLOUD PLATFORM ENGINEER to the catalogue as version 1/).count()).toBe(1);
    await expectAccessible(page, 'preview of a new class');
    await page.getByRole('button', { name: 'Confirm import' }).first().click();
    await expect.poll(() => page.getByText(/Imported CLOUD PLATFORM ENGINEER as version 1/).count()).toBe(1);
    await expectAccessible(page, 'new class page');

    await page.getByRole('link', { name: 'All class specifications' }).click();
    await page.waitForLoadState();
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'CLOUD PLATFORM ENGINEER', exact: true }) });
    expect(await row.count()).toBe(1);
    expect(await row.getByRole('cell').allTextContents()).toContain('1');
    await expectAccessible(page, 'catalogue with the new class');
    await screenshot(page, 'class-specs-catalogue-new');

    // Employees can now choose it as a target class.
    await page.goto(`${app.baseUrl}/assessments/new?q=cloud+platform`);
    expect(await page.getByRole('link', { name: 'CLOUD PLATFORM ENGINEER', exact: true }).count()).toBe(1);
    await context.close();
  });

  it('issue 20: finds a class by the job family its document states, sets one by hand, and merges a name listed under two categories, by keyboard at 320 px', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await page.setViewportSize({ width: 320, height: 800 });
    const noSideways = async (what: string) =>
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `${what} scrolls sideways`).toBeLessThanOrEqual(320);
    await signInAs(page, app.baseUrl, 'admin@example.gov');

    // CISO's document says "This class is assigned to the Leadership Technology Job Family".
    await page.goto(`${app.baseUrl}/assessments/new`);
    await page.getByLabel('Search classes').fill('leadership technology');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('link', { name: 'CHIEF INFORMATION SECURITY OFFICER (CISO)', exact: true }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'IT ENGINEER', exact: true }).count()).toBe(0);
    await expectAccessible(page, 'class search by job family');
    await noSideways('class search');

    // The family set by hand on the class page (here: changed).
    await page.goto(`${app.baseUrl}/admin/class-specs`);
    await page.getByRole('link', { name: 'IT ENGINEER', exact: true }).click();
    const family = page.getByLabel('Job family');
    expect(await family.inputValue()).toBe('Information Technology');
    await family.fill('Cloud Engineering');
    await family.press('Enter');
    await expect.poll(() => page.getByText('Job family set to Cloud Engineering.').count()).toBe(1);
    await expectAccessible(page, 'class page after setting the family');
    await page.goto(`${app.baseUrl}/assessments/new?q=cloud+engineering`);
    expect(await page.getByRole('link', { name: 'IT ENGINEER', exact: true }).count()).toBe(1);

    // ANALYTICAL THINKING is a skill in IT ENGINEER and CISO, a competency in SENIOR SECURITY ENGINEER.
    await page.goto(
      `${app.baseUrl}/classes/compare?from=${await classId(page, 'IT ENGINEER')}&to=${await classId(page, 'SENIOR SECURITY ENGINEER')}`,
    );
    expect(
      await page
        .locator('#only-target + div, #only-source + div')
        .getByRole('rowheader', { name: 'ANALYTICAL THINKING', exact: true })
        .count(),
    ).toBe(2);
    await page.goto(`${app.baseUrl}/admin/class-specs/keys`);
    await page.getByRole('link', { name: 'Names under two categories' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Same name in two categories', level: 1 }).count()).toBe(1);
    expect(await page.getByRole('heading', { name: 'ANALYTICAL THINKING', level: 2 }).count()).toBe(1);
    await expectAccessible(page, 'names under two categories');
    await noSideways('names under two categories');
    await screenshot(page, 'class-specs-same-name');
    await page.getByRole('button', { name: 'Merge the competency key into the skill key (ANALYTICAL THINKING)' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByText('Merged ANALYTICAL THINKING into ANALYTICAL THINKING (1 item moved).').count()).toBe(1);
    expect(await page.getByRole('heading', { name: 'ANALYTICAL THINKING', level: 2 }).count()).toBe(0);
    await expectAccessible(page, 'names under two categories after a merge');

    await page.goto(
      `${app.baseUrl}/classes/compare?from=${await classId(page, 'IT ENGINEER')}&to=${await classId(page, 'SENIOR SECURITY ENGINEER')}`,
    );
    expect(
      await page
        .locator('#only-target + div, #only-source + div')
        .getByRole('rowheader', { name: 'ANALYTICAL THINKING', exact: true })
        .count(),
    ).toBe(0);
    expect(
      await page.getByRole('row', { name: /ANALYTICAL THINKING Competencies \(under Skills in IT ENGINEER\)/ }).count(),
    ).toBeGreaterThan(0);
    await expectAccessible(page, 'comparison after the merge');
    await noSideways('comparison');
    await context.close();
  });

  it('says the document is being read and takes no second press while the server reads it (issue 20.10)', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await signInAs(page, app.baseUrl, 'admin@example.gov');
    await page.goto(`${app.baseUrl}/admin/class-specs/import`);
    const status = page.locator('form[data-progress] [role=status]');
    expect(await status.textContent()).toBe('');
    // Stand-in for a slow server: the page stays as it is after the press, and every submit the
    // page's own script let through (did not cancel) is counted.
    await page.evaluate(() => {
      const w = window as unknown as { sent: number };
      w.sent = 0;
      document.querySelector('form[data-progress]')!.addEventListener('submit', (e) => {
        if (!e.defaultPrevented) w.sent += 1;
        e.preventDefault();
      });
    });
    await page.getByLabel('File').setInputFiles(path.join(ROOT, 'seeds/class-specs/senior-security-engineer.txt'));
    const button = page.getByRole('button', { name: 'Preview import' });
    await button.click();
    expect(await status.textContent()).toBe('Reading the document… this can take a few seconds.');
    expect(await status.getAttribute('aria-live')).toBe('polite');
    await expect.poll(() => button.isDisabled()).toBe(true);
    expect(await page.locator('form[data-progress]').getAttribute('aria-busy')).toBe('true');
    await expectAccessible(page, 'import form while reading');
    // Enter in the form again: the script cancels it.
    await page.evaluate(() => document.querySelector<HTMLFormElement>('form[data-progress]')!.requestSubmit());
    expect(await page.evaluate(() => (window as unknown as { sent: number }).sent)).toBe(1);
    await context.close();
  });
});

/** A class's id, read from the compare page's list of classes. */
async function classId(page: import('playwright-core').Page, title: string): Promise<string> {
  if (!page.url().includes('/classes/compare')) await page.goto(new URL('/classes/compare', page.url()).href);
  const options = await page
    .locator('#from option')
    .evaluateAll((os) => os.map((o) => ({ value: (o as HTMLOptionElement).value, text: (o.textContent ?? '').trim() })));
  return options.find((o) => o.text === title)?.value ?? '';
}
