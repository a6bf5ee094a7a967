import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { bundledChromium, CHROMIUM_ARGS, findBrowser, SYSTEM_BROWSERS, type BrowserProbe } from '../support/find-browser.js';

const starts: BrowserProbe = async () => undefined;
const bundledRuns = process.platform === 'linux' && ['x64', 'arm64'].includes(process.arch);

describe('finding a browser for the browser tests', () => {
  it('takes CHROMIUM_PATH first, and refuses one that does not exist or does not start, naming it', async () => {
    await expect(findBrowser({ CHROMIUM_PATH: process.execPath }, [], starts)).resolves.toEqual({ executablePath: process.execPath, source: 'CHROMIUM_PATH' });
    await expect(findBrowser({ CHROMIUM_PATH: '/nowhere/chromium' }, [], starts)).rejects.toThrow(/CHROMIUM_PATH=\/nowhere\/chromium does not exist/);
    // Node is no browser: the real probe cannot launch it, and an explicit choice is never swapped for another.
    await expect(findBrowser({ CHROMIUM_PATH: process.execPath }, [])).rejects.toThrow(`CHROMIUM_PATH=${process.execPath} cannot be used: it does not start`);
  });

  it('takes the first system browser that exists and passes the probe', async () => {
    await expect(findBrowser({}, ['/nowhere/chrome', process.execPath], starts)).resolves.toEqual({ executablePath: process.execPath, source: 'system' });
    const probed: string[] = [];
    const onlyTheSecond: BrowserProbe = async (b) => (probed.push(b.executablePath), b.executablePath === process.execPath ? 'it renders no text (it finds no font)' : undefined);
    const shell = '/bin/sh';
    await expect(findBrowser({}, [process.execPath, shell], onlyTheSecond)).resolves.toEqual({ executablePath: shell, source: 'system' });
    expect(probed).toEqual([process.execPath, shell]);
  });

  it('says what each browser did and what to install when none runs', async () => {
    const none: BrowserProbe = async (b) => (b.source === 'system' ? 'it does not start (exit 127)' : 'it renders no text (it finds no font)');
    const err = await findBrowser({}, [process.execPath], none).catch((e: Error) => e);
    expect(String(err)).toMatch(new RegExp(`No Chromium that runs: ${process.execPath}: it does not start \\(exit 127\\); .*apt-get install chromium.*CHROMIUM_PATH`));
  });

  it.runIf(bundledRuns)('HERALD_TEST_BROWSER=bundled takes the bundled Chromium even where a system one exists', async () => {
    const probed: string[] = [];
    const found = await findBrowser({ HERALD_TEST_BROWSER: 'bundled' }, [process.execPath, ...SYSTEM_BROWSERS], async (b) => void probed.push(b.source));
    expect(found.source).toBe('@sparticuz/chromium');
    expect(probed).toEqual(['@sparticuz/chromium']);
  }, 120_000);

  it.runIf(bundledRuns)('skips a system browser that cannot start for the bundled one (real probe)', async () => {
    const found = await findBrowser({}, [process.execPath]);
    expect(found.source).toBe('@sparticuz/chromium');
  }, 120_000);

  // Always the bundled browser, even on a machine (and CI) with a system Chromium: it is the one a fresh machine gets.
  it.runIf(bundledRuns)(
    'the Chromium shipped in @sparticuz/chromium, unpacked with its own libraries, renders text in the fonts it unpacked',
    async () => {
      const found = await bundledChromium();
      expect(found.source).toBe('@sparticuz/chromium');
      expect(existsSync(found.executablePath)).toBe(true);
      const libs = found.env?.LD_LIBRARY_PATH?.split(':')[0] ?? '';
      expect(libs).toMatch(/node_modules\/\.cache\/herald-chromium\/.+\/lib$/);
      expect(existsSync(`${libs}/libnss3.so`)).toBe(true);
      // Unpacked once: a second lookup reuses it.
      expect(await bundledChromium()).toEqual(found);

      const browser = await chromium.launch({ executablePath: found.executablePath, env: { ...process.env, ...found.env }, args: CHROMIUM_ARGS });
      try {
        const page = await browser.newPage();
        await page.setContent(`<span style="font-family: 'Open Sans'; font-size: 20px">Acme</span><input><script>document.title = String(6 * 7)</script>`);
        expect(await page.title()).toBe('42');
        // A text field is where a Chromium without fonts aborts (SkFontMgr_FontConfigInterface … Not implemented).
        await page.fill('input', 'Acme');
        expect(await page.inputValue('input')).toBe('Acme');
        // Laid out, not just in the DOM: a Chromium without fonts gives the text no width, or aborts.
        expect((await page.locator('span').boundingBox())?.width ?? 0).toBeGreaterThan(0);
        // And drawn with the Open Sans it unpacked, which no system font folder provides.
        const cdp = await page.context().newCDPSession(page);
        await cdp.send('DOM.enable');
        await cdp.send('CSS.enable');
        const { root } = await cdp.send('DOM.getDocument');
        const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: 'span' });
        const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
        expect(fonts.map((f) => f.familyName)).toContain('Open Sans');
      } finally {
        await browser.close();
      }
      // Its fontconfig names the folder the fonts were unpacked into (not Lambda's /tmp/fonts or /opt/fonts).
      const conf = readFileSync(found.env?.FONTCONFIG_FILE ?? '', 'utf8');
      expect(conf).toContain(`<dir>${path.join(path.dirname(found.executablePath), 'fonts')}</dir>`);
    },
    120_000,
  );
});
