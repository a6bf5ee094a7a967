import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium } from 'playwright-core';

/**
 * Which Chromium the browser tests drive, in this order:
 * 1. `CHROMIUM_PATH`, when set (it must exist and start: a typo fails loudly instead of silently using another);
 * 2. a system Chromium or Chrome (Debian's `chromium`, as CI installs, or Google Chrome) that starts
 *    and renders text;
 * 3. the headless Chromium shipped inside the `@sparticuz/chromium` dev dependency (Linux x64 and
 *    arm64), so `npm ci && npm test` needs no browser install and no network. It comes with the
 *    NSS/NSPR/expat libraries it needs (its Amazon Linux 2023 set) and the Open Sans fonts, so it runs
 *    on a glibc Linux without Debian's browser packages or any font; it is unpacked once into
 *    node_modules/.cache. `HERALD_TEST_BROWSER=bundled` takes it even where a system browser exists
 *    (how the fresh-machine path is tried on a machine that has one).
 * Every browser is probed once per process (it must launch and lay out text) before it is chosen, so
 * the tests never start on a browser that cannot run; when none can, the error says what each did
 * and what to install.
 */
export interface FoundBrowser {
  executablePath: string;
  /** Extra environment for the browser process (the bundled one's libraries and fonts). */
  env?: Record<string, string>;
  source: 'CHROMIUM_PATH' | 'system' | '@sparticuz/chromium';
}

export const SYSTEM_BROWSERS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

/** The flags every browser test launches with (test/support/browser.ts, the probe). */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-quic', '--no-first-run', '--disable-sync'];

/** Launches the browser, lays out a line of text and closes it; resolves to why it cannot be used, or undefined when it can. */
export type BrowserProbe = (browser: FoundBrowser) => Promise<string | undefined>;

/**
 * The probe: launch, render a line of text, measure it. A Chromium without any usable font either
 * aborts (`SkFontMgr_FontConfigInterface … Not implemented`) or lays text out zero pixels wide.
 */
export const launchProbe: BrowserProbe = async (found) => {
  const first = (err: unknown) => (err instanceof Error ? err.message : String(err)).split('\n')[0];
  let browser;
  try {
    browser = await chromium.launch({ executablePath: found.executablePath, ...(found.env ? { env: { ...process.env, ...found.env } } : {}), args: CHROMIUM_ARGS, timeout: 60_000 });
  } catch (err) {
    return `it does not start (${first(err)})`;
  }
  try {
    const page = await browser.newPage();
    // A text field: the first thing that needs a font face, and where a font-less Chromium aborts.
    await page.setContent('<span style="font-family: sans-serif; font-size: 20px">Acme</span><input value="Acme">');
    const width = (await page.locator('span').boundingBox())?.width ?? 0;
    return width > 0 ? undefined : 'it renders no text (it finds no font)';
  } catch (err) {
    return `it crashes rendering text, likely for want of fonts (${first(err)})`;
  } finally {
    await browser.close().catch(() => undefined);
  }
};

const INSTALL_HINT = 'install Chromium (apt-get install chromium) or Chrome, or set CHROMIUM_PATH to one that runs';

let chosen: Promise<FoundBrowser> | undefined;

/** The browser for this process's tests, probed once (see findBrowser). */
export function testBrowser(): Promise<FoundBrowser> {
  chosen ??= findBrowser();
  return chosen;
}

export async function findBrowser(env: NodeJS.ProcessEnv = process.env, candidates: readonly string[] = SYSTEM_BROWSERS, probe: BrowserProbe = launchProbe): Promise<FoundBrowser> {
  if (env.CHROMIUM_PATH) {
    if (!existsSync(env.CHROMIUM_PATH)) throw new Error(`CHROMIUM_PATH=${env.CHROMIUM_PATH} does not exist; unset it to use a system or the bundled Chromium`);
    const found: FoundBrowser = { executablePath: env.CHROMIUM_PATH, source: 'CHROMIUM_PATH' };
    const why = await probe(found);
    if (why) throw new Error(`CHROMIUM_PATH=${env.CHROMIUM_PATH} cannot be used: ${why}; unset it to use a system or the bundled Chromium`);
    return found;
  }
  const refused: string[] = [];
  if (env.HERALD_TEST_BROWSER !== 'bundled') {
    for (const executablePath of candidates.filter((p) => existsSync(p))) {
      const found: FoundBrowser = { executablePath, source: 'system' };
      const why = await probe(found);
      if (!why) return found;
      refused.push(`${executablePath}: ${why}`);
    }
  }
  let bundled: FoundBrowser;
  try {
    bundled = await bundledChromium();
  } catch (err) {
    throw new Error([...refused, (err as Error).message].join('; '));
  }
  const why = await probe(bundled);
  if (why) refused.push(`the bundled @sparticuz/chromium (${bundled.executablePath}): ${why}`);
  else return bundled;
  throw new Error(`No Chromium that runs: ${refused.join('; ')}. ${INSTALL_HINT}`);
}

/** Where fontconfig finds fonts on common Linux systems; those that exist are added after the bundled fonts. */
const SYSTEM_FONT_DIRS = ['/usr/share/fonts', '/usr/local/share/fonts', '/usr/X11R6/lib/X11/fonts'];

