import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';

/** Signs in through the console's form and waits for the shell (tenant name in the header). */
export async function signInConsole(browser: Browser, baseUrl: string, email: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
  const page = await browser.newPage({ viewport });
  await page.goto(baseUrl);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('herald-demo');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByTestId('tenant-name').waitFor({ timeout: 30_000 });
  return page;
}

/** Opens a console URL by typing it (a full page load: the URL alone must bring the screen back). */
export async function openUrl(page: Page, baseUrl: string, path: string): Promise<void> {
  await page.goto(`${baseUrl}${path}`);
  await page.getByTestId('tenant-name').waitFor({ timeout: 30_000 });
}

/** Waits until no busy indicator is left in the main area. */
export async function settled(page: Page): Promise<void> {
  await expect.poll(() => page.locator('main .busy').count(), { timeout: 30_000 }).toBe(0);
}
