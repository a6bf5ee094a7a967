import { AxeBuilder } from '@axe-core/playwright';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { openUrl, settled, signInConsole } from '../support/console-page.js';
import { npmStart, type StartedApp } from '../support/npm-start.js';

/**
 * The whole-tenant export through the console only, against a real `npm start` (its Cloud Storage
 * stand-in): an admin starts an export, sees its files with their data, document counts and sizes
 * in words, and downloads a part and the manifest, which agree. With EXPORT_SHOTS=<dir> the screen
 * is saved there at 1280 and 375 px.
 */
let app: StartedApp;
let browser: Browser;
const shots = process.env.EXPORT_SHOTS;

beforeAll(async () => {
  app = await npmStart();
  browser = await launchChromium();
  if (shots) mkdirSync(shots, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  if (app) await app.stop();
});

async function axeSerious(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`);
}
const text = async (page: Page, testId: string) => (await page.getByTestId(testId).first().textContent({ timeout: 1000 }).catch(() => '')) ?? '';

describe('tenant export in the console', () => {
  it('an admin starts an export, sees its parts with counts and sizes, and downloads a part that matches the manifest', async () => {
    const admin = await signInConsole(browser, app.url, 'admin@acme.example', { width: 1280, height: 900 });
    await openUrl(admin, app.url, '/privacy');
    await settled(admin);
    await admin.getByRole('button', { name: 'Export all data' }).click();
    await expect.poll(() => text(admin, 'job'), { timeout: 90_000 }).toContain('Export: done');
    await expect.poll(() => text(admin, 'tenant-export'), { timeout: 20_000 }).toMatch(/Done: [\d,]+ documents in \d+ files \([\d.]+ (KB|MB|bytes)\)/);
    const rows = admin.getByTestId('export-part');
    expect(await rows.count()).toBeGreaterThan(3);
    const users = rows.filter({ hasText: 'users-00001.ndjson.gz' });
    const row = ((await users.textContent()) ?? '').replace(/\s+/g, ' ');
    // The data in words, its document count and size: no collection path, no id.
    const [, what, documents] = /^ ?(.+?) ([\d,]+) documents? · [\d.]+ (?:KB|MB|bytes) Download users-00001\.ndjson\.gz ?$/.exec(row) ?? [];
    expect(what, row).toBe('Directory record of an employee');
    expect(Number(documents!.replace(/\D/g, ''))).toBeGreaterThan(0);
    expect(await axeSerious(admin)).toEqual([]);

    const [part] = await Promise.all([admin.waitForEvent('download'), users.getByRole('button', { name: 'Download users-00001.ndjson.gz' }).click()]);
    expect(part.suggestedFilename()).toBe('users-00001.ndjson.gz');
    const partBytes = readFileSync((await part.path())!);
    const lines = gunzipSync(partBytes).toString('utf8').trim().split('\n');
    expect(lines.length).toBe(Number(documents!.replace(/\D/g, '')));
    expect(JSON.parse(lines[0]!)).toMatchObject({ path: expect.stringMatching(/^tenants\/acme\/users\//) });

    const [manifestDownload] = await Promise.all([admin.waitForEvent('download'), admin.getByRole('button', { name: 'Download the manifest' }).first().click()]);
    const manifest = JSON.parse(readFileSync((await manifestDownload.path())!, 'utf8')) as { collections: { name: string; parts: { name: string; documents: number; sha256: string }[] }[] };
    const listed = manifest.collections.flatMap((c) => c.parts).find((p) => p.name === 'users-00001.ndjson.gz')!;
    expect(listed.sha256).toBe(createHash('sha256').update(partBytes).digest('hex'));
    expect(listed.documents).toBe(lines.length);

    if (shots) {
      for (const width of [1280, 375]) {
        await admin.setViewportSize({ width, height: 900 });
        await admin.locator('section', { has: admin.getByRole('heading', { name: 'Export all data' }) }).screenshot({ path: path.join(shots, `privacy-export-${width}.png`) });
      }
    }
    // Still there after leaving and coming back.
    await openUrl(admin, app.url, '/privacy');
    await expect.poll(() => text(admin, 'tenant-export'), { timeout: 20_000 }).toContain('Done:');
    await admin.close();
  });
});
