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

    await page.getByRole('link', { name: 'Directory', exact: true }).click();
    await expect.poll(() => page.getByTestId('directory-rows').locator('tr').count(), { timeout: 20_000 }).toBe(25);
    await expect.poll(async () => (await page.getByTestId('directory-rows').textContent()) ?? '').toContain('jane.doe@acme.example');
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/acme-directory.png', fullPage: true });
    await page.close();
  });

  it('shows Initech to its admin, with none of Acme', async () => {
    const page = await signIn('admin@initech.example');
    await expect.poll(() => page.getByTestId('tenant-name').textContent(), { timeout: 20_000 }).toBe('Initech');
    await page.getByRole('link', { name: 'Directory', exact: true }).click();
    await expect.poll(() => page.getByTestId('directory-rows').locator('tr').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await page.locator('body').textContent()).not.toContain('acme.example');
    await page.close();
  });

  it('gives an employee no admin screens', async () => {
    const page = await signIn('jane.doe@acme.example');
    await expect.poll(() => page.getByTestId('tenant-name').textContent(), { timeout: 20_000 }).toBe('Acme');
    expect(await page.getByRole('link', { name: 'Directory', exact: true }).count()).toBe(0);
    await page.close();
  });

  it('lets an employee edit their own title, and reset it to the directory value', async () => {
    const page = await signIn('jane.doe@acme.example');
    await page.getByRole('link', { name: 'My profile', exact: true }).click();
    const title = page.getByLabel('Title');
    await expect.poll(() => title.inputValue(), { timeout: 20_000 }).toBe('Account Executive');
    await title.fill('Head of Examples');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.locator('#toast').textContent(), { timeout: 20_000 }).toBe('Saved.');
    await page.reload();
    await expect.poll(() => page.getByLabel('Title').inputValue(), { timeout: 20_000 }).toBe('Head of Examples');
    await page.getByRole('button', { name: 'use the directory value' }).click();
    await expect.poll(() => page.getByLabel('Title').inputValue(), { timeout: 20_000 }).toBe('Account Executive');
    await page.close();
  });

  it("shows an employee their rendered signature and the company's notification, and keeps their like", async () => {
    const page = await signIn('jane.doe@acme.example');
    await page.getByRole('link', { name: 'My signature', exact: true }).click();
    const frame = page.frameLocator('[data-testid=signature-frame]');
    await expect.poll(async () => (await frame.locator('body').textContent({ timeout: 20_000 })) ?? '', { timeout: 20_000 }).toContain('Jane Doe');
    // The console shows a preview: the campaign's own image, never the counted view link (/v/<token>),
    // so looking at one's signature is not a banner view.
    const banner = frame.getByRole('img', { name: 'Acme spring launch: the new collection is here' });
    expect(await banner.getAttribute('src')).toMatch(/\/img\/acme\/[0-9a-f]{32}\.png$/);
    const srcs = await frame.locator('img').evaluateAll((imgs) => imgs.map((i) => i.getAttribute('src') ?? ''));
    expect(srcs.filter((s) => /\/v\//.test(s))).toEqual([]);
    await expect.poll(() => banner.evaluate((img) => { const i = img as unknown as { complete: boolean; naturalWidth: number }; return i.complete && i.naturalWidth; }), { timeout: 20_000 }).toBe(1200);
    // A 1200 px image for sharp screens, shown 600 px wide.
    expect(await banner.getAttribute('width')).toBe('600');

    await page.getByRole('link', { name: 'Notifications', exact: true }).click();
    const like = page.getByRole('button', { name: 'Like' });
    await like.click();
    await expect.poll(() => page.getByRole('button', { name: 'Liked' }).count(), { timeout: 20_000 }).toBe(1);
    await page.reload();
    await page.getByRole('link', { name: 'Notifications', exact: true }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Liked' }).count(), { timeout: 20_000 }).toBe(1);
    await page.close();
  });

  it('lists campaigns for the admin with a notification report', async () => {
    const page = await signIn('admin@acme.example');
    await page.getByRole('link', { name: 'Campaigns', exact: true }).click();
    await expect.poll(() => page.getByRole('link', { name: 'Spring launch' }).count(), { timeout: 20_000 }).toBe(1);
    await page.getByRole('link', { name: 'Welcome to the new signatures' }).click();
    await expect.poll(() => page.url()).toMatch(/\/campaigns\/welcome-notice$/);
    await expect.poll(async () => (await page.getByTestId('campaign-report').textContent()) ?? '', { timeout: 20_000 }).toContain('Audience');
    await page.close();
  });

  it("lets the admin erase an employee by email, leaving a deletion certificate and no trace in the directory", async () => {
    const page = await signIn('admin@acme.example');
    await page.getByRole('link', { name: 'Privacy', exact: true }).click();
    await page.getByLabel(/Email addresses of people to erase/).fill('kim.pilot@acme.example');
    await page.getByRole('button', { name: 'Erase', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Erase' }).click();
    await expect.poll(async () => (await page.getByTestId('job').textContent({ timeout: 1000 }).catch(() => '')) ?? '', { timeout: 30_000 }).toContain('Erasure: done');
    await page.reload();
    await expect.poll(async () => (await page.getByTestId('deletions').textContent({ timeout: 1000 }).catch(() => '')) ?? '', { timeout: 20_000 }).toContain('admin request');
    await page.getByRole('link', { name: 'Directory', exact: true }).click();
    await expect.poll(() => page.getByTestId('directory-rows').locator('tr').count(), { timeout: 20_000 }).toBe(25);
    expect(await page.getByTestId('directory-rows').textContent()).not.toContain('kim.pilot');
    await page.close();
  });

  it('lets the admin opt in to recipient-level click tracking', async () => {
    const page = await signIn('admin@initech.example');
    const box = page.getByLabel(/Recipient-level click tracking/);
    await expect.poll(() => box.isChecked(), { timeout: 20_000 }).toBe(false);
    await box.check();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => page.locator('#toast').textContent(), { timeout: 20_000 }).toBe('Saved.');
    await page.reload();
    await expect.poll(() => page.getByLabel(/Recipient-level click tracking/).isChecked(), { timeout: 20_000 }).toBe(true);
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

  it('lets a newcomer create a tenant for their domain, and an employee join theirs', async () => {
    await createVerifiedAccount(app.authPort, 'founder@globex.example');
    const founder = await signIn('founder@globex.example');
    await founder.getByLabel('Company name').fill('Globex');
    await founder.getByRole('button', { name: 'Create a tenant for globex.example' }).click();
    await expect.poll(() => founder.getByTestId('tenant-name').textContent(), { timeout: 20_000 }).toBe('Globex');
    expect(await founder.getByTestId('me-role').textContent()).toBe('owner');
    await founder.close();

    await createVerifiedAccount(app.authPort, 'kai.model@acme.example');
    const employee = await signIn('kai.model@acme.example');
    await employee.getByRole('button', { name: 'Join your company on Herald' }).click();
    await expect.poll(() => employee.getByTestId('tenant-name').textContent(), { timeout: 20_000 }).toBe('Acme');
    expect(await employee.getByTestId('me-role').textContent()).toBe('user');
    await employee.close();
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

/** A password account with a verified email, made through the Auth emulator's REST API. */
async function createVerifiedAccount(authPort: number, email: string): Promise<void> {
  const base = `http://127.0.0.1:${authPort}/identitytoolkit.googleapis.com/v1`;
  const signUp = await fetch(`${base}/accounts:signUp?key=demo-api-key`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'herald-demo', returnSecureToken: true }),
  });
  const { localId } = (await signUp.json()) as { localId: string };
  const verify = await fetch(`${base}/projects/demo-herald/accounts:update`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer owner' },
    body: JSON.stringify({ localId, emailVerified: true }),
  });
  if (!verify.ok) throw new Error(`could not verify the test account: ${verify.status}`);
}
