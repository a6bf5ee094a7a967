import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { openUrl, settled, signInConsole } from '../support/console-page.js';
import { npmStart, type StartedApp } from '../support/npm-start.js';

/**
 * A region whose operator has not set up Gmail pushes nor the Outlook add-in (no service account,
 * no Entra app): the console says so once, in words, as the operator's configuration, and offers
 * no action that could only fail. The env empties what the demo's stand-ins would provide.
 */
let app: StartedApp;
let browser: Browser;

beforeAll(async () => {
  app = await npmStart({ GOOGLE_SERVICE_ACCOUNT_KEY: '', MICROSOFT_CLIENT_ID: '' });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  if (app) await app.stop();
});

const SETTING_NAME = /\b[A-Z][A-Z0-9]*_[A-Z0-9_]*[A-Z0-9]\b/;

describe('a region without Gmail or Outlook credentials', () => {
  it('says it is the operator’s configuration, once per page, and hides the actions that cannot succeed', async () => {
    const acme = await signInConsole(browser, app.url, 'admin@acme.example');
    await openUrl(acme, app.url, '/deployment');
    await settled(acme);
    const deployment = (await acme.locator('main').textContent()) ?? '';
    expect(await acme.getByTestId('gmail-unavailable').textContent()).toContain('Pushing signatures to Gmail is not set up in this Herald region: that is the operator’s configuration');
    expect(deployment.match(/operator’s configuration/g)).toHaveLength(1);
    expect(deployment).not.toMatch(SETTING_NAME);
    for (const name of ['Push to Gmail', 'Push all again', 'Check']) expect(await acme.getByRole('button', { name, exact: true }).count()).toBe(0);
    expect(await acme.getByTestId('gmail-delegation').count()).toBe(0);
    await acme.close();

    const initech = await signInConsole(browser, app.url, 'admin@initech.example');
    await openUrl(initech, app.url, '/addins/outlook');
    await settled(initech);
    const outlook = (await initech.locator('main').textContent()) ?? '';
    expect(await initech.getByTestId('addin-unavailable').textContent()).toContain('The Outlook add-in is not set up in this Herald region: that is the operator’s configuration');
    expect(outlook.match(/operator’s configuration/g)).toHaveLength(1);
    expect(outlook).not.toMatch(SETTING_NAME);
    expect(await initech.getByRole('button', { name: /Download the manifest/ }).count()).toBe(0);
    await initech.close();
  });
});
