import { AxeBuilder } from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { openUrl, settled, signInConsole } from '../support/console-page.js';
import { npmStart, type StartedApp } from '../support/npm-start.js';

/**
 * Issue 23 item 1 through the console only: an owner makes a colleague an admin on the Members
 * screen; the Alerts screen shows the alert that raised, with what Herald watches, and the owner
 * acknowledges it, at desktop and phone widths.
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

async function noSeriousAxeViolations(page: Page): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).exclude('iframe[sandbox]').analyze();
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
  expect(serious).toEqual([]);
}

describe('the Alerts screen', () => {
  it('shows the alert a new admin raised, and the owner acknowledges it', async () => {
    const page = await signInConsole(browser, app.url, 'owner@acme.example', { width: 1280, height: 900 });
    await openUrl(page, app.url, '/members');
    await settled(page);
    const role = page.getByLabel('Role of jane.doe@acme.example');
    await role.waitFor({ timeout: 20_000 });
    await role.selectOption('admin');
    await expect.poll(() => page.locator('.toast').last().textContent({ timeout: 1000 }).catch(() => ''), { timeout: 20_000 }).toContain('is now admin');

    await page.getByRole('link', { name: 'Alerts', exact: true }).first().click();
    await settled(page);
    const alert = page.getByTestId('alert').filter({ hasText: 'A new admin' });
    // The scan runs as a task: reload until it shows.
    await expect
      .poll(async () => {
        if ((await alert.count()) === 0) {
          await page.reload();
          await settled(page);
        }
        return alert.count();
      }, { timeout: 30_000 })
      .toBe(1);
    expect(await alert.textContent()).toContain('An account was given the role admin (before: user)');
    expect(await alert.textContent()).toMatch(/About:\s*(Jane Doe|jane\.doe@acme\.example)/);
    expect(await page.getByRole('heading', { name: 'What Herald watches' }).isVisible()).toBe(true);
    expect(await page.locator('section[aria-labelledby="watches-title"]').textContent()).toContain('Forged or stale requests to uninstall Herald for one of your domains');
    await noSeriousAxeViolations(page);
    await page.screenshot({ path: path.join(outDir, 'alerts-1280.png'), fullPage: true });

    await alert.getByRole('button', { name: 'Acknowledge' }).click();
    await expect.poll(() => alert.textContent(), { timeout: 20_000 }).toContain('Acknowledged by');
    expect(await alert.getByRole('button', { name: 'Acknowledge' }).count()).toBe(0);

    await page.setViewportSize({ width: 375, height: 800 });
    await settled(page);
    const wide = await page.evaluate('document.documentElement.scrollWidth > window.innerWidth');
    expect(wide).toBe(false);
    await page.screenshot({ path: path.join(outDir, 'alerts-375.png'), fullPage: true });
    await noSeriousAxeViolations(page);

    // The acknowledgement is in the audit log, for everyone with access to read.
    await openUrl(page, app.url, '/audit');
    await settled(page);
    await expect.poll(() => page.locator('main').textContent({ timeout: 1000 }).catch(() => ''), { timeout: 20_000 }).toMatch(/alert/i);
  });
});
