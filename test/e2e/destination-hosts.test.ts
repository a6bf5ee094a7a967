import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { openUrl, settled, signInConsole } from '../support/console-page.js';
import { npmStart, type StartedApp } from '../support/npm-start.js';

/**
 * The allow-list of link destinations (issue 20 item 9) through the console only: a campaign whose
 * banner leads off the verified domains is refused with a message pointing to this section, so the
 * admin must be able to keep the list here, at desktop and phone widths.
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

/** The whole page at desktop width (from the top, so the sticky header stays on top); the section itself on a phone. */
async function shoot(page: Page, name: string, width: number): Promise<void> {
  if (width > 600) await page.evaluate('window.scrollTo(0, 0)');
  else await page.getByTestId('destination-hosts').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(outDir, `${name}.png`), fullPage: width > 600 });
}

const text = async (page: Page, selector: string) => (await page.locator(selector).textContent({ timeout: 1000 }).catch(() => '')) ?? '';

describe('allowed link destinations on the Overview page', () => {
  for (const width of [1280, 375]) {
    it(`an admin allows a host, is told clearly why an IP address is refused, and removes the host at ${width} px`, async () => {
      const host = `shop${width}.partner.example`;
      const page = await signInConsole(browser, app.url, 'admin@acme.example', { width, height: width < 600 ? 800 : 900 });
      await openUrl(page, app.url, '/');
      await settled(page);
      const section = page.getByTestId('destination-hosts');
      await section.waitFor({ timeout: 20_000 });
      expect(await section.getByRole('heading', { name: 'Allowed link destinations' }).isVisible()).toBe(true);
      // The verified domain is listed, read-only.
      const list = section.getByRole('list', { name: 'Allowed websites' });
      expect(await list.getByRole('listitem').filter({ hasText: 'acme.example' }).textContent()).toContain('always allowed');
      expect(await list.getByRole('button', { name: 'Remove acme.example' }).count()).toBe(0);

      // An IP address: refused, the reason next to the field, gone once the field changes.
      const field = section.getByLabel('Allow another website');
      await field.fill('203.0.113.7');
      await section.getByRole('button', { name: 'Allow', exact: true }).click();
      await expect.poll(() => text(page, '#err-host'), { timeout: 20_000 }).toBe('must name a website, not an IP address');
      expect(await field.getAttribute('aria-invalid')).toBe('true');
      await shoot(page, `destination-hosts-error-${width}`, width);
      await field.fill('');
      expect(await page.locator('#err-host').count()).toBe(0);

      // A pasted web address counts as its host.
      await field.fill(`https://${host}/spring?utm=x`);
      await section.getByRole('button', { name: 'Allow', exact: true }).click();
      await expect.poll(() => section.getByTestId('allowed-host').filter({ hasText: host }).count(), { timeout: 20_000 }).toBe(1);
      expect(await field.inputValue()).toBe('');
      const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
      expect(overflow as number, 'the page scrolls sideways').toBeLessThanOrEqual(0);

      // The list survives a reload (it is the server's).
      await openUrl(page, app.url, '/');
      await settled(page);
      await expect.poll(() => page.getByTestId('allowed-host').filter({ hasText: host }).count(), { timeout: 20_000 }).toBe(1);
      await shoot(page, `destination-hosts-${width}`, width);

      // Removing asks first and says where links already sent will go; Cancel keeps the host.
      const remove = page.getByTestId('destination-hosts').getByRole('button', { name: `Remove ${host}` });
      await remove.click();
      const dialog = page.getByRole('dialog', { name: `Stop allowing ${host}?` });
      await dialog.waitFor({ timeout: 10_000 });
      expect(await dialog.textContent()).toContain('will go to your fallback address');
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      expect(await page.getByTestId('allowed-host').filter({ hasText: host }).count()).toBe(1);
      await remove.click();
      await dialog.getByRole('button', { name: 'Remove' }).click();
      await expect.poll(() => page.getByTestId('allowed-host').filter({ hasText: host }).count(), { timeout: 20_000 }).toBe(0);
      await page.context().close();
    });
  }

  it('is not shown to employees', async () => {
    const page = await signInConsole(browser, app.url, 'jane.doe@acme.example');
    await openUrl(page, app.url, '/');
    await settled(page);
    expect(await page.getByTestId('me-role').textContent()).not.toBe('admin');
    expect(await page.getByTestId('destination-hosts').count()).toBe(0);
    await page.context().close();
  });
});
