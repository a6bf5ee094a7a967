import { AxeBuilder } from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeGmail } from '../fakes/fake-gmail.js';
import { launchChromium } from '../support/browser.js';
import { openUrl, settled, signInConsole } from '../support/console-page.js';
import { npmStart, type StartedApp } from '../support/npm-start.js';

/**
 * Issue 21, items 6 and 10, through the console only: an admin who is not the owner sees who can
 * do the domain proof; switching the directory source asks first; an employee's home shows their
 * signature, whether it is installed and their notifications.
 */
let app: StartedApp;
let browser: Browser;
const gmail = new FakeGmail();
const shots = 'test-results/screenshots';

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  await gmail.start();
  app = await npmStart(gmail.env());
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  if (app) await app.stop();
  await gmail.stop();
});

const text = async (page: Page, testId: string) => (await page.getByTestId(testId).first().textContent({ timeout: 1000 }).catch(() => '')) ?? '';

async function noSeriousAxeViolations(page: Page): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).exclude('iframe[sandbox]').analyze();
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
  expect(serious).toEqual([]);
}

describe("an employee's home", () => {
  it('shows their signature, whether Gmail has it (and since when), and their notifications', async () => {
    const jane = await signInConsole(browser, app.url, 'jane.doe@acme.example');
    await settled(jane);
    const frame = jane.frameLocator('[data-testid=signature-frame]');
    await expect.poll(async () => (await frame.locator('body').textContent({ timeout: 20_000 })) ?? '', { timeout: 20_000 }).toContain('Jane Doe');
    await expect.poll(() => text(jane, 'install-gmail'), { timeout: 20_000 }).toContain('Gmail: not pushed yet');
    expect(await text(jane, 'install-outlook')).toContain('has not fetched your signature');
    await expect.poll(() => text(jane, 'notification'), { timeout: 20_000 }).toContain('Your new email signature is here');
    // Not an overview of region facts.
    expect(await jane.getByTestId('tenant-region').count()).toBe(0);

    const admin = await signInConsole(browser, app.url, 'admin@acme.example');
    await openUrl(admin, app.url, '/deployment');
    await admin.getByRole('button', { name: 'Push to Gmail' }).click();
    await expect.poll(async () => (await admin.getByTestId('job').textContent({ timeout: 1000 }).catch(() => '')) ?? '', { timeout: 60_000 }).toMatch(/Push to Gmail: (done|failed)/);
    await admin.context().close();

    await jane.reload();
    await settled(jane);
    await expect.poll(() => text(jane, 'install-gmail'), { timeout: 20_000 }).toMatch(/Gmail: installed; Herald last pushed it to your Gmail on \S/);
    expect(gmail.signatures.get('jane.doe@acme.example')).toContain('Jane Doe');
    await jane.screenshot({ path: path.join(shots, 'employee-home-1280.png'), fullPage: true });
    await noSeriousAxeViolations(jane);
    await jane.setViewportSize({ width: 375, height: 800 });
    await jane.screenshot({ path: path.join(shots, 'employee-home-375.png'), fullPage: true });
    const overflow = await jane.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow as number).toBeLessThanOrEqual(0);
    await jane.context().close();
  });
});

