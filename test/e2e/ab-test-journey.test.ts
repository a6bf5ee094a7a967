import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { openUrl, settled, signInConsole } from '../support/console-page.js';
import { npmStart, type StartedApp } from '../support/npm-start.js';
import { signIn } from '../support/test-env.js';

/**
 * An admin's whole A/B journey in the console (issue 24), at desktop and phone widths, on `npm
 * start`: tags switched on in the settings, a banner campaign created with its own campaign tag
 * (the editor shows the tagged address), an A/B test of two variants set up, followed and ended
 * keeping the winner; a link minted before the end then redirects to the winner's page with the
 * tags, none of them about a person.
 */
const JANE = 'u649905b987a36b6';
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

async function shoot(page: Page, name: string, width: number): Promise<void> {
  if (width > 600) await page.evaluate('window.scrollTo(0, 0)');
  else await page.getByTestId('ab-test').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(outDir, `${name}-${width}.png`), fullPage: width > 600 });
}

const text = async (page: Page, testId: string) => (await page.getByTestId(testId).first().textContent({ timeout: 1000 }).catch(() => '')) ?? '';

/** Where the links host sends a click, without following it. */
async function clickTarget(url: string): Promise<string> {
  const res = await fetch(url, { redirect: 'manual', headers: { 'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36' } });
  return res.headers.get('location') ?? `HTTP ${res.status}`;
}

describe('an A/B test from the console to a kept winner', () => {
  for (const width of [1280, 375]) {
    it(`creates a campaign, tests two variants, keeps the winner, and an old link leads to it with tags at ${width} px`, async () => {
      const page = await signInConsole(browser, app.url, 'admin@acme.example', { width, height: width < 600 ? 800 : 900 });

      // Tags on for the company (Overview settings).
      await openUrl(page, app.url, '/');
      await settled(page);
      await page.getByLabel(/Add campaign tags \(UTM\)/).check();
      await page.getByRole('button', { name: 'Save settings' }).click();
      await expect.poll(() => page.getByText('Saved.').count(), { timeout: 20_000 }).toBeGreaterThan(0);

      // A new banner campaign with its own campaign tag: the editor shows the address a click opens.
      await openUrl(page, app.url, '/campaigns/new?kind=banner');
      await settled(page);
      await page.getByLabel('Name', { exact: true }).fill(`Autumn offer ${width}`);
      await page.getByLabel(/image's web address/).fill(`${app.url}/demo/logo.png`);
      await page.getByLabel('Where a click goes').fill('https://www.acme.example/autumn');
      await page.getByLabel('Campaign name in your analytics').fill(`autumn-${width}`);
      await expect
        .poll(() => text(page, 'tagged-url'), { timeout: 20_000 })
        .toBe(`https://www.acme.example/autumn?utm_source=herald&utm_medium=email-signature&utm_campaign=autumn-${width}`);
      await page.getByRole('button', { name: 'Create campaign' }).click();
      await expect.poll(() => page.getByTestId('campaign-status').textContent({ timeout: 1000 }).catch(() => ''), { timeout: 20_000 }).toBe('running');
      const campaignId = new URL(page.url()).pathname.split('/').at(-1)!;

      // Two variants: the same banner leading to two pages.
      const panel = page.getByTestId('ab-test');
      await panel.getByRole('button', { name: 'Set up an A/B test' }).click();
      const variants = panel.getByTestId('ab-variant');
      await variants.nth(0).getByLabel('Name').fill('Classic');
      await variants.nth(1).getByLabel('Name').fill('Bold');
      await variants.nth(1).getByLabel('Banner image (web address)').fill(`${app.url}/demo/logo.png`);
      await variants.nth(1).getByLabel('Where a click goes').fill('https://www.acme.example/autumn-bold');
      await panel.getByRole('button', { name: 'Start the test' }).click();
      await panel.getByTestId('ab-results').waitFor({ timeout: 20_000 });
      expect(await text(page, 'ab-state')).toContain('Running');
      // During the test each variant's address carries its short name as the content tag.
      await expect.poll(() => page.getByTestId('tagged-url').allTextContents(), { timeout: 20_000 }).toEqual([
        `https://www.acme.example/autumn?utm_source=herald&utm_medium=email-signature&utm_campaign=autumn-${width}&utm_content=classic`,
        `https://www.acme.example/autumn-bold?utm_source=herald&utm_medium=email-signature&utm_campaign=autumn-${width}&utm_content=bold`,
      ]);
      await shoot(page, 'campaign-ab-running', width);

      // A link sent during the test.
      const token = await signIn(`127.0.0.1:${app.authPort}`, 'admin@acme.example', 'herald-demo');
      const minted = await fetch(`${app.url}/api/campaigns/${campaignId}/links`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ userId: JANE }) });
      expect(minted.status).toBe(200);
      const clickUrl = ((await minted.json()) as { clickUrl: string }).clickUrl;
      const clickPath = new URL(clickUrl).pathname;
      expect(await clickTarget(`${app.url}${clickPath}`)).toMatch(/^https:\/\/www\.acme\.example\/autumn(-bold)?\?utm_source=herald&/);

      // End the test keeping "Bold".
      await panel.getByTestId('ab-winner').selectOption({ label: 'Bold' });
      await panel.getByRole('button', { name: 'End test and keep winner' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'End test and keep winner' }).click();
      await expect.poll(() => text(page, 'ab-state'), { timeout: 20_000 }).toContain('“Bold” was kept');
      expect(await panel.getByRole('button', { name: 'End test and keep winner' }).count()).toBe(0);
      // The example now shows the winner's page, still tagged with it as the content.
      await expect
        .poll(() => page.getByTestId('tagged-url').allTextContents(), { timeout: 20_000 })
        .toEqual([`https://www.acme.example/autumn-bold?utm_source=herald&utm_medium=email-signature&utm_campaign=autumn-${width}&utm_content=bold`]);
      await shoot(page, 'campaign-ab-ended', width);
      // No raw field paths or schema words anywhere on the page.
      const body = (await page.locator('main').textContent()) ?? '';
      expect(body).not.toMatch(/body\.|abTest|invalid_argument|Required/);
      const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
      expect(overflow as number, 'the page scrolls sideways').toBeLessThanOrEqual(0);

      // The link sent before the end now leads to the winner's page, tagged, nothing about Jane
      // (the links function refreshes its campaigns within 30 s).
      const expected = `https://www.acme.example/autumn-bold?utm_source=herald&utm_medium=email-signature&utm_campaign=autumn-${width}&utm_content=bold`;
      await expect.poll(() => clickTarget(`${app.url}${clickPath}`), { timeout: 45_000, interval: 2_000 }).toBe(expected);
      await page.context().close();
    }, 180_000);
  }
});
