import { AxeBuilder } from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { openUrl, settled, signInConsole } from '../support/console-page.js';
import { npmStart, type StartedApp } from '../support/npm-start.js';

/** The template designer, through the console only, against a real `npm start`. */
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

const LEGAL = 'Acme Ltd, registered in England, no. 0123456.';
const frame = (page: Page) => page.frameLocator('[data-testid=signature-frame]');
const frameText = async (page: Page) => (await frame(page).locator('body').textContent({ timeout: 30_000 })) ?? '';

async function seriousAxe(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).exclude('iframe[sandbox]').analyze();
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
}

describe('the template designer', () => {
  it('builds a signature without HTML, warns about a hard-to-see colour, saves, reopens in the designer with its preview, and shows its HTML on request', async () => {
    const admin = await signInConsole(browser, app.url, 'admin@acme.example');
    await admin.getByRole('link', { name: 'Templates', exact: true }).click();
    await admin.getByRole('link', { name: 'Open the designer' }).click();
    await expect.poll(() => admin.title()).toBe('New template · Herald');
    await admin.getByTestId('template-designer').waitFor();
    await admin.getByRole('textbox', { name: 'Name', exact: true }).fill('Designed signature');

    await admin.getByLabel('Logo on top').check();
    // A navy that vanishes on a dark mail background: the designer says so and offers a shade that works.
    await admin.getByLabel('Brand colour').fill('#0b2545');
    const warning = admin.getByTestId('brand-contrast-warning');
    await expect.poll(async () => (await warning.textContent({ timeout: 1000 }).catch(() => '')) ?? '', { timeout: 10_000 }).toContain('hard to see on a dark mail background');
    await admin.screenshot({ path: `${outDir}/designer-warning-1280.png`, fullPage: true });
    await warning.getByRole('button', { name: /^Use #[0-9a-f]{6} instead$/ }).click();
    await expect.poll(() => warning.count(), { timeout: 10_000 }).toBe(0);

    await admin.getByLabel('Mobile phone').uncheck();
    await admin.getByRole('button', { name: 'Add a social link' }).click();
    await admin.getByLabel('Network 1').selectOption({ label: 'Video channel' });
    await admin.getByLabel('Link 1').fill('not a link');
    await expect.poll(async () => (await admin.locator('#err-design-social-0').textContent()) ?? '').toContain('https://');
    await admin.getByLabel('Link 1').fill('https://video.example/@acme');
    await expect.poll(async () => (await admin.locator('#err-design-social-0').textContent()) ?? '').toBe('');
    await admin.getByLabel('Text under the signature').fill(LEGAL);
    expect(await seriousAxe(admin)).toEqual([]);

    await admin.getByRole('button', { name: 'Create template' }).click();
    await expect.poll(() => admin.url(), { timeout: 20_000 }).toMatch(/\/templates\/(?!new)[^/]+$/);
    const url = new URL(admin.url()).pathname;

    // A full reload: the template opens in the designer, with what was chosen, and the preview shows it.
    await openUrl(admin, app.url, url);
    await settled(admin);
    await admin.getByTestId('template-designer').waitFor();
    expect(await admin.getByLabel('Logo on top').isChecked()).toBe(true);
    expect(await admin.getByLabel('Mobile phone').isChecked()).toBe(false);
    expect(await admin.getByLabel('Text under the signature').inputValue()).toBe(LEGAL);
    expect(await admin.getByLabel('Link 1').inputValue()).toBe('https://video.example/@acme');
    expect(await admin.getByTestId('brand-contrast-warning').count()).toBe(0);
    await expect.poll(() => frameText(admin), { timeout: 30_000 }).toContain(LEGAL);
    const icon = frame(admin).locator('img[src$="/social/video.png"]');
    expect(await icon.getAttribute('alt')).toBe('Acme: Video channel');
    const png = await admin.request.get(`${app.url}/social/video.png`);
    expect(png.status()).toBe(200);
    expect(png.headers()['content-type']).toBe('image/png');
    await admin.screenshot({ path: `${outDir}/designer-1280.png`, fullPage: true });
    await admin.getByRole('button', { name: 'Dark mode' }).click();
    await admin.locator('.preview-pane').screenshot({ path: `${outDir}/designer-preview-dark.png` });

    // Edit as HTML shows the designer's HTML in the code editor, and, unchanged, goes back without a question.
    await admin.getByRole('button', { name: 'Edit as HTML' }).click();
    await expect.poll(async () => (await admin.locator('.cm-content').textContent({ timeout: 1000 }).catch(() => '')) ?? '', { timeout: 10_000 }).toContain(LEGAL);
    expect(await admin.locator('.cm-content').textContent()).toContain('<table cellpadding="0"');
    expect(await admin.getByRole('note').filter({ hasText: 'made by the designer' }).textContent()).toContain('the designer can no longer edit this template');
    expect(await admin.getByTestId('template-designer').count()).toBe(0);
    await admin.getByRole('button', { name: 'Designer', exact: true }).click();
    await admin.getByTestId('template-designer').waitFor({ timeout: 10_000 });

    // Edited HTML is the admin's: going back asks first; saved, the template reopens as HTML.
    await admin.getByRole('button', { name: 'Edit as HTML' }).click();
    await admin.locator('.cm-content').click();
    await admin.keyboard.press('Control+End');
    await admin.keyboard.type('<p>Hand-written line</p>');
    await admin.getByRole('button', { name: 'Designer', exact: true }).click();
    await admin.getByRole('dialog').getByRole('heading', { name: 'Go back to the designer?' }).waitFor({ timeout: 10_000 });
    await admin.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    expect(await admin.getByTestId('template-designer').count()).toBe(0);
    await admin.getByRole('button', { name: 'Save template' }).click();
    await expect.poll(async () => (await admin.locator('.toast').textContent()) ?? '', { timeout: 20_000 }).toContain('Template saved');
    await openUrl(admin, app.url, url);
    await settled(admin);
    await expect.poll(async () => (await admin.locator('.cm-content').textContent({ timeout: 1000 }).catch(() => '')) ?? '', { timeout: 20_000 }).toContain('Hand-written line');
    expect(await admin.getByTestId('template-designer').count()).toBe(0);
    await admin.close();
  });

  it('fits a phone’s width', async () => {
    const admin = await signInConsole(browser, app.url, 'admin@acme.example', { width: 375, height: 800 });
    await openUrl(admin, app.url, '/templates/new');
    await admin.getByTestId('template-designer').waitFor();
    await admin.getByLabel('Brand colour').fill('#ffd400');
    await admin.getByTestId('brand-contrast-warning').waitFor();
    expect(await admin.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await admin.screenshot({ path: `${outDir}/designer-375.png`, fullPage: true });
    expect(await seriousAxe(admin)).toEqual([]);
    await admin.close();
  });
});
