import { AxeBuilder } from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { openUrl, settled, signInConsole } from '../support/console-page.js';
import { svg } from '../support/image-fixtures.js';
import { npmStart, type StartedApp } from '../support/npm-start.js';

/**
 * Hosted images through the console only, against a real `npm start`: an editor uploads a banner
 * in the campaign editor and an employee sees it in their signature; an SVG is refused with the
 * reason; the template editor inserts a hosted logo and says what a save removed. With
 * IMAGE_SHOTS=<dir> the screens are saved there at 1280 and 375 px.
 */
let app: StartedApp;
let browser: Browser;
const shots = process.env.IMAGE_SHOTS;

beforeAll(async () => {
  app = await npmStart();
  browser = await launchChromium();
  if (shots) mkdirSync(shots, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  if (app) await app.stop();
});

const text = (page: Page, testId: string) => page.getByTestId(testId).textContent({ timeout: 1000 }).catch(() => '');
async function shot(page: Page, name: string) {
  if (shots) await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}
async function axeSerious(page: Page) {
  const { violations } = await new AxeBuilder({ page }).exclude('iframe[sandbox]').analyze();
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`);
}
const loaded = (img: ReturnType<Page['locator']>) =>
  img.evaluate((el) => {
    const i = el as unknown as { complete: boolean; naturalWidth: number };
    return i.complete ? i.naturalWidth : 0;
  });

describe('hosted images in the console', () => {
  it('an SVG banner is refused with the reason; an uploaded PNG banner is hosted and shows in an employee’s signature', async () => {
    for (const width of [1280, 375]) {
      const admin = await signInConsole(browser, app.url, 'admin@acme.example', { width, height: 900 });
      await openUrl(admin, app.url, '/campaigns/new?kind=banner');
      await settled(admin);
      const upload = admin.getByLabel(/^Upload a file/);

      await upload.setInputFiles({ name: 'banner.svg', mimeType: 'image/svg+xml', buffer: svg() });
      await expect.poll(() => text(admin, 'image-error'), { timeout: 20_000 }).toContain('Gmail and Outlook do not display SVG images');
      expect(await axeSerious(admin)).toEqual([]);
      await shot(admin, `campaign-banner-svg-refused-${width}`);
      if (width === 375) {
        const overflow = await admin.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
        const wide = await admin.evaluate(
          "[...document.querySelectorAll('main *')].filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).map((e) => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().width)).slice(-5).join(' | ')",
        );
        expect(overflow as number, `the page scrolls sideways: ${wide}`).toBeLessThanOrEqual(0);
        await admin.context().close();
        continue;
      }

      // A PNG the browser calls a GIF (its name says so): hosted as the PNG it is.
      const png = await sharp({ create: { width: 600, height: 150, channels: 3, background: '#0a7f5a' } }).png().toBuffer();
      await upload.setInputFiles({ name: 'summer.gif', mimeType: 'image/gif', buffer: png });
      const current = admin.getByTestId('image-current');
      await expect.poll(() => current.getAttribute('src').catch(() => ''), { timeout: 20_000 }).toMatch(/\/img\/acme\/[0-9a-f]{32}\.png$/);
      expect(await admin.getByTestId('image-error').count()).toBe(0);
      await expect.poll(() => loaded(current), { timeout: 20_000 }).toBe(600);
      const hosted = (await current.getAttribute('src'))!;
      expect(await admin.getByLabel(/image's web address/).inputValue()).toBe(hosted);

      await admin.getByLabel('Name', { exact: true }).fill('Summer days');
      await admin.getByLabel(/^Priority/).fill('95');
      await admin.getByLabel('Where a click goes').fill('https://www.acme.example/summer');
      await admin.getByLabel(/^Alternative text/).fill('Acme summer days');
      await shot(admin, `campaign-banner-uploaded-${width}`);
      await admin.getByRole('button', { name: 'Create campaign' }).click();
      await expect.poll(() => admin.getByTestId('campaign-status').textContent({ timeout: 1000 }).catch(() => ''), { timeout: 20_000 }).toBe('running');
      expect(await axeSerious(admin)).toEqual([]);
      await admin.context().close();

      const jane = await signInConsole(browser, app.url, 'jane.doe@acme.example');
      await jane.getByRole('link', { name: 'My signature' }).click();
      const banner = jane.frameLocator('[data-testid=signature-frame]').locator(`img[src="${hosted}"]`);
      await expect.poll(() => banner.count(), { timeout: 30_000 }).toBe(1);
      await expect.poll(() => loaded(banner), { timeout: 20_000 }).toBe(600);
      await shot(jane, `my-signature-hosted-banner-${width}`);
      await jane.context().close();
    }
  });

  it('the demo signature shows the hosted Acme logo and banner (PNGs), and the template editor inserts an uploaded logo and tells what a save removed', async () => {
    const admin = await signInConsole(browser, app.url, 'admin@acme.example');
    await openUrl(admin, app.url, '/templates/acme-standard');
    await settled(admin);
    const frame = admin.frameLocator('[data-testid=signature-frame]');
    const logo = frame.locator('img[alt="Acme"]');
    await expect.poll(() => logo.getAttribute('src', { timeout: 1000 }).catch(() => ''), { timeout: 30_000 }).toMatch(/\/img\/acme\/[0-9a-f]{32}\.png$/);
    await expect.poll(() => loaded(logo), { timeout: 20_000 }).toBe(160);

    const png = await sharp({ create: { width: 160, height: 160, channels: 4, background: '#ffb400' } }).png().toBuffer();
    const editor = admin.locator('.cm-content');
    await editor.click();
    await admin.keyboard.press('Control+Home');
    await admin.getByLabel(/^Upload a file/).setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: png });
    await expect.poll(() => editor.textContent(), { timeout: 20_000 }).toMatch(/<img src="http:\/\/localhost:\d+\/img\/acme\/[0-9a-f]{32}\.png" alt="Acme" width="80" height="80"/);

    await editor.click();
    await admin.keyboard.press('Control+End');
    await admin.keyboard.type('<script>track()</script>');
    await admin.getByRole('button', { name: 'Save template' }).click();
    await expect.poll(() => text(admin, 'removed-notice'), { timeout: 20_000 }).toContain('The <script> element: scripts never run in e-mail.');
    expect(await editor.textContent()).not.toContain('<script>');
    expect(await axeSerious(admin)).toEqual([]);
    await shot(admin, 'template-removed-notice-1280');
    await admin.context().close();
  });

  it('the designer takes an uploaded logo and its preview shows the hosted image', async () => {
    const admin = await signInConsole(browser, app.url, 'admin@acme.example');
    await admin.getByRole('link', { name: 'Templates', exact: true }).click();
    await admin.getByRole('link', { name: 'Open the designer' }).click();
    await settled(admin);
    const png = await sharp({ create: { width: 160, height: 120, channels: 4, background: '#0a7f5a' } }).png().toBuffer();
    await admin.getByLabel(/^Upload a file/).setInputFiles({ name: 'acme-logo.png', mimeType: 'image/png', buffer: png });
    const current = admin.getByTestId('image-current');
    await expect.poll(() => current.getAttribute('src').catch(() => ''), { timeout: 20_000 }).toMatch(/\/img\/acme\/[0-9a-f]{32}\.png$/);
    const hosted = (await current.getAttribute('src'))!;
    const logo = admin.frameLocator('[data-testid=signature-frame]').locator(`img[src="${hosted}"]`);
    await expect.poll(() => logo.count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => loaded(logo), { timeout: 20_000 }).toBe(160);
    expect(await axeSerious(admin)).toEqual([]);
    await shot(admin, 'designer-logo-uploaded-1280');
    await admin.context().close();
  });
});
