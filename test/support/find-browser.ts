import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * Which Chromium the browser tests drive, in this order:
 * 1. `CHROMIUM_PATH`, when set (it must exist: a typo fails loudly instead of silently using another);
 * 2. a system Chromium or Chrome (Debian's `chromium`, as CI installs, or Google Chrome);
 * 3. the headless Chromium shipped inside the `@sparticuz/chromium` dev dependency (Linux x64 and
 *    arm64), so `npm ci && npm test` needs no browser install and no network. It comes with the
 *    NSS/NSPR/expat libraries it needs (its Amazon Linux 2023 set), so it runs on a glibc Linux
 *    without Debian's browser packages; it is unpacked once into node_modules/.cache.
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

export async function findBrowser(env: NodeJS.ProcessEnv = process.env, candidates: readonly string[] = SYSTEM_BROWSERS): Promise<FoundBrowser> {
  if (env.CHROMIUM_PATH) {
    if (!existsSync(env.CHROMIUM_PATH)) throw new Error(`CHROMIUM_PATH=${env.CHROMIUM_PATH} does not exist; unset it to use a system or the bundled Chromium`);
    return { executablePath: env.CHROMIUM_PATH, source: 'CHROMIUM_PATH' };
  }
  const system = candidates.find((p) => existsSync(p));
  if (system) return { executablePath: system, source: 'system' };
  return bundledChromium();
}

let unpacking: Promise<FoundBrowser> | undefined;

/** The `@sparticuz/chromium` browser, unpacked (once per version) under node_modules/.cache/herald-chromium. */
export function bundledChromium(root: string = process.cwd()): Promise<FoundBrowser> {
  unpacking ??= unpack(root).finally(() => {
    unpacking = undefined;
  });
  return unpacking;
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
    throw new Error('No Chromium found: set CHROMIUM_PATH, install Chromium (apt-get install chromium), or run `npm ci` to get the bundled @sparticuz/chromium');
  }
  const version = (JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as { version: string }).version;
  const cache = path.join(root, 'node_modules', '.cache', 'herald-chromium');
  const dir = path.join(cache, `${version}-${process.arch}`);
  const found = (): FoundBrowser => ({
    executablePath: path.join(dir, 'chromium'),
    env: { LD_LIBRARY_PATH: [path.join(dir, 'lib'), process.env.LD_LIBRARY_PATH].filter(Boolean).join(':'), FONTCONFIG_PATH: path.join(dir, 'fonts') },
    source: '@sparticuz/chromium',
  });
  if (existsSync(path.join(dir, 'chromium')) && existsSync(path.join(dir, 'lib'))) return found();

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
    throw new Error(`@sparticuz/chromium ${version} did not unpack a browser and its libraries; set CHROMIUM_PATH or install Chromium`);
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
  return found();
}