let unpacking: Promise<FoundBrowser> | undefined;

/** The `@sparticuz/chromium` browser, unpacked (once per version) under node_modules/.cache/herald-chromium. */
export function bundledChromium(root: string = process.cwd()): Promise<FoundBrowser> {
  unpacking ??= unpack(root).finally(() => {
    unpacking = undefined;
  });
  return unpacking;
}

/**
 * The package's own fonts.conf is written for AWS Lambda: it lists /var/task/.fonts, /var/task/fonts,
 * /opt/fonts and /tmp/fonts (where `executablePath()` unpacks into /tmp), and a cache in /tmp. Unpacked
 * anywhere else it names no font at all, and Chromium aborts or renders no text. So we write our own
 * beside it: the unpacked Open Sans first, then the system's font folders that exist, with the
 * cache inside the unpacked browser's folder.
 */
export function bundledFontsConf(dir: string, systemFontDirs: readonly string[] = SYSTEM_FONT_DIRS): string {
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const dirs = [path.join(dir, 'fonts'), ...systemFontDirs.filter((d) => existsSync(d))];
  return [
    '<?xml version="1.0"?>',
    '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">',
    '<fontconfig>',
    ...dirs.map((d) => `  <dir>${escape(d)}</dir>`),
    `  <cachedir>${escape(path.join(dir, 'fontconfig', 'cache'))}</cachedir>`,
    '</fontconfig>',
    '',
  ].join('\n');
}

async function unpack(root: string): Promise<FoundBrowser> {
  if (process.platform !== 'linux' || !['x64', 'arm64'].includes(process.arch)) {
    throw new Error(`No Chromium found: set CHROMIUM_PATH, or install Chromium or Chrome (the bundled @sparticuz/chromium runs on Linux x64/arm64 only, this is ${process.platform}/${process.arch})`);
  }
  const require = createRequire(path.join(root, 'package.json'));
  let pkgDir: string;
  try {
    // The package exports only its entry (build/index.js); its bin/ folder sits beside build/.
    pkgDir = path.resolve(path.dirname(require.resolve('@sparticuz/chromium')), '..');
  } catch {
    throw new Error(`No Chromium found: ${INSTALL_HINT}, or run \`npm ci\` to get the bundled @sparticuz/chromium`);
  }
  const version = (JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as { version: string }).version;
  const cache = path.join(root, 'node_modules', '.cache', 'herald-chromium');
  const dir = path.join(cache, `${version}-${process.arch}`);
  const fontsConf = path.join(dir, 'fontconfig', 'fonts.conf');
  const found = (): FoundBrowser => ({
    executablePath: path.join(dir, 'chromium'),
    env: {
      LD_LIBRARY_PATH: [path.join(dir, 'lib'), process.env.LD_LIBRARY_PATH].filter(Boolean).join(':'),
      FONTCONFIG_FILE: fontsConf,
      FONTCONFIG_PATH: path.dirname(fontsConf),
    },
    source: '@sparticuz/chromium',
  });
  const writeFontsConf = async () => {
    // Written whole then renamed: a concurrent test process never reads half a file.
    await mkdir(path.dirname(fontsConf), { recursive: true });
    const tmp = `${fontsConf}.${process.pid}`;
    await writeFile(tmp, bundledFontsConf(dir));
    await rename(tmp, fontsConf);
  };
  if (existsSync(path.join(dir, 'chromium')) && existsSync(path.join(dir, 'lib'))) {
    // A copy unpacked before the fonts were wired (or by another version of this file) gets its fonts.conf now.
    if (!existsSync(fontsConf)) await writeFontsConf();
    return found();
  }

  // Unpack into a private directory, then rename it into place: concurrent test processes never see half a browser.
  await mkdir(cache, { recursive: true });
  const work = await mkdtemp(path.join(cache, 'unpack-'));
  // The package unpacks into os.tmpdir(), which reads TMPDIR on each call: point it at our directory for the duration.
  const tmpdir = process.env.TMPDIR;
  process.env.TMPDIR = work;
  try {
    const { inflate } = (await import('@sparticuz/chromium')) as unknown as { inflate(file: string): Promise<string> };
    const bin = path.join(pkgDir, 'bin');
    await Promise.all(['chromium.br', 'fonts.tar.br', 'swiftshader.tar.br', 'al2023.tar.br'].map((f) => inflate(path.join(bin, f))));
  } finally {
    if (tmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = tmpdir;
  }
  if (!existsSync(path.join(work, 'chromium')) || !existsSync(path.join(work, 'al2023', 'lib'))) {
    await rm(work, { recursive: true, force: true });
    throw new Error(`@sparticuz/chromium ${version} did not unpack a browser and its libraries; ${INSTALL_HINT}`);
  }
  await rename(path.join(work, 'al2023', 'lib'), path.join(work, 'lib'));
  await rm(path.join(work, 'al2023'), { recursive: true, force: true });
  try {
    await rename(work, dir);
  } catch (err) {
    // Another process won the race: use its copy.
    await rm(work, { recursive: true, force: true });
    if (!existsSync(path.join(dir, 'chromium'))) throw err;
  }
  if (!existsSync(fontsConf)) await writeFontsConf();
  return found();
}
