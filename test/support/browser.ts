import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { CHROMIUM_ARGS, testBrowser } from './find-browser.js';

/** A headless Chromium (CHROMIUM_PATH, the system's, or the bundled one, probed once: see find-browser.ts) with the network-quiet flags this machine needs. */
export async function launchChromium(): Promise<Browser> {
  const found = await testBrowser();
  const browser = await chromium.launch({
    executablePath: found.executablePath,
    ...(found.env ? { env: { ...process.env, ...found.env } } : {}),
    args: CHROMIUM_ARGS,
  });
  // Every context (browser.newPage makes one too) reports Content-Security-Policy violations.
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => watchCsp(await newContext(options));
  return browser;
}

/** A Content-Security-Policy violation seen by a browser test: what was refused, on which page. */
export interface CspViolation {
  page: string;
  message: string;
}

const violations: CspViolation[] = [];

/** The violations seen since the last call (test/support/csp-guard-setup.ts fails a test that has any). */
export function takeCspViolations(): CspViolation[] {
  return violations.splice(0);
}

/**
 * Two witnesses, so none is missed: the `securitypolicyviolation` event of every document that can
 * run script (an init script), and Chromium's console report of every refusal in any frame,
 * including sandboxed ones (the signature preview) and the framer of a refused frame.
 */
async function watchCsp(context: BrowserContext): Promise<BrowserContext> {
  await context.exposeBinding('__heraldCspViolation', (source, message: string) => {
    violations.push({ page: source.frame.url(), message });
  });
  await context.addInitScript(
    "document.addEventListener('securitypolicyviolation', (e) => void window.__heraldCspViolation(e.violatedDirective + ' refused ' + (e.blockedURI || 'inline') + ' (' + e.sourceFile + ':' + e.lineNumber + ')'));",
  );
  context.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) violations.push({ page: msg.page()?.url() ?? 'unknown', message: msg.text() });
  });
  return context;
}
