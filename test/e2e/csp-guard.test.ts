import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, takeCspViolations } from '../support/browser.js';

/**
 * The witness every browser test relies on (test/support/browser.ts, csp-guard-setup.ts): a page
 * breaking its policy, in the page itself and inside a sandboxed srcdoc frame as the signature
 * preview uses, is reported. The test takes the violations itself, so the guard finds none left.
 */
let browser: Browser;
let server: Server;
beforeAll(async () => {
  browser = await launchChromium();
  server = http.createServer((_req, res) => {
    res.setHeader('Content-Security-Policy', "default-src 'self'; img-src 'self'");
    res.setHeader('Content-Type', 'text/html');
    res.end(`<!doctype html><script>window.inline = 1</script><iframe sandbox="" srcdoc="<img src='https://images.example/banner.png'>"></iframe>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  await browser?.close();
  server?.close();
});

describe('the CSP guard of the browser tests', () => {
  it('reports an inline script and an image refused in a sandboxed frame', async () => {
    const page = await browser.newPage();
    await page.route('https://images.example/**', (route) => route.fulfill({ status: 200, body: '' }));
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    const seen: string[] = [];
    const reported = (directive: string) => async () => {
      seen.push(...takeCspViolations().map((v) => v.message));
      return seen.some((m) => m.includes(directive));
    };
    await expect.poll(reported('script-src'), { timeout: 10_000 }).toBe(true);
    await expect.poll(reported('img-src'), { timeout: 10_000 }).toBe(true);
    await page.close();
  });
});
