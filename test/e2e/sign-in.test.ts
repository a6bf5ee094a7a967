import { mkdirSync } from 'node:fs';
import net from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { npmStart, type StartedApp } from '../support/npm-start.js';

let app: StartedApp;
let browser: Browser;

beforeAll(async () => {
  app = await npmStart();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  if (app) await app.stop();
});

async function signIn(email: string) {
  const page = await browser.newPage();
  await page.goto(app.url);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('herald-demo');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  return page;
}

describe('npm start in a browser', () => {
  it('signs the Acme admin in and shows Acme and its directory', async () => {
    const page = await signIn('admin@acme.example');
    await expect.poll(() => page.getByTestId('tenant-name').textContent(), { timeout: 20_000 }).toBe('Acme');
    expect(await page.getByTestId('me-role').textContent()).toBe('admin');
    expect(await page.getByTestId('tenant-region').textContent()).toBe('EU');

    await page.getByRole('link', { name: 'Directory' }).click();
    await expect.poll(() => page.locator('tbody tr').count(), { timeout: 20_000 }).toBe(25);
    await expect.poll(async () => (await page.locator('tbody').textContent()) ?? '').toContain('jane.doe@acme.example');
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/acme-directory.png', fullPage: true });
    await page.close();
  });

  it('shows Initech to its admin, with none of Acme', async () => {
    const page = await signIn('admin@initech.example');
    await expect.poll(() => page.getByTestId('tenant-name').textContent(), { timeout: 20_000 }).toBe('Initech');
    await page.getByRole('link', { name: 'Directory' }).click();
    await expect.poll(() => page.locator('tbody tr').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await page.locator('body').textContent()).not.toContain('acme.example');
    await page.close();
  });

  it('gives an employee no admin screens', async () => {
    const page = await signIn('jane.doe@acme.example');
    await expect.poll(() => page.getByTestId('tenant-name').textContent(), { timeout: 20_000 }).toBe('Acme');
    expect(await page.getByRole('link', { name: 'Directory' }).count()).toBe(0);
    await page.close();
  });

  it('refuses a wrong password', async () => {
    const page = await browser.newPage();
    await page.goto(app.url);
    await page.getByLabel('Email').fill('admin@acme.example');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 20_000 }).toContain('Wrong email or password');
    await page.close();
  });

  it('stops both processes cleanly on Ctrl-C', async () => {
    await app.stop();
    const free = (port: number) =>
      new Promise<boolean>((resolve) => {
        const s = net.createServer().once('error', () => resolve(false));
        s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
      });
    expect(await free(app.authPort)).toBe(true);
    expect(await free(Number(new URL(app.url).port))).toBe(true);
    expect(app.output()).toContain('SIGINT: stopping Herald');
    expect(app.output()).toContain('Herald stopped.');
  });
});
