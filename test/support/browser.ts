import { chromium, type Browser } from 'playwright-core';
import { findBrowser } from './find-browser.js';

/** A headless Chromium (CHROMIUM_PATH, the system's, or the bundled one: see find-browser.ts) with the network-quiet flags this machine needs. */
export async function launchChromium(): Promise<Browser> {
  const found = await findBrowser();
  return chromium.launch({
    executablePath: found.executablePath,
    ...(found.env ? { env: { ...process.env, ...found.env } } : {}),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-quic', '--no-first-run', '--disable-sync'],
  });
}
