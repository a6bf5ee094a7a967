import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { bundledChromium, findBrowser } from '../support/find-browser.js';

describe('finding a browser for the browser tests', () => {
  it('takes CHROMIUM_PATH first, and refuses one that does not exist, naming it', async () => {
    await expect(findBrowser({ CHROMIUM_PATH: process.execPath }, [])).resolves.toEqual({ executablePath: process.execPath, source: 'CHROMIUM_PATH' });
    await expect(findBrowser({ CHROMIUM_PATH: '/nowhere/chromium' }, [])).rejects.toThrow(/CHROMIUM_PATH=\/nowhere\/chromium does not exist/);
  });

  it('takes the first system browser that exists', async () => {
    await expect(findBrowser({}, ['/nowhere/chrome', process.execPath])).resolves.toEqual({ executablePath: process.execPath, source: 'system' });
  });

  it.runIf(process.platform === 'linux' && ['x64', 'arm64'].includes(process.arch))(
    'without either, unpacks the Chromium shipped in @sparticuz/chromium with its own libraries, and it renders a page',
    async () => {
      const found = await findBrowser({}, []);
      expect(found.source).toBe('@sparticuz/chromium');
      expect(existsSync(found.executablePath)).toBe(true);
      const libs = found.env?.LD_LIBRARY_PATH?.split(':')[0] ?? '';
      expect(libs).toMatch(/node_modules\/\.cache\/herald-chromium\/.+\/lib$/);
      expect(existsSync(`${libs}/libnss3.so`)).toBe(true);
      // Unpacked once: a second lookup reuses it.
      expect(await bundledChromium()).toEqual(found);

      const browser = await chromium.launch({
        executablePath: found.executablePath,
        env: { ...process.env, ...found.env },
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-quic', '--no-first-run', '--disable-sync'],
      });
      try {
        const page = await browser.newPage();
        await page.setContent('<h1>Acme</h1><script>document.title = String(6 * 7)</script>');
        expect(await page.title()).toBe('42');
        expect(await page.textContent('h1')).toBe('Acme');
      } finally {
        await browser.close();
      }
    },
    120_000,
  );
});
