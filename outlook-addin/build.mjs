// Bundles the add-in's runtime into one file. The output lives inside the functions package
// (functions/addin-dist/, git-ignored) because the `addins` function serves it with the region's
// settings prepended; Cloud Functions deploys only that folder.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { cpSync } from 'node:fs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const RUNTIME_OUT = path.resolve(here, '../functions/addin-dist/runtime.js');

export async function buildRuntime(outfile = RUNTIME_OUT) {
  await build({
    entryPoints: [path.join(here, 'src/runtime.ts')],
    outfile,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    // Classic Outlook on Windows runs the file in its JavaScript-only runtime: no modules, no DOM.
    target: 'es2019',
    minify: true,
    legalComments: 'eof',
    logLevel: 'warning',
  });
  cpSync(path.join(here, 'assets'), path.dirname(outfile), { recursive: true });
  return outfile;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = await buildRuntime();
  console.log(`outlook-addin: wrote ${path.relative(process.cwd(), out)}`);
}
