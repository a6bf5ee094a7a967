import { AxeBuilder } from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { openUrl, settled, signInConsole } from '../support/console-page.js';
import { npmStart, type StartedApp } from '../support/npm-start.js';

/** Requests from people (issue 23, item 5) on the Privacy screen, through the console only. */
let app: StartedApp;
let browser: Browser;
const outDir = 'test-results/screenshots';

beforeAll(async () => {
  mkdirSync(outDir, { recursive: true });
  app = await npmStart();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  if (app) await app.stop();
});

/** A UTC calendar day `days` from today, as the date input takes it. */
const dayFromToday = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const text = async (page: Page, testId: string) => (await page.getByTestId(testId).textContent({ timeout: 1000 }).catch(() => '')) ?? '';

async function logRequest(page: Page, type: string, email: string, receivedOn: string) {
  const form = page.getByTestId('privacy-requests');
  const before = await page.getByTestId('dsr-request').count();
  const summary = form.getByText('Log a request', { exact: true });
  if (!(await form.locator('details.dsr-log').evaluate((d) => (d as HTMLDetailsElement).open))) await summary.click();
  await form.getByRole('combobox', { name: /^Request/ }).selectOption({ label: type });
  await form.getByLabel("Person's email address").fill(email);
  await form.getByLabel('Received on').fill(receivedOn);
  await form.getByRole('button', { name: 'Log request' }).click();
  await expect.poll(async () => (await page.locator('#toast').textContent()) ?? '', { timeout: 20_000 }).toContain('Request logged: answer it by');
  await expect.poll(() => page.getByTestId('dsr-request').count(), { timeout: 20_000 }).toBe(before + 1);
}

async function axeSerious(page: Page) {
  const { violations } = await new AxeBuilder({ page }).include('[data-testid=privacy-requests]').analyze();
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`);
}

describe('requests from people', () => {
  it('logs requests with inline problems, then shows what is due by deadline, overdue and soon in words', async () => {
    const admin = await signInConsole(browser, app.url, 'admin@acme.example');
    await openUrl(admin, app.url, '/privacy');
    await settled(admin);
    const panel = admin.getByTestId('privacy-requests');
    expect(await panel.textContent()).toContain('Nothing due');

    // Sent empty: every problem at its field, nothing logged.
    await panel.getByRole('button', { name: 'Log request' }).click();
    expect(await text(admin, 'form-problems')).toContain('Please correct the 2 fields marked below.');
    expect(await panel.locator('#err-dsr-type').textContent()).toBe('Choose one.');
    expect(await panel.locator('#err-dsr-email').textContent()).toBe("Enter the person's email address.");

    // A request received 40 days ago is overdue; one received 26 days ago is due within a week;
    // one received today is due in a month. Logged out of order, listed by deadline.
    await logRequest(admin, 'Access to their data (Art. 15)', 'today.visitor@elsewhere.example', dayFromToday(0));
    await logRequest(admin, 'Erasure of their data (Art. 17)', 'late.visitor@elsewhere.example', dayFromToday(-40));
    await logRequest(admin, 'Objection to processing (Art. 21)', 'jane.doe@acme.example', dayFromToday(-26));
    await expect.poll(() => admin.getByTestId('dsr-request').count(), { timeout: 20_000 }).toBe(3);
    // The form is ready for the next one: received today by default again.
    expect(await panel.getByLabel('Received on').inputValue()).toBe(dayFromToday(0));
    const words = await admin.getByTestId('dsr-due-words').allTextContents();
    expect(words[0]).toMatch(/^Overdue by \d+ days$/);
    expect(words[1]).toMatch(/^Due soon: in [1-7] days?$/);
    expect(words[2]).toMatch(/^Due in (2[89]|3[01]) days$/);
    const items = await admin.getByTestId('dsr-request').allTextContents();
    expect(items[0]).toContain('late.visitor@elsewhere.example');
    // Jane was found in the directory by her address: her name shows.
    expect(items[1]).toContain('Jane Doe');
    expect(await text(admin, 'dsr-summary')).toMatch(/3 open requests, 1 overdue, 1 due within 7 days/);
    expect(await axeSerious(admin)).toEqual([]);
    await admin.getByTestId('privacy-requests').screenshot({ path: path.join(outDir, 'privacy-requests-1280.png') });

    // Answer the overdue one: close it as withdrawn; it leaves what is due.
    await admin.getByTestId('dsr-request').first().getByRole('button', { name: /Answer or close/ }).click();
    const actions = admin.getByTestId('dsr-actions');
    expect(await actions.textContent()).toContain('not in your directory');
    await actions.getByRole('combobox', { name: /^Outcome/ }).selectOption({ label: 'Withdrawn by the person' });
    await actions.getByRole('button', { name: 'Close request' }).click();
    await expect.poll(() => admin.getByTestId('dsr-request').count(), { timeout: 20_000 }).toBe(2);
    await admin.getByText(/^Closed requests/).click();
    expect(await admin.getByTestId('dsr-closed').textContent()).toContain('Withdrawn by the person');

    // Jane's objection: closing it as answered needs nothing linked; her export is linked by running it here.
    const jane = admin.getByTestId('dsr-request').filter({ hasText: 'Jane Doe' });
    await jane.getByRole('button', { name: /Answer or close/ }).click();
    const [download] = await Promise.all([admin.waitForEvent('download'), jane.getByRole('button', { name: 'Export their data' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^personal-data-\d{4}-\d{2}-\d{2}\.json$/);
    await expect.poll(async () => (await jane.textContent()) ?? '', { timeout: 20_000 }).toMatch(/Export \d+ \w+ \d{4}/);
    // Refusing needs the reason, said next to the form.
    await jane.getByRole('combobox', { name: /^Outcome/ }).selectOption({ label: 'Refused (with the reason)' });
    await jane.getByRole('button', { name: 'Close request' }).click();
    await expect.poll(async () => (await jane.getByRole('alert').textContent({ timeout: 1000 }).catch(() => '')) ?? '', { timeout: 20_000 }).toContain('say why the request is refused');
    await jane.screenshot({ path: path.join(outDir, 'privacy-requests-answer-1280.png') });
    expect(await axeSerious(admin)).toEqual([]);
    await admin.close();
  });

  it('fits a phone screen: nothing scrolls sideways, the answer actions included', async () => {
    const phone = await signInConsole(browser, app.url, 'admin@acme.example', { width: 375, height: 800 });
    await openUrl(phone, app.url, '/privacy');
    await settled(phone);
    await expect.poll(() => phone.getByTestId('dsr-request').count(), { timeout: 20_000 }).toBe(2);
    await phone.getByTestId('dsr-request').first().getByRole('button', { name: /Answer or close/ }).click();
    await phone.getByTestId('dsr-actions').waitFor();
    const overflow = await phone.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow as number, 'the page scrolls sideways').toBeLessThanOrEqual(0);
    expect(await axeSerious(phone)).toEqual([]);
    await phone.getByTestId('privacy-requests').screenshot({ path: path.join(outDir, 'privacy-requests-375.png') });
    await phone.close();
  });
});
