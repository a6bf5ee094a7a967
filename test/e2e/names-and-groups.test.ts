import { readFileSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { openUrl, settled, signInConsole } from '../support/console-page.js';
import { npmStart, type StartedApp } from '../support/npm-start.js';

/**
 * Issue #21 items 7 and 8 through the console: groups are picked from the directory with their
 * counts, a mistyped one is refused with a suggestion, the banner preview is of someone the
 * campaign reaches, a user page names the template and campaign, the audit log filters by category.
 */
let app: StartedApp;
let browser: Browser;

beforeAll(async () => {
  app = await npmStart();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  if (app) await app.stop();
});

/** The demo's people in a group, by name (the seed is the fixture the demo starts from). */
function peopleIn(group: string): string[] {
  const docs = (JSON.parse(readFileSync('emulator-data/firestore-seed.json', 'utf8')) as { docs: Record<string, { firstName?: string; lastName?: string; groups?: string[] }> }).docs;
  return Object.entries(docs)
    .filter(([p, u]) => p.startsWith('tenants/acme/users/') && u.groups?.includes(group))
    .map(([, u]) => `${u.firstName} ${u.lastName}`);
}

const text = async (page: Page, testId: string) => (await page.getByTestId(testId).textContent({ timeout: 1000 }).catch(() => '')) ?? '';

async function noSeriousAxe(page: Page): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).exclude('iframe[sandbox]').analyze();
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
}

describe('groups in the campaign editor', () => {
  it('offers the directory groups with counts, refuses a mistyped group with the closest one, and previews only as someone in the target', async () => {
    const admin = await signInConsole(browser, app.url, 'admin@acme.example');
    await admin.getByRole('link', { name: 'Campaigns', exact: true }).click();
    await admin.getByRole('link', { name: 'New banner campaign' }).click();
    await expect.poll(() => text(admin, 'directory-groups'), { timeout: 20_000 }).toContain('Marketing (7 people)');

    await admin.getByLabel('Name', { exact: true }).fill('Spring webinar');
    await admin.getByLabel('Groups (empty: everyone)').fill('Marketng');
    await admin.getByLabel(/image's web address/).fill(`${app.url}/demo/logo.png`);
    await admin.getByLabel('Where a click goes').fill('https://www.acme.example/webinar');
    await admin.getByRole('button', { name: 'Create campaign' }).click();
    await expect.poll(async () => (await admin.locator('#err-targetGroups').textContent({ timeout: 1000 }).catch(() => '')) ?? '', { timeout: 20_000 }).toContain('Did you mean "Marketing"?');
    expect(admin.url()).toMatch(/\/campaigns\/new/);
    await noSeriousAxe(admin);

    // "As" offers only the people of the target; the preview is of one of them.
    await admin.getByLabel('Groups (empty: everyone)').fill('Leadership');
    await admin.getByLabel(/image's web address/).dispatchEvent('change');
    const leadership = peopleIn('Leadership');
    await expect.poll(async () => (await admin.getByRole('combobox', { name: 'As' }).locator('option').allTextContents()).sort(), { timeout: 20_000 }).toEqual([...leadership].sort());
    await admin.getByRole('combobox', { name: 'As' }).selectOption({ label: leadership[1]! });
    await admin.getByRole('button', { name: 'Preview in a signature' }).click();
    await expect.poll(async () => (await admin.getByText(/^The signature of /).textContent({ timeout: 1000 }).catch(() => '')) ?? '', { timeout: 20_000 }).toContain(leadership[1]!);

    // Corrected, the campaign saves.
    await admin.getByRole('button', { name: 'Create campaign' }).click();
    await expect.poll(() => admin.url(), { timeout: 20_000 }).toMatch(/\/campaigns\/(?!new)[^/]+$/);
  });
});

describe('names, not ids', () => {
  it("names the template and the campaign on a user's page", async () => {
    const admin = await signInConsole(browser, app.url, 'admin@acme.example');
    await openUrl(admin, app.url, '/directory/users/u649905b987a36b6');
    await settled(admin);
    await expect.poll(() => text(admin, 'signature-source'), { timeout: 20_000 }).toMatch(/^Template Acme standard, banner of Spring launch$/);
    expect(await admin.getByRole('link', { name: 'Acme standard' }).getAttribute('href')).toBe('/templates/acme-standard');
  });

  it('filters the audit log by a readable category and names what each entry acted on', async () => {
    const admin = await signInConsole(browser, app.url, 'admin@acme.example');
    // Something to find: a campaign change, audited.
    await admin.getByRole('link', { name: 'Campaigns', exact: true }).click();
    await admin.getByRole('link', { name: 'Spring launch' }).click();
    await settled(admin);
    await admin.getByLabel(/^Priority/).fill('55');
    await admin.getByRole('button', { name: 'Save changes' }).click();
    await admin.getByText('Campaign saved.').waitFor({ timeout: 20_000 });

    await openUrl(admin, app.url, '/audit');
    await settled(admin);
    const categories = await admin.getByRole('combobox', { name: 'What' }).locator('option').allTextContents();
    expect(categories).toEqual(expect.arrayContaining(['Roles and members', 'Privacy requests', 'Directory', 'Signatures', 'Campaigns']));
    await admin.getByRole('combobox', { name: 'What' }).selectOption('Campaigns');
    await admin.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(() => admin.url(), { timeout: 20_000 }).toContain('category=Campaigns');
    await settled(admin);
    const rows = admin.getByTestId('audit').locator('tbody tr');
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBeGreaterThan(0);
    for (const row of await rows.allTextContents()) expect(row).toContain('(Campaigns)');
    expect(await admin.getByTestId('audit').getByRole('link', { name: 'Campaign “Spring launch”' }).count()).toBeGreaterThan(0);
    await noSeriousAxe(admin);
  });
});
