import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';

/** Signs in through the console's form and waits for the shell (tenant name in the header). */
export async function signInConsole(browser: Browser, baseUrl: string, email: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
  // A context of its own (axe-core needs one), so sessions of different people stay apart.
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await page.goto(baseUrl);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('herald-demo');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByTestId('tenant-name').waitFor({ timeout: 30_000 });
  return page;
}

/** Opens a console URL by typing it (a full page load: the URL alone must bring the screen back). */
export async function openUrl(page: Page, baseUrl: string, path: string): Promise<void> {
  await page.goto(`${baseUrl}${path}`, { waitUntil: 'domcontentloaded' });
  await page.getByTestId('tenant-name').waitFor({ timeout: 30_000 });
}

/** Waits until no busy indicator is left in the main area. */
export async function settled(page: Page): Promise<void> {
  await expect.poll(() => page.locator('main .busy').count(), { timeout: 30_000 }).toBe(0);
}
