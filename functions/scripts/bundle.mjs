// The functions package as deployed: src/ bundled by esbuild into lib/ (ES modules, code
// splitting). Used by `npm run build` (then write-build-info.mjs) and, with another outdir, by the
// cold-start tests and benches (test/bench/built-functions.ts), so they load what is deployed.
//
// Why a bundle and not one file per source (tsc's layout): a cold instance resolves, reads and
// links every module it loads, ~0.5 ms each; Herald's ~180 modules become a few chunks. And zod 4's
// every entry re-exports all 64 of its locales (`export * as locales`), which Node evaluates whole
// and a bundler drops when nothing reads them (zod's maintainers leave them to tree-shaking:
// colinhacks/zod#5465). docs/performance.md, `api.coldImportRatio`.
//
// Layout: lib/index.js (the triggers), each module some code imports on first use (`import()`)
// at its own path (lib/api/api-app.js for src/api/api-app.ts), shared code in lib/chunks/. Every
// output sits one folder below the package or deeper, so a module finds the package's files by
// walking up (core/package-root.ts).
import * as esbuild from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SRC = path.join(PACKAGE, 'src');

/**
 * Dependencies bundled in: pure ES modules whose unused parts a bundler drops. Every other
 * dependency stays in node_modules, loaded as published: Firebase's and Google's clients (the
 * functions framework and firebase-tools find firebase-functions there), native and CommonJS
 * packages, and packages that read their own files at run time.
 */
export const BUNDLED_PACKAGES = ['zod', 'date-fns'];

const externals = () => {
  const { dependencies } = JSON.parse(readFileSync(path.join(PACKAGE, 'package.json'), 'utf8'));
  return Object.keys(dependencies).filter((name) => !BUNDLED_PACKAGES.includes(name)).flatMap((name) => [name, `${name}/*`]);
};

const common = () => ({
  absWorkingDir: PACKAGE,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  outbase: SRC,
  external: externals(),
  logLevel: 'silent',
});

/** The modules some code imports on first use: each becomes an entry at its own path. */
async function lazyModules() {
  const { metafile } = await esbuild.build({ ...common(), entryPoints: [path.join(SRC, 'index.ts')], write: false, splitting: true, outdir: 'lib', metafile: true });
  const lazy = new Set();
  for (const input of Object.values(metafile.inputs)) {
    for (const imp of input.imports) if (imp.kind === 'dynamic-import' && !imp.external && imp.path.startsWith('src/')) lazy.add(path.join(PACKAGE, imp.path));
  }
  return [...lazy].sort();
}

/**
 * Bundles src/ into `outdir` (emptied first); answers esbuild's metafile (which source modules
 * each output holds: the cold-start tests map what a process loads back to sources with it).
 * `extraEntries` (paths under src/) get stable output paths too: benches load them directly.
 */
export async function bundleFunctions({ outdir = path.join(PACKAGE, 'lib'), extraEntries = [] } = {}) {
  const entryPoints = [...new Set([path.join(SRC, 'index.ts'), ...(await lazyModules()), ...extraEntries.map((p) => path.join(SRC, p))])];
  rmSync(outdir, { recursive: true, force: true });
  const { metafile } = await esbuild.build({
    ...common(),
    entryPoints,
    outdir,
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    sourcemap: true,
    metafile: true,
  });
  return metafile;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const metafile = await bundleFunctions();
  const outputs = Object.keys(metafile.outputs).filter((o) => o.endsWith('.js'));
  const ours = Object.keys(metafile.inputs).filter((i) => i.startsWith('src/')).length;
  console.log(`functions: ${ours} modules bundled into ${outputs.length} files in lib/`);
}
