import { AxeBuilder } from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { openUrl, settled, signInConsole } from '../support/console-page.js';
import { npmStart, type StartedApp } from '../support/npm-start.js';

/**
 * Every console screen at 1280 and 375 px: it renders with its page title, nothing overflows the
 * viewport sideways, and axe-core finds no serious or critical violation. With SCREENSHOTS=1
 * (`npm run screenshots`) the screenshots go to docs/screenshots/, otherwise to test-results/.
 */
const SCREENS: { path: string; title: string; as: string; name: string }[] = [
  { path: '/', title: 'Overview', as: 'admin@acme.example', name: 'overview' },
  { path: '/templates', title: 'Templates', as: 'admin@acme.example', name: 'templates' },
  { path: '/templates/acme-standard', title: 'Template', as: 'admin@acme.example', name: 'template-editor' },
  { path: '/templates/new?starter=logo', title: 'New template', as: 'admin@acme.example', name: 'template-new' },
  { path: '/templates/new', title: 'New template', as: 'admin@acme.example', name: 'template-designer' },
  { path: '/campaigns', title: 'Campaigns', as: 'admin@acme.example', name: 'campaigns' },
  { path: '/campaigns/spring-launch', title: 'Campaign', as: 'admin@acme.example', name: 'campaign-banner' },
  { path: '/campaigns/spring-lookbook', title: 'Campaign', as: 'admin@acme.example', name: 'campaign-ab-test' },
  { path: '/campaigns/welcome-notice', title: 'Campaign', as: 'admin@acme.example', name: 'campaign-notification' },
  { path: '/campaigns/new?kind=notification', title: 'New campaign', as: 'admin@acme.example', name: 'campaign-new-notification' },
  { path: '/reports?campaign=spring-launch', title: 'Reports', as: 'admin@acme.example', name: 'reports' },
  { path: '/directory', title: 'Directory', as: 'admin@acme.example', name: 'directory' },
  { path: '/directory/connect', title: 'Connect the directory', as: 'admin@acme.example', name: 'directory-connect' },
  { path: '/directory/users/u649905b987a36b6', title: 'Directory user', as: 'admin@acme.example', name: 'directory-user' },
  { path: '/deployment', title: 'Deployment', as: 'admin@acme.example', name: 'deployment' },
  { path: '/addins/outlook', title: 'Outlook add-in', as: 'admin@acme.example', name: 'outlook-addin' },
  { path: '/addins/gmail', title: 'Gmail add-on', as: 'admin@acme.example', name: 'gmail-addon' },
  { path: '/members', title: 'Members', as: 'admin@acme.example', name: 'members' },
  { path: '/privacy', title: 'Privacy', as: 'admin@acme.example', name: 'privacy' },
  { path: '/audit', title: 'Audit log', as: 'admin@acme.example', name: 'audit' },
  { path: '/operator-access', title: 'Operator access', as: 'owner@acme.example', name: 'operator-access' },
  { path: '/alerts', title: 'Alerts', as: 'owner@acme.example', name: 'alerts' },
  { path: '/signature', title: 'My signature', as: 'jane.doe@acme.example', name: 'my-signature' },
  { path: '/notifications', title: 'Notifications', as: 'jane.doe@acme.example', name: 'notifications' },
  { path: '/profile', title: 'My profile', as: 'jane.doe@acme.example', name: 'profile' },
  { path: '/', title: 'Overview', as: 'jane.doe@acme.example', name: 'employee-overview' },
];
const WIDTHS = [1280, 375];

const outDir = process.env.SCREENSHOTS ? 'docs/screenshots' : 'test-results/screenshots';
let app: StartedApp;
let browser: Browser;
const pages = new Map<string, Page>();

beforeAll(async () => {
  mkdirSync(outDir, { recursive: true });
  app = await npmStart();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  if (app) await app.stop();
});

async function pageFor(email: string, width: number): Promise<Page> {
  const key = `${email}@${width}`;
  let page = pages.get(key);
  if (!page) {
    page = await signInConsole(browser, app.url, email, { width, height: width < 600 ? 800 : 900 });
    pages.set(key, page);
  }
  return page;
}

describe('every console screen', () => {
  for (const width of WIDTHS) {
    for (const screen of SCREENS) {
      it(`${screen.path} as ${screen.as.split('@')[0]} at ${width} px`, async () => {
        const page = await pageFor(screen.as, width);
        await openUrl(page, app.url, screen.path);
        await expect.poll(() => page.title(), { timeout: 20_000 }).toBe(`${screen.title} · Herald`);
        await settled(page);
        // Charts and frames get a moment to draw.
        await page.waitForTimeout(400);
        expect(await page.getByRole('alert').filter({ hasText: /went wrong|HTTP \d/ }).count()).toBe(0);
        const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
        expect(overflow as number, 'the page scrolls sideways').toBeLessThanOrEqual(0);
        await page.screenshot({ path: path.join(outDir, `${screen.name}-${width}.png`), fullPage: width > 600 });
        // Signature frames are sandboxed email HTML (no scripts, so axe cannot run inside and waits
        // for each one): their content is the customer's design, not the console's.
        const { violations } = await new AxeBuilder({ page }).exclude('iframe[sandbox]').analyze();
        const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
        expect(serious).toEqual([]);
      });
    }
  }

  it('opens the navigation from the menu button at 375 px', async () => {
    const page = await pageFor('admin@acme.example', 375);
    await openUrl(page, app.url, '/');
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Menu' }).click();
    expect(await nav.isVisible()).toBe(true);
    await nav.getByRole('link', { name: 'Campaigns' }).click();
    await expect.poll(() => page.title()).toBe('Campaigns · Herald');
    expect(await nav.isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(true);
  });
});
