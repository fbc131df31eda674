import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtp, type TestSmtp } from '../helpers/smtp';
import { expectAccessible, newContext, screenshot, signInAs, signOut, useAppAndBrowser } from './harness';

// The forgotten-password journey against the app as a child process, with a real SMTP server
// started here and handed to the app in SMTP_URL: the link is read from the delivered message.

let smtp: TestSmtp;
beforeAll(async () => {
  smtp = await startSmtp();
});
afterAll(() => smtp?.close());
const env = useAppAndBrowser(() => ({
  SMTP_URL: smtp.url,
  PUBLIC_BASE_URL: 'http://competency.example.gov',
  MAIL_FROM: 'HR <hr@example.gov>',
}));

const EMAIL = 'jordan@example.gov';
const NEW_PASSWORD = 'Jordan-chose-this-2026';

describe('forgotten password journey', () => {
  it('asks for a link, receives it by e-mail, sets a new password with it once, and signs in', async () => {
    const context = await newContext(env.browser);
    const page = await context.newPage();
    await page.goto(`${env.app.baseUrl}/login`);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Forgot your password?' }).count()).toBe(1);
    await expectAccessible(page, 'forgot password');

    // Nothing typed: a message next to the field.
    await page.getByRole('button', { name: 'Send me a link' }).click();
    await expect.poll(() => page.getByText('Enter the email address of your account').count()).toBeGreaterThan(0);
    await expectAccessible(page, 'forgot password with error');

    await page.getByLabel('Email').fill(EMAIL);
    await page.getByRole('button', { name: 'Send me a link' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Check your email' }).count()).toBe(1);
    await expectAccessible(page, 'link sent');
    await screenshot(page, 'password-link-sent');

    const [mail] = await smtp.waitFor(1, 30_000);
    expect(mail.to).toEqual([EMAIL]);
    expect(mail.subject).toBe('Reset your password');
    const link = mail.text.match(/http:\/\/competency\.example\.gov(\/password\/reset\/[A-Za-z0-9_-]+)/)?.[1];
    expect(link).toBeTruthy();
    expect(mail.html).toContain(`href="http://competency.example.gov${link}"`);

    await page.goto(`${env.app.baseUrl}${link}`);
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Choose a new password' }).count()).toBe(1);
    await expectAccessible(page, 'choose a new password');
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('Confirm new password').fill('something else entirely');
    await page.getByRole('button', { name: 'Set password' }).click();
    await expect.poll(() => page.getByText('The two new passwords do not match.').count()).toBeGreaterThan(0);
    await expectAccessible(page, 'choose a new password with error');

    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('Confirm new password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Set password' }).click();
    await expect.poll(() => page.getByText('Your password has been set').count()).toBe(1);
    await expectAccessible(page, 'sign in after reset');

    await signInAs(page, env.app.baseUrl, EMAIL, NEW_PASSWORD);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toMatch(/^Welcome, /);

    // The link worked once.
    await page.goto(`${env.app.baseUrl}${link}`);
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'This link does not work' }).count()).toBe(1);
    await expectAccessible(page, 'used link');
    await context.close();
  });

  it('shows the account page with the e-mail preference and passes axe', async () => {
    const context = await newContext(env.browser);
    const page = await context.newPage();
    await signInAs(page, env.app.baseUrl, 'employee@example.gov');
    await page.getByRole('link', { name: 'Your account' }).click();
    await page.getByLabel('One daily summary e-mail').check();
    await page.getByRole('button', { name: 'Save preference' }).click();
    await expect.poll(() => page.getByText('You will get one daily summary of notifications.').count()).toBe(1);
    expect(await page.getByLabel('One daily summary e-mail').isChecked()).toBe(true);
    await expectAccessible(page, 'account');
    await signOut(page);
    await signInAs(page, env.app.baseUrl, 'admin@example.gov');
    await page.goto(`${env.app.baseUrl}/admin/mail`);
    await expect.poll(() => page.getByRole('cell', { name: 'password.reset' }).count()).toBeGreaterThan(0);
    await expectAccessible(page, 'sent mail');
    await context.close();
  });
});
