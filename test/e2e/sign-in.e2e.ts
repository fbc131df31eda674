import { describe, expect, it } from 'vitest';
import { expectAccessible, newContext, screenshot, signInAs, signOut, useAppAndBrowser } from './harness';

const env = useAppAndBrowser();

describe('sign-in journey', () => {
  it('shows a clear message for a wrong password and keeps the email typed', async () => {
    const context = await newContext(env.browser);
    const page = await context.newPage();
    await page.goto(`${env.app.baseUrl}/login`);
    await expectAccessible(page, 'login');
    await screenshot(page, 'login');
    await page.getByLabel('Email').fill('employee@example.gov');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByText('Invalid email or password').count()).toBe(1);
    expect(await page.getByLabel('Email').inputValue()).toBe('employee@example.gov');
    await expectAccessible(page, 'login with error');
    await context.close();
  });

  it('signs every demo account in and out, and each home page passes axe', async () => {
    const context = await newContext(env.browser);
    const page = await context.newPage();
    for (const email of [
      'admin@example.gov',
      'training@example.gov',
      'director@example.gov',
      'supervisor@example.gov',
      'employee@example.gov',
    ]) {
      await signInAs(page, env.app.baseUrl, email);
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toMatch(/^Welcome, /);
      await expectAccessible(page, `home of ${email}`);
      await signOut(page);
      await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Sign in' }).count()).toBe(1);
    }
    await context.close();
  });
});
