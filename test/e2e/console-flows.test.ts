import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeGmail } from '../fakes/fake-gmail.js';
import { launchChromium } from '../support/browser.js';
import { openUrl, settled, signInConsole } from '../support/console-page.js';
import { npmStart, type StartedApp } from '../support/npm-start.js';

/** The flows, through the console only, against a real `npm start` (Gmail is a local fake). */
let app: StartedApp;
let browser: Browser;
const gmail = new FakeGmail();

beforeAll(async () => {
  await gmail.start();
  // Gmail knows no mailbox for Kim: her push fails with 404, everyone else's succeeds.
  gmail.unknown.add('kim.pilot@acme.example');
  app = await npmStart(gmail.env());
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  if (app) await app.stop();
  await gmail.stop();
});

const signatureText = async (page: Page) => (await page.frameLocator('[data-testid=signature-frame]').locator('body').textContent({ timeout: 30_000 })) ?? '';

describe('the admin console', () => {
  it('creates a template from a starter with inline problems, assigns it to a group, and a banner campaign for that group reaches an employee of the group', async () => {
    const admin = await signInConsole(browser, app.url, 'admin@acme.example');
    await admin.getByRole('link', { name: 'Templates', exact: true }).click();
    await admin.getByRole('link', { name: 'Use the Compact design' }).click();
    await expect.poll(() => admin.title()).toBe('New template · Herald');
    await admin.getByLabel('Name', { exact: true }).fill('Sales compact');

    // An unknown placeholder is flagged while typing, next to the editor, before any save.
    const editor = admin.locator('.cm-content');
    await editor.click();
    await admin.keyboard.press('Control+End');
    await admin.keyboard.type('<p>{{bogus}}</p>');
    await expect.poll(async () => (await admin.getByTestId('template-problems').textContent({ timeout: 1000 }).catch(() => '')) ?? '', { timeout: 20_000 }).toContain('unknown placeholder {{bogus}}');
    // Placeholder completion: typing {{tit offers {{title}}.
    for (let i = 0; i < '{{bogus}}</p>'.length; i++) await admin.keyboard.press('Backspace');
    await admin.keyboard.type('Sales team · {{tit');
    await admin.locator('.cm-tooltip-autocomplete').getByText('{{title}}').first().waitFor({ timeout: 10_000 });
    await admin.keyboard.press('Enter');
    await admin.keyboard.type('</p>');
    await expect.poll(() => admin.getByTestId('template-problems').count(), { timeout: 20_000 }).toBe(0);
    // The live preview renders the unsaved draft for a real directory user.
    await expect.poll(() => signatureText(admin), { timeout: 20_000 }).toContain('Sales team ·');

    await admin.getByRole('button', { name: 'Create template' }).click();
    await expect.poll(() => admin.url(), { timeout: 20_000 }).toMatch(/\/templates\/[^/]+$/);
    await settled(admin);
    await admin.getByLabel('Assign to').selectOption('group');
    await admin.getByRole('combobox', { name: /^Group/ }).selectOption('Sales');
    await admin.getByLabel('Priority').fill('80');
    await admin.getByRole('button', { name: 'Assign', exact: true }).click();
    await expect.poll(async () => (await admin.getByTestId('assignments').textContent({ timeout: 1000 }).catch(() => '')) ?? '', { timeout: 20_000 }).toContain('Group Sales (priority 80)');

    // The precedence, in words, for Jane (in Sales).
    await admin.getByRole('link', { name: '← Templates' }).click();
    await admin.getByRole('combobox', { name: 'Person' }).selectOption({ label: 'Jane Doe' });
    await expect.poll(async () => (await admin.getByTestId('precedence').textContent({ timeout: 1000 }).catch(() => '')) ?? '', { timeout: 20_000 }).toContain('Jane gets “Sales compact” through the group Sales (priority 80)');

    // A banner campaign for Sales, above the running one.
    await admin.getByRole('link', { name: 'Campaigns', exact: true }).click();
    await admin.getByRole('link', { name: 'New banner campaign' }).click();
    await admin.getByLabel('Name', { exact: true }).fill('Sales summit');
    await admin.getByLabel('Groups (empty: everyone)').fill('Sales');
    await admin.getByLabel(/^Priority/).fill('90');
    // A bad URL is refused with the problem next to its field.
    await admin.getByLabel(/image's web address/).fill('not a url');
    await admin.getByLabel('Where a click goes').fill('https://www.acme.example/summit');
    await admin.getByRole('button', { name: 'Create campaign' }).click();
    await expect.poll(async () => (await admin.locator('#err-banner-imageUrl').textContent({ timeout: 1000 }).catch(() => '')) ?? '', { timeout: 20_000 }).not.toBe('');
    await admin.getByLabel(/image's web address/).fill(`${app.url}/demo/logo.png`);
    await admin.getByRole('button', { name: 'Create campaign' }).click();
    await expect.poll(() => admin.getByTestId('campaign-status').textContent({ timeout: 1000 }).catch(() => ''), { timeout: 20_000 }).toBe('running');
    await admin.close();

    const jane = await signInConsole(browser, app.url, 'jane.doe@acme.example');
    await jane.getByRole('link', { name: 'My signature' }).click();
    await expect.poll(() => signatureText(jane), { timeout: 30_000 }).toContain('Sales team · Account Executive');
    const banner = jane.frameLocator('[data-testid=signature-frame]').locator('img').first();
    // A preview, not a counted view: the Sales summit image itself (80 px wide), not the spring banner (600 px).
    expect(await banner.getAttribute('src')).toMatch(/\/demo\/logo\.png$/);
    await expect.poll(() => banner.evaluate((img) => { const i = img as unknown as { complete: boolean; naturalWidth: number }; return i.complete ? i.naturalWidth : 0; }), { timeout: 20_000 }).toBe(80);
    await jane.close();
  });

  it('pauses and resumes a campaign', async () => {
    const admin = await signInConsole(browser, app.url, 'admin@acme.example');
    await openUrl(admin, app.url, '/campaigns');
    await admin.getByRole('link', { name: 'Sales summit' }).click();
    await admin.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => admin.getByTestId('campaign-status').textContent(), { timeout: 20_000 }).toBe('paused');
    await admin.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(() => admin.getByTestId('campaign-status').textContent(), { timeout: 20_000 }).toBe('running');
    await admin.close();
  });

  it('connects a CSV directory and imports a file with a bad row, keeping the good rows', async () => {
    const admin = await signInConsole(browser, app.url, 'admin@initech.example');
    await openUrl(admin, app.url, '/directory/connect');
    await admin.getByRole('radio', { name: /CSV file/ }).check();
    await admin.getByRole('button', { name: /CSV files/ }).click();
    const csv = ['email,firstName,lastName,title,groups', 'pat.sample@initech.example,Pat,Sample,Analyst,Finance', 'not-an-email,Bad,Row,,', 'lee.mock@initech.example,Lee,Mock,Engineer,Engineering'].join('\n');
    await admin.getByLabel('CSV file', { exact: true }).setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await admin.getByRole('button', { name: 'Check the file' }).click();
    const errors = admin.getByTestId('import-errors');
    await expect.poll(async () => (await errors.textContent({ timeout: 1000 }).catch(() => '')) ?? '', { timeout: 20_000 }).toMatch(/3\s*email/);
    await admin.getByRole('button', { name: 'Import the valid rows only' }).click();
    await expect.poll(async () => (await admin.getByTestId('import-result').textContent({ timeout: 1000 }).catch(() => '')) ?? '', { timeout: 20_000 }).toContain('Created 2');

    await admin.getByRole('link', { name: 'See the directory' }).click();
    await admin.getByLabel('Search by name or email').fill('sample');
    await expect.poll(async () => (await admin.getByTestId('directory-total').textContent()) ?? '', { timeout: 20_000 }).toContain('1 match');
    expect(await admin.getByTestId('directory-rows').textContent()).toContain('pat.sample@initech.example');
    expect(await admin.getByTestId('directory-rows').locator('tr').count()).toBe(1);
    await admin.close();
  });

  it('pushes signatures to Gmail with progress and shows per-person status with Gmail’s reason', async () => {
    const admin = await signInConsole(browser, app.url, 'admin@acme.example');
    await openUrl(admin, app.url, '/deployment');
    await admin.getByRole('button', { name: 'Push to Gmail' }).click();
    await expect.poll(async () => (await admin.getByTestId('job').textContent({ timeout: 1000 }).catch(() => '')) ?? '', { timeout: 60_000 }).toMatch(/Push to Gmail: (done|failed)/);
    const table = admin.getByTestId('deployments');
    await expect.poll(async () => (await table.textContent({ timeout: 1000 }).catch(() => '')) ?? '', { timeout: 20_000 }).toContain('No Gmail mailbox for this address (404)');
    await admin.getByRole('button', { name: /^Failed \(1\)$/ }).click();
    expect(await table.locator('tbody tr').count()).toBe(1);
    expect(await table.textContent()).toContain('Kim Pilot');
    expect(gmail.signatures.get('jane.doe@acme.example')).toContain('Sales team');
    await admin.close();
  });

  it('erases a person after validating and confirming, then shows the certificate', async () => {
    const admin = await signInConsole(browser, app.url, 'admin@acme.example');
    await openUrl(admin, app.url, '/privacy');
    await admin.getByLabel(/Email addresses of people to erase/).fill('not an email');
    await admin.getByRole('button', { name: 'Erase', exact: true }).click();
    // Validated before any confirmation: no dialog, the problem under the field.
    expect(await admin.locator('dialog').count()).toBe(0);
    expect(await admin.locator('#err-users').textContent()).toContain('Not an email address');
    await admin.getByLabel(/Email addresses of people to erase/).fill('kim.pilot@acme.example');
    await admin.getByRole('button', { name: 'Erase', exact: true }).click();
    await admin.getByRole('dialog').getByRole('button', { name: 'Erase' }).click();
    await expect.poll(async () => (await admin.getByTestId('job').textContent({ timeout: 1000 }).catch(() => '')) ?? '', { timeout: 60_000 }).toContain('Erasure: done');
    // The certificate list refreshed by itself.
    await expect.poll(async () => (await admin.getByTestId('deletions').textContent({ timeout: 1000 }).catch(() => '')) ?? '', { timeout: 20_000 }).toContain('1 people');
    await admin.getByTestId('deletions').getByRole('link', { name: 'Certificate' }).first().click();
    const cert = admin.getByTestId('certificate');
    await expect.poll(async () => (await cert.textContent({ timeout: 1000 }).catch(() => '')) ?? '', { timeout: 20_000 }).toContain('admin request');
    expect(await cert.textContent()).not.toContain('[object Object]');
    expect(await cert.textContent()).not.toContain('kim');
    await openUrl(admin, app.url, '/directory');
    await admin.getByLabel('Search by name or email').fill('kim');
    await expect.poll(async () => (await admin.getByTestId('directory-total').textContent()) ?? '', { timeout: 20_000 }).toContain('0 matches');
    await admin.close();
  });

  it('keeps a viewer out of admin screens reached by URL, but shows them reports', async () => {
    const admin = await signInConsole(browser, app.url, 'admin@acme.example');
    await openUrl(admin, app.url, '/members');
    await admin.getByLabel('Role of jane.doe@acme.example').selectOption('viewer');
    await expect.poll(async () => (await admin.locator('#toast').textContent()) ?? '', { timeout: 20_000 }).toContain('is now viewer');
    await admin.close();

    const viewer = await signInConsole(browser, app.url, 'jane.doe@acme.example');
    for (const path of ['/directory', '/privacy', '/deployment', '/members', '/audit', '/directory/connect']) {
      await openUrl(viewer, app.url, path);
      await expect.poll(() => viewer.getByTestId('forbidden').count(), { timeout: 20_000 }).toBe(1);
    }
    expect(await viewer.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Directory' }).count()).toBe(0);
    await openUrl(viewer, app.url, '/reports');
    await expect.poll(() => viewer.getByTestId('campaign-compare').count(), { timeout: 20_000 }).toBe(1);
    await viewer.close();
  });
});
