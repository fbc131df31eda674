import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createDb } from '../../src/db/db';
import { createAssessment, createClassSpec } from '../helpers/factories';
import { expectAccessible, launchBrowser, newContext, screenshot, signInAs, signOut, startApp, type RunningApp } from './harness';

let app: RunningApp;
let browser: Browser;
let db: Knex;

beforeAll(async () => {
  app = await startApp();
  ({ browser } = await launchBrowser());
  db = createDb(app.databaseUrl);
});

afterAll(async () => {
  await db?.destroy();
  await browser?.close();
  await app?.stop();
});

describe('review and report journey', () => {
  it('supervisor reviews and finalises; employee and director see the same accessible report; team view passes axe', async () => {
    // The self-assessment flow belongs to another feature: the submitted assessment is inserted directly.
    const employee = await db('users').where({ email: 'employee@example.gov' }).first('id');
    const cls = await createClassSpec(db, {
      title: 'E2E SECURITY ENGINEER',
      items: [
        { category: 'knowledge', text: 'network security principles', requiredLevel: 4, requiredAtEntry: true },
        { category: 'skill', name: 'ACTIVE LEARNING', text: 'Understand new information', requiredLevel: 3 },
        { category: 'competency', name: 'TEAMWORK', text: 'Works with others', requiredLevel: 3 },
      ],
    });
    const id = await createAssessment(db, {
      employeeId: employee.id,
      cls,
      status: 'submitted',
      self: [2, 3, 4],
      evidence: ['Ran the firewall migration'],
    });

    const context = await newContext(browser);
    const page = await context.newPage();
    await signInAs(page, app.baseUrl, 'supervisor@example.gov');
    await page.goto(`${app.baseUrl}/reviews`);
    await expectAccessible(page, 'reviews');
    await page.getByRole('link', { name: 'Review Erin Employee' }).click();
    await expectAccessible(page, 'review form');
    await page
      .getByRole('group', { name: /network security principles/ })
      .getByLabel('3 – Intermediate')
      .check();
    await page.getByRole('button', { name: 'Finalise review' }).click();
    await expect.poll(() => page.getByText('There is a problem').count()).toBe(1);
    await expectAccessible(page, 'review form with errors');
    await page
      .getByRole('group', { name: /ACTIVE LEARNING/ })
      .getByLabel('3 – Intermediate')
      .check();
    await page
      .getByRole('group', { name: /TEAMWORK/ })
      .getByLabel('1 – Awareness')
      .check();
    await page.getByRole('button', { name: 'Finalise review' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toMatch(/^Gap report: /);
    await expectAccessible(page, 'report (supervisor)');
    await screenshot(page, 'gap-report');
    const readiness = await page.locator('.summary-figures li').first().textContent();
    await page.emulateMedia({ media: 'print' });
    await screenshot(page, 'gap-report-print');
    await page.emulateMedia({ media: 'screen' });
    await page.goto(`${app.baseUrl}/team?class=${cls.classSpecId}`);
    await expectAccessible(page, 'team');
    expect(await page.locator('td.heat-gap-2').first().textContent()).toBe('1 (gap 2)');
    await signOut(page);

    for (const email of ['employee@example.gov', 'director@example.gov']) {
      await signInAs(page, app.baseUrl, email);
      await page.goto(`${app.baseUrl}/assessments/${id}/report`);
      expect(await page.locator('.summary-figures li').first().textContent()).toBe(readiness);
      await expectAccessible(page, `report (${email})`);
      await signOut(page);
    }
    await context.close();
  });
});