describe('connecting the directory without dead ends', () => {
  it('shows an admin who is not the owner who can do the proof and what to ask them', async () => {
    const admin = await signInConsole(browser, app.url, 'admin@acme.example');
    await openUrl(admin, app.url, '/directory/connect');
    await settled(admin);
    // Every step says who may do it.
    await expect.poll(() => admin.getByTestId('who').count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(3);
    expect(await text(admin, 'who')).toContain('an admin or an owner');
    // Acme has not connected Microsoft 365: choosing it, the proof step names the owner to ask.
    await admin.getByRole('radio', { name: /^Microsoft 365/ }).check();
    await expect.poll(() => text(admin, 'ask-owner'), { timeout: 20_000 }).toContain('Only an owner can do this step.');
    const ask = await text(admin, 'ask-owner');
    expect(ask).toContain('Ask Olivia Owner (owner@acme.example)');
    expect(ask).toContain('Global Administrator');
    expect(await admin.getByRole('link', { name: 'Email Olivia Owner' }).getAttribute('href')).toMatch(/^mailto:owner@acme\.example\?subject=/);
    expect(await admin.getByRole('button', { name: /Connect Microsoft 365/ }).count()).toBe(0);
    await admin.screenshot({ path: path.join(shots, 'connect-admin-1280.png'), fullPage: true });
    await noSeriousAxeViolations(admin);

    // Saving Microsoft 365 before it is connected: a sentence, and the button that leads to the step.
    await admin.getByLabel(/^Microsoft 365 tenant id/).fill('00000000-0000-0000-0000-0000000000a1');
    await admin.getByRole('button', { name: 'Use Microsoft 365' }).click();
    await admin.getByRole('dialog').getByRole('button', { name: 'Switch to Microsoft 365' }).click();
    await expect.poll(() => admin.getByRole('alert').filter({ hasText: 'Connect Microsoft 365 first' }).count(), { timeout: 20_000 }).toBe(1);
    expect(await admin.locator('main').textContent()).not.toMatch(/\/api\/|POST |PUT /);
    await admin.getByTestId('fix').filter({ hasText: 'Connect Microsoft 365' }).click();
    await expect.poll(() => admin.evaluate('document.activeElement?.id ?? ""'), { timeout: 10_000 }).toBe('step-proof');

    await admin.setViewportSize({ width: 375, height: 800 });
    await admin.screenshot({ path: path.join(shots, 'connect-admin-375.png'), fullPage: true });
    await admin.context().close();

    // The owner is not asked to ask anyone.
    const owner = await signInConsole(browser, app.url, 'owner@acme.example');
    await openUrl(owner, app.url, '/directory/connect');
    await settled(owner);
    await owner.getByRole('radio', { name: /^Microsoft 365/ }).check();
    await expect.poll(() => owner.getByRole('button', { name: 'Get the admin-consent link' }).count(), { timeout: 20_000 }).toBe(1);
    expect(await owner.getByTestId('ask-owner').count()).toBe(0);
    await owner.context().close();
  });

  it('asks before switching the source, saying what happens to the people already there', async () => {
    const admin = await signInConsole(browser, app.url, 'admin@acme.example');
    await openUrl(admin, app.url, '/directory/connect');
    await settled(admin);
    await admin.getByRole('radio', { name: /^CSV file/ }).check();
    await admin.getByRole('button', { name: 'Use CSV files' }).click();
    const dialog = admin.getByRole('dialog');
    await dialog.waitFor({ timeout: 20_000 });
    expect(await dialog.getByRole('heading').textContent()).toBe('Switch the directory from Google Workspace to CSV files?');
    const body = (await dialog.textContent()) ?? '';
    expect(body).toContain('Nobody is removed or changed now.');
    expect(body).toContain('The daily sync from Google Workspace stops');
    await admin.screenshot({ path: path.join(shots, 'switch-source-1280.png') });
    await noSeriousAxeViolations(admin);

    // Cancelled: nothing changed.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await openUrl(admin, app.url, '/directory/connect');
    await settled(admin);
    await expect.poll(() => admin.getByRole('radio', { name: /^Google Workspace/ }).isChecked(), { timeout: 20_000 }).toBe(true);

    // Confirmed: the directory comes from CSV files.
    await admin.getByRole('radio', { name: /^CSV file/ }).check();
    await admin.getByRole('button', { name: 'Use CSV files' }).click();
    await admin.getByRole('dialog').getByRole('button', { name: 'Switch to CSV files' }).click();
    await expect.poll(() => admin.locator('#toast').textContent(), { timeout: 20_000 }).toBe('The directory now comes from CSV files.');
    await openUrl(admin, app.url, '/directory/connect');
    await settled(admin);
    await expect.poll(() => admin.getByRole('radio', { name: /^CSV file/ }).isChecked(), { timeout: 20_000 }).toBe(true);
    await admin.context().close();
  });
});

describe('a file that would remove many people', () => {
  it('offers to confirm the removal with the count the check found, instead of a dead end', async () => {
    const admin = await signInConsole(browser, app.url, 'admin@initech.example');
    await openUrl(admin, app.url, '/directory/connect');
    await settled(admin);
    // Initech's six people; the file keeps two: four would go, above the safety limit of three.
    const csv = ['email,firstName,lastName', 'wren.quillfeather@initech.example,Wren,Quillfeather', 'orla.brightwater@initech.example,Orla,Brightwater'].join('\n');
    await admin.getByLabel('CSV file', { exact: true }).setInputFiles({ name: 'two.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await admin.getByLabel('Remove people missing from the file').check();
    await admin.getByRole('button', { name: 'Check the file' }).click();
    await expect.poll(() => text(admin, 'import-check'), { timeout: 20_000 }).toContain('remove 4');
    await admin.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => admin.getByRole('alert').filter({ hasText: 'would remove 4 people' }).count(), { timeout: 20_000 }).toBe(1);
    expect(await admin.locator('main').textContent()).not.toContain('confirmRemovals');
    await admin.getByRole('button', { name: 'Remove these 4 people and import' }).click();
    await expect.poll(() => text(admin, 'import-result'), { timeout: 20_000 }).toContain('removed 4');
    await admin.context().close();
  });
});

describe('members', () => {
  it('invites a colleague by email before their first sign-in', async () => {
    const admin = await signInConsole(browser, app.url, 'admin@acme.example');
    await openUrl(admin, app.url, '/members');
    await settled(admin);
    await admin.getByLabel('Work email').fill('new.colleague@acme.example');
    await admin.getByRole('combobox', { name: 'Role', exact: true }).selectOption('editor');
    await admin.getByRole('button', { name: 'Invite', exact: true }).click();
    await expect.poll(() => text(admin, 'invites'), { timeout: 20_000 }).toContain('new.colleague@acme.example');
    // Someone of another company is refused, next to the field.
    await admin.getByLabel('Work email').fill('someone@initech.example');
    await admin.getByRole('button', { name: 'Invite', exact: true }).click();
    await expect.poll(async () => (await admin.locator('#err-invite-email').textContent({ timeout: 1000 }).catch(() => '')) ?? '', { timeout: 20_000 }).toContain('not one of your verified domains');
    await admin.screenshot({ path: path.join(shots, 'members-invite-1280.png'), fullPage: true });
    await noSeriousAxeViolations(admin);
    await admin.setViewportSize({ width: 375, height: 800 });
    await admin.screenshot({ path: path.join(shots, 'members-invite-375.png'), fullPage: true });
    await admin.context().close();
  });
});
