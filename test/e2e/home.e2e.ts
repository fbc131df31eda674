/// <reference lib="dom" />
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccessible, expectFocusVisible, newContext, ROOT, screenshot, signInAs, useAppAndBrowser } from './harness';

// Issue 20 point 6: each demo role's home page shows that role's own figures (not the navigation
// again); every figure links to its full page, which agrees with it; every link is reachable by
// keyboard with visible focus; nothing scrolls sideways at 320 px; axe (WCAG 2.2 AA) is clean.

const env = useAppAndBrowser();

const ROLES = [
  { email: 'employee@example.gov', sections: ['Your development'], absent: ['Your team', 'Training', 'Administration'] },
  { email: 'supervisor@example.gov', sections: ['Your development', 'Your team'], absent: ['Training', 'Administration'] },
  { email: 'training@example.gov', sections: ['Your development', 'Training'], absent: ['Your team', 'Administration'] },
  { email: 'admin@example.gov', sections: ['Your development', 'Administration'], absent: ['Your team', 'Training'] },
];

async function withPage<T>(email: string, run: (page: Page) => Promise<T>): Promise<T> {
  const context = await newContext(env.browser);
  const page = await context.newPage();
  try {
    await signInAs(page, env.app.baseUrl, email);
    return await run(page);
  } finally {
    await context.close();
  }
}

const sectionHeadings = (page: Page) => page.getByRole('heading', { level: 2 }).allTextContents();

/** Tabs from the top of the page: every link and scrolling region of the dashboard gets focus, visibly. */
async function expectEveryDashboardControlReachable(page: Page, label: string): Promise<void> {
  const total = await page.locator('.home-section a, .home-section [tabindex="0"]').count();
  expect(total, `${label}: dashboard controls`).toBeGreaterThan(0);
  await page.getByRole('heading', { level: 1 }).click();
  const reached = new Set<number>();
  for (let i = 0; i < total + 40 && reached.size < total; i++) {
    await page.keyboard.press('Tab');
    const index = await page.evaluate(() =>
      Array.from(document.querySelectorAll('.home-section a, .home-section [tabindex="0"]')).indexOf(document.activeElement as Element),
    );
    if (index >= 0 && !reached.has(index)) {
      reached.add(index);
      await expectFocusVisible(page, `${label} control ${index}`);
    }
  }
  expect(reached.size, `${label}: controls reached by Tab`).toBe(total);
}

async function expectNoSidewaysScroll(page: Page, label: string): Promise<void> {
  await page.setViewportSize({ width: 320, height: 640 });
  await page.reload();
  await expectAccessible(page, `${label} at 320 px`);
  await screenshot(page, `home-320-${label}`);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, `${label} home scrolls sideways at 320 px`).toBeLessThanOrEqual(320);
  await page.setViewportSize({ width: 1280, height: 720 });
}

/** The small committed images for the README: 1000 px wide, top of the page only. */
async function readmeShot(page: Page, name: string): Promise<void> {
  if (!process.env.UPDATE_README_SCREENSHOTS) return;
  await page.setViewportSize({ width: 1000, height: 760 });
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(ROOT, 'docs', 'screenshots', `${name}.png`) });
  await page.setViewportSize({ width: 1280, height: 720 });
}

const figure = (text: string | null, name: string) => {
  const m = new RegExp(`${name}\\s*(\\d+(?:\\.\\d+)?)%`).exec(text ?? '');
  expect(m, `${name} figure`).not.toBeNull();
  return m![1];
};

