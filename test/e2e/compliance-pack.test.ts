import { AxeBuilder } from '@axe-core/playwright';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { openUrl, settled, signInConsole } from '../support/console-page.js';
import { npmStart, type StartedApp } from '../support/npm-start.js';
import { pdfPages } from '../support/pdf-text.js';

/** The compliance pack from the Privacy screen, through the console only, at desktop and phone widths. */
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

async function noSeriousViolations(page: Page): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).include('[data-testid="compliance-pack"]').analyze();
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
  expect(serious).toEqual([]);
}

async function download(page: Page, button: ReturnType<Page['getByRole']>): Promise<{ name: string; data: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), button.click()]);
  return { name: file.suggestedFilename(), data: readFileSync((await file.path())!) };
}

describe('the compliance pack on the Privacy screen', () => {
  for (const width of [1280, 375]) {
    it(`an admin downloads the whole pack as PDF and the DPIA draft as Markdown at ${width} px`, async () => {
      const page = await signInConsole(browser, app.url, 'admin@acme.example', { width, height: width < 600 ? 800 : 900 });
      await openUrl(page, app.url, '/privacy');
      await settled(page);
      const section = page.getByTestId('compliance-pack');
      await section.getByRole('heading', { name: 'Compliance pack' }).waitFor({ timeout: 20_000 });
      await section.scrollIntoViewIfNeeded();
      await expect.poll(() => section.getByText('Settings fingerprint').count(), { timeout: 20_000 }).toBe(1);

      const pdf = await download(page, section.getByRole('button', { name: 'Download the whole pack as PDF' }));
      expect(pdf.name).toMatch(/^herald-compliance-pack-[0-9a-f]{12}\.pdf$/);
      const text = (await pdfPages(pdf.data)).join('\n');
      for (const title of ['Sub-processors', 'Technical and organisational measures', 'Data processing annex', 'Data protection impact assessment']) expect(text).toContain(title);
      expect(text).toContain('Acme');

      const dpia = await download(page, section.getByRole('button', { name: /^Download Data protection impact assessment .* as Markdown$/ }));
      expect(dpia.name).toMatch(/^herald-dpia-[0-9a-f]{12}\.md$/);
      const md = dpia.data.toString('utf8');
      expect(md).toContain('Customer (controller):** Acme');
      expect(md).toContain('Recipient tracking:** OFF');

      const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
      expect(overflow as number, 'the page scrolls sideways').toBeLessThanOrEqual(0);
      await noSeriousViolations(page);
      await section.screenshot({ path: path.join(outDir, `compliance-pack-${width}.png`) });
      await page.context().close();
    });
  }
});
