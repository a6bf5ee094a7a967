/**
 * The functions package built as deployed (functions/scripts/bundle.mjs, the same bundler
 * `npm run build` runs), in a temp dir, for cold-start figures: each script runs in a fresh Node
 * process from there, with the environment of a local (non-Cloud Functions) process.
 * The temp dir is inside functions/ so packages resolve as in the deployed package: functions'
 * own node_modules first (express 5 there; the workspace root hoists firebase-tools' express 4),
 * then the root's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Modules the benches load by path besides the bundle's own entries (the triggers and every module imported on first use). */
const BENCH_ENTRIES = ['signatures/sanitize-template.ts', 'links/links-app.ts'];

export interface BuiltFunctions {
  /** Where index.js and the entries' area folders are. */
  lib: string;
  /** Runs an ES module snippet in a fresh process; answers its last stdout line. */
  run(code: string): string;
  /**
   * The source modules with code in the given loaded files (file:// URLs; others are ignored): Herald's as
   * paths under src/ with .js (`api/route-table.js`), dependencies bundled in as `node_modules/<package>/…`.
   */
  sourcesOf(urls: Iterable<string>): string[];
  /** The file:// URL of the built file that holds a source module (`compliance/code-version.js`). */
  outputOf(source: string): string;
}

export async function withBuiltFunctions<T>(fn: (built: BuiltFunctions) => Promise<T> | T): Promise<T> {
  const { bundleFunctions } = (await import(path.join(ROOT, 'functions/scripts/bundle.mjs'))) as {
    bundleFunctions(o: { outdir: string; extraEntries: string[] }): Promise<{ outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }> }>;
  };
  const out = mkdtempSync(path.join(ROOT, 'functions', '.cold-'));
  try {
    const lib = path.join(out, 'lib');
    const meta = await bundleFunctions({ outdir: lib, extraEntries: BENCH_ENTRIES });
    const functionsDir = path.join(ROOT, 'functions');
    const inputsByUrl = new Map(
      Object.entries(meta.outputs).map(([output, { inputs }]) => [
        `file://${path.resolve(functionsDir, output)}`,
        Object.entries(inputs)
          .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
          .map(([i]) => i.replace(/^src\//, '').replace(/\.ts$/, '.js').replace(/^(\.\.\/)*node_modules\//, 'node_modules/')),
      ]),
    );
    const run = (code: string) => {
      const child = spawnSync(process.execPath, ['--input-type=module', '-e', code], {
        cwd: out,
        encoding: 'utf8',
        env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', GCLOUD_PROJECT: 'demo-herald' },
      });
      if (child.status !== 0) throw new Error(`cold script failed: ${child.stderr.slice(0, 500)}`);
      return child.stdout.trim().split('\n').pop() ?? '';
    };
    const sourcesOf = (urls: Iterable<string>) => [...new Set([...urls].flatMap((u) => inputsByUrl.get(u) ?? []))];
    const outputOf = (source: string) => {
      const found = [...inputsByUrl].find(([url, sources]) => url.endsWith('.js') && sources.includes(source));
      if (!found) throw new Error(`no built file holds ${source}`);
      return found[0];
    };
    return await fn({ lib, run, sourcesOf, outputOf });
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
