import { AxeBuilder } from '@axe-core/playwright';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFirestoreEmulator, type FirestoreEmulator } from '../../functions/src/local/firestore-emulator.js';
import { launchChromium } from '../support/browser.js';
import { openUrl, settled, signInConsole } from '../support/console-page.js';
import { npmStart, type StartedApp } from '../support/npm-start.js';

/**
 * Incidents through the console, against a real `npm start` on the official Firestore emulator:
 * Herald's operator records an incident and an update with the operator command (as in
 * production, straight into the region's Firestore), then Acme's admin finds it from Privacy,
 * reads its timeline and downloads it as JSON and as a document; Initech's admin sees none.
 * With INCIDENT_SHOTS=<dir> the screen is saved there at 1280 and 375 px.
 */
let firestore: FirestoreEmulator;
let app: StartedApp;
let browser: Browser;
const shots = process.env.INCIDENT_SHOTS;
const run = promisify(execFile);
/** Where the command writes the owners' mails (.eml files: no SMTP server under the emulators). */
const mailDir = mkdtempSync(path.join(tmpdir(), 'incident-mail-'));

beforeAll(async () => {
  firestore = await startFirestoreEmulator({ quiet: true });
  app = await npmStart({ FIRESTORE_EMULATOR_HOST: firestore.host });
  browser = await launchChromium();
  if (shots) mkdirSync(shots, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  if (app) await app.stop();
  await firestore?.stop();
});

/** The operator command, as README's runbook runs it (docs/incidents.md). */
async function operator(command: 'record' | 'update', file: string): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'incident-'));
  const at = path.join(dir, 'incident.yaml');
  writeFileSync(at, file);
  const { stdout } = await run('node', ['--import', 'tsx', 'functions/src/local/incident.ts', command, '--project', 'demo-herald', '--file', at], {
    env: { ...process.env, FIRESTORE_EMULATOR_HOST: firestore.host, FIREBASE_AUTH_EMULATOR_HOST: `127.0.0.1:${app.authPort}`, HERALD_MAIL_DIR: mailDir },
  });
  return stdout;
}

async function axeSerious(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`);
}

describe('security incidents in the console', () => {
  it('an admin finds the incident from Privacy, reads its timeline and downloads it; another tenant sees none', async () => {
    const recorded = await operator(
      'record',
      [
        'title: Export links sent to the wrong address',
        "whatHappened: A support reply carried the download link of another organisation's export.",
        'detectedAt: 2026-12-01T08:30:00Z',
        'tenants: [acme]',
        'categories: [contact, identity]',
        'approximatePeople: 120',
        'approximateRecords: 340',
        'likelyConsequences: Names and work addresses may be used for unsolicited mail.',
        'measures: The link was revoked.',
        'contact: { name: Herald privacy desk, email: privacy@herald.example }',
      ].join('\n'),
    );
    const incidentId = /incident (inc-\d{8}-[0-9a-f]{8})/.exec(recorded)?.[1];
    expect(incidentId, recorded).toBeTruthy();
    await operator('update', [`incident: ${incidentId}`, 'summary: The recipient confirmed deleting the file.', 'status: contained', 'approximatePeople: 118'].join('\n'));
    // Acme's owner was mailed the notice and the update; nobody else.
    const sent = readdirSync(mailDir).map((f) => readFileSync(path.join(mailDir, f), 'utf8'));
    expect(sent).toHaveLength(2);
    for (const eml of sent) expect(/^To: (.*)$/m.exec(eml)?.[1]).toBe('owner@acme.example');

    for (const width of [1280, 375]) {
      const admin = await signInConsole(browser, app.url, 'admin@acme.example', { width, height: 900 });
      await openUrl(admin, app.url, '/privacy');
      await admin.getByRole('link', { name: 'Security incidents' }).click();
      await settled(admin);
      const incident = admin.getByTestId('incident');
      await expect.poll(() => incident.count(), { timeout: 20_000 }).toBe(1);
      const text = (await incident.textContent()) ?? '';
      expect(text).toContain('Export links sent to the wrong address');
      expect(text).toContain('Contained');
      expect(text).toContain('about 118');
      expect(text).toContain('Work contact details (email, phone numbers); Name');
      const steps = admin.getByTestId('timeline').locator(':scope > li');
      expect(await steps.count()).toBe(2);
      expect(await steps.nth(1).textContent()).toContain('The recipient confirmed deleting the file.');
      expect(await axeSerious(admin)).toEqual([]);
      const overflow = await admin.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
      expect(overflow as number, 'the page scrolls sideways').toBeLessThanOrEqual(0);
      if (shots) await admin.screenshot({ path: path.join(shots, `incidents-${width}.png`), fullPage: true });

      if (width === 1280) {
        const [json] = await Promise.all([admin.waitForEvent('download'), admin.getByRole('button', { name: 'Download as JSON' }).click()]);
        const body = JSON.parse(readFileSync(await json.path(), 'utf8'));
        expect(body.incidents.map((i: { id: string }) => i.id)).toEqual([incidentId]);
        expect(body.incidents[0].updates).toHaveLength(1);
        const [doc] = await Promise.all([admin.waitForEvent('download'), admin.getByRole('button', { name: 'Download as a document' }).click()]);
        expect(doc.suggestedFilename()).toMatch(/^security-incidents-\d{4}-\d{2}-\d{2}\.md$/);
        const md = readFileSync(await doc.path(), 'utf8');
        expect(md).toContain('## Export links sent to the wrong address');
        expect(md).toContain('The recipient confirmed deleting the file.');
      }
      await admin.context().close();
    }

    const other = await signInConsole(browser, app.url, 'admin@initech.example');
    await openUrl(other, app.url, '/privacy/incidents');
    await settled(other);
    await expect.poll(() => other.getByRole('heading', { name: 'No incidents' }).count(), { timeout: 20_000 }).toBe(1);
    expect(await other.getByTestId('incident').count()).toBe(0);
    expect(await axeSerious(other)).toEqual([]);
    if (shots) await other.screenshot({ path: path.join(shots, 'incidents-none-1280.png'), fullPage: true });
    await other.context().close();
  });
});