describe('home dashboards of the demo roles', () => {
  for (const role of ROLES) {
    it(`${role.email}: its own sections only, reachable by keyboard, no sideways scroll at 320 px, axe clean`, async () => {
      await withPage(role.email, async (page) => {
        await expectAccessible(page, `home (${role.email})`);
        const headings = await sectionHeadings(page);
        for (const s of role.sections) expect(headings).toContain(s);
        for (const s of role.absent) expect(headings).not.toContain(s);
        // The navigation is not repeated as a list of cards.
        expect(await page.locator('main .card-list').count()).toBe(0);
        await expectEveryDashboardControlReachable(page, role.email);
        await expectNoSidewaysScroll(page, role.email.split('@')[0]);
      });
    });
  }

  it('employee: readiness and coverage agree with the report the link opens (by keyboard), with at most three priorities', async () => {
    await withPage('employee@example.gov', async (page) => {
      const mine = page.locator('section[aria-labelledby="home-employee"]');
      const figures = await mine.locator('.summary-figures').textContent();
      const readiness = figure(figures, 'Readiness');
      const coverage = figure(figures, 'Coverage');
      const priorities = await mine.locator('ol.home-list > li').count();
      expect(priorities).toBeGreaterThan(0);
      expect(priorities).toBeLessThanOrEqual(3);
      await readmeShot(page, 'home-employee');
      await mine.getByRole('link', { name: /^Your latest assessment: / }).focus();
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/assessments\/\d+\/report$/);
      await expectAccessible(page, 'report opened from home');
      const summary = await page.locator('.summary-figures').first().textContent();
      expect(figure(summary, 'Readiness')).toBe(readiness);
      expect(figure(summary, 'Coverage')).toBe(coverage);
    });
  });

  it('supervisor: reviews waiting and team readiness per class, each linking to its full page', async () => {
    await withPage('supervisor@example.gov', async (page) => {
      const team = page.locator('section[aria-labelledby="home-supervisor"]');
      const rows = team.locator('table tbody tr');
      expect(await rows.count()).toBeGreaterThan(0);
      const people = Number(await rows.first().locator('td').first().textContent());
      expect(people).toBeGreaterThan(0);
      await readmeShot(page, 'home-supervisor');
      const classLink = rows.first().getByRole('link');
      const title = (await classLink.textContent())!.trim();
      await classLink.click();
      await page.waitForURL(/\/team\?class=\d+$/);
      await expectAccessible(page, 'team opened from home');
      // The heat map has one row per person assessed in that class: as many as the home page counted.
      expect(await page.locator('.heat-map tbody tr').count()).toBe(people);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBeTruthy();
      expect(await page.content()).toContain(title);
      await page.goBack();
      const waiting = team.getByRole('link', { name: /waiting for your review$/ });
      if (await waiting.count()) {
        const n = Number(/^(\d+)/.exec((await waiting.textContent()) ?? '')![1]);
        await waiting.click();
        await page.waitForURL(/\/reviews$/);
        expect(await page.getByRole('link', { name: /^Review / }).count()).toBe(n);
      }
    });
  });

  it('training staff: top needs appear with the same figures on the training needs page', async () => {
    await withPage('training@example.gov', async (page) => {
      const training = page.locator('section[aria-labelledby="home-training"]');
      const needs = training.locator('ol.home-list > li');
      expect(await needs.count()).toBeGreaterThan(0);
      expect(await needs.count()).toBeLessThanOrEqual(3);
      const first = (await needs.first().textContent())!;
      const label = (await needs.first().locator('strong').textContent())!.trim();
      const [, withGap, assessed] = /(\d+) of (\d+) people with a gap/.exec(first)!;
      await training.getByRole('link', { name: 'All training needs' }).click();
      await page.waitForURL(/\/training\/needs$/);
      const row = page.locator('tbody tr').filter({ has: page.locator('th', { hasText: label }) });
      const cells = await row.first().locator('td').allTextContents();
      expect(cells.map((c) => c.trim())).toEqual(expect.arrayContaining([assessed, withGap]));
    });
  });

  it('admin: the people-without-a-supervisor figure is the count on the list it links to', async () => {
    await withPage('admin@example.gov', async (page) => {
      const admin = page.locator('section[aria-labelledby="home-admin"]');
      const link = admin.getByRole('link', { name: /without a supervisor$/ });
      const n = /^([\d,]+)/.exec((await link.textContent()) ?? '')![1];
      expect(await admin.getByRole('heading', { name: 'Recent class-spec imports' }).count()).toBe(1);
      expect(await admin.locator('ul.home-list').first().locator('li').count()).toBeGreaterThan(0);
      await link.click();
      await page.waitForURL(/\/admin\/users\?missing=supervisor$/);
      await expectAccessible(page, 'users without a supervisor');
      expect(await page.getByRole('status').first().textContent()).toContain(
        `${n} active ${n === '1' ? 'person' : 'people'} without a supervisor`,
      );
    });
  });
});
