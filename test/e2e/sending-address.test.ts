import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { openUrl, settled, signInConsole } from '../support/console-page.js';
import { npmStart, type StartedApp } from '../support/npm-start.js';

/**
 * Issue 22 item 3 through the console only: an admin assigns a template to a sending address in the
 * template editor's "Who uses it"; the API's refusals read as sentences under the field; at desktop
 * and phone widths.
 */
let app: StartedApp;
let browser: Browser;
const outDir = process.env.SCREENSHOTS ? 'docs/screenshots' : 'test-results/screenshots';

beforeAll(async () => {
  mkdirSync(outDir, { recursive: true });
  app = await npmStart();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  if (app) await app.stop();
});

describe('the template editor’s sending addresses', () => {
  it('assigns a template to a team alias, and says in words why another address is refused', async () => {
    const page = await signInConsole(browser, app.url, 'admin@acme.example', { width: 1280, height: 900 });
    await openUrl(page, app.url, '/templates/acme-standard');
    await settled(page);
    await page.getByLabel('Assign to').selectOption('address');
    const address = page.getByRole('combobox', { name: /^Sending address/ });

    await address.fill('desk@partner.example');
    await page.getByRole('button', { name: 'Assign', exact: true }).click();
    await expect.poll(() => page.locator('#err-address').textContent({ timeout: 1000 }).catch(() => ''), { timeout: 20_000 }).toBe('This address is not on one of your verified domains.');
    await page.screenshot({ path: path.join(outDir, 'sending-address-1280.png'), fullPage: true });

    await address.fill('jane.doe@acme.example');
    await page.getByRole('button', { name: 'Assign', exact: true }).click();
    await expect.poll(() => page.locator('#err-address').textContent({ timeout: 1000 }).catch(() => ''), { timeout: 20_000 }).toContain("This address is a person's own address");

    await address.fill('sales.desk@acme.example');
    await page.getByRole('button', { name: 'Assign', exact: true }).click();
    await expect.poll(async () => (await page.getByTestId('assignments').textContent({ timeout: 1000 }).catch(() => '')) ?? '', { timeout: 20_000 }).toContain('Whoever sends as sales.desk@acme.example');
    expect(await page.locator('#err-address').count()).toBe(0);

    await page.setViewportSize({ width: 375, height: 800 });
    await settled(page);
    expect(await page.evaluate('document.documentElement.scrollWidth > window.innerWidth')).toBe(false);
    await page.screenshot({ path: path.join(outDir, 'sending-address-375.png'), fullPage: true });
  });
});
