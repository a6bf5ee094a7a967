import { AxeBuilder } from '@axe-core/playwright';
import { deleteApp, initializeApp, type App } from 'firebase-admin/app';
import { getAuth } from 'firebase-admin/auth';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setOperator } from '../../functions/src/operator/operator-account.js';
import { launchChromium } from '../support/browser.js';
import { openUrl, settled, signInConsole } from '../support/console-page.js';
import { npmStart, type StartedApp } from '../support/npm-start.js';
import { signIn } from '../support/test-env.js';

/**
 * An owner approves a Herald operator's request in the console and then sees every read the
 * operator made under it. The operator has no console: their request and reads go through the
 * operator routes with an operator's token, as their tools do.
 */
let app: StartedApp;
let browser: Browser;
let admin: App;
let operatorToken: string;
const OPERATOR = 'support.engineer@herald.example';

beforeAll(async () => {
  app = await npmStart();
  browser = await launchChromium();
  // The operator command's work, against this npm start's Auth emulator.
  process.env.FIREBASE_AUTH_EMULATOR_HOST = `127.0.0.1:${app.authPort}`;
  admin = initializeApp({ projectId: 'demo-herald' }, 'e2e-operator-command');
  await getAuth(admin).createUser({ email: OPERATOR, password: 'herald-demo', emailVerified: true });
  await setOperator(getAuth(admin), OPERATOR, true);
  operatorToken = await signIn(`127.0.0.1:${app.authPort}`, OPERATOR, 'herald-demo');
});

afterAll(async () => {
  await browser?.close();
  if (admin) await deleteApp(admin);
  if (app) await app.stop();
});

const operatorApi = (path: string, init: RequestInit = {}) =>
  fetch(`${app.url}/api${path}`, { ...init, headers: { authorization: `Bearer ${operatorToken}`, 'content-type': 'application/json', ...init.headers } });

async function seriousAxe(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).exclude('iframe[sandbox]').analyze();
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
}

const shots = process.env.OPERATOR_SHOTS;

describe('operator access in the console', () => {
  it('an owner approves a waiting request, then sees each read the operator made under it', async () => {
    const asked = await operatorApi('/operator/access-requests', {
      method: 'POST',
      body: JSON.stringify({ tenantId: 'acme', areas: ['directory', 'audit'], readOnly: true, reason: 'Ticket 4711: the directory sync reports 3 users twice', hours: 4 }),
    });
    expect(asked.status).toBe(201);
    // Nothing is readable before an owner approves.
    expect((await operatorApi('/operator/tenants/acme/users')).status).toBe(403);

    const owner = await signInConsole(browser, app.url, 'owner@acme.example');
    await owner.getByRole('link', { name: 'Operator access', exact: true }).click();
    await settled(owner);
    const request = owner.getByTestId('operator-request').filter({ hasText: 'Ticket 4711' });
    await expect.poll(() => request.textContent()).toContain(OPERATOR);
    expect(await request.textContent()).toContain('Waiting for your decision');
    if (shots) await owner.screenshot({ path: `${shots}/operator-pending-1280.png`, fullPage: true });
    expect(await seriousAxe(owner)).toEqual([]);

    await request.getByRole('button', { name: 'Approve' }).click();
    await owner.getByRole('dialog').getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => request.textContent(), { timeout: 20_000 }).toContain('Approved, active');
    expect(await request.textContent()).toContain('by owner@acme.example');
    await expect.poll(() => request.textContent(), { timeout: 20_000 }).toContain('Nothing read yet');

    // The operator reads within the approval; a read outside it is refused.
    expect((await operatorApi('/operator/tenants/acme/users')).status).toBe(200);
    expect((await operatorApi('/operator/tenants/acme/audit')).status).toBe(200);
    expect((await operatorApi('/operator/tenants/acme/settings')).status).toBe(403);

    await openUrl(owner, app.url, '/operator-access');
    await settled(owner);
    const reads = owner.getByTestId('operator-request').filter({ hasText: 'Ticket 4711' }).getByTestId('operator-reads');
    await expect.poll(() => reads.locator('tbody tr').count(), { timeout: 20_000 }).toBe(2);
    const text = (await reads.textContent()) ?? '';
    expect(text).toContain('Directory');
    expect(text).toContain('Audit log');
    expect(await seriousAxe(owner)).toEqual([]);
    if (shots) await owner.screenshot({ path: `${shots}/operator-reads-1280.png`, fullPage: true });

    // The audit log shows the reads too, in their own category, by "A Herald operator".
    await openUrl(owner, app.url, '/audit?category=Operator%20access');
    await settled(owner);
    await expect.poll(async () => (await owner.getByTestId('audit').textContent()) ?? '', { timeout: 20_000 }).toContain('A Herald operator');

    if (shots) {
      const phone = await signInConsole(browser, app.url, 'owner@acme.example', { width: 375, height: 800 });
      await openUrl(phone, app.url, '/operator-access');
      await settled(phone);
      await phone.getByTestId('operator-reads').first().waitFor();
      await phone.screenshot({ path: `${shots}/operator-reads-375.png`, fullPage: true });
    }
  });

  it('an admin who is not an owner is not offered the screen', async () => {
    const page = await signInConsole(browser, app.url, 'admin@acme.example');
    expect(await page.getByRole('link', { name: 'Operator access', exact: true }).count()).toBe(0);
  });
});
