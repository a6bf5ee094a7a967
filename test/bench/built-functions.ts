/**
 * The functions package built as deployed (esbuild, one ESM file per source file, node_modules
 * beside it), in a temp dir, for cold-start figures: each script runs in a fresh Node process from
 * there, with the environment of a local (non-Cloud Functions) process.
 * The temp dir is inside functions/ so packages resolve as in the deployed package: functions'
 * own node_modules first (express 5 there; the workspace root hoists firebase-tools' express 4),
 * then the root's.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface BuiltFunctions {
  /** Where index.js and the area folders are. */
  lib: string;
  /** Runs an ES module snippet in a fresh process; answers its last stdout line. */
  run(code: string): string;
}

export async function withBuiltFunctions<T>(fn: (built: BuiltFunctions) => Promise<T> | T): Promise<T> {
  const esbuild = await import('esbuild');
  const out = mkdtempSync(path.join(ROOT, 'functions', '.cold-'));
  try {
    const src = path.join(ROOT, 'functions/src');
    const entries = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? (e.name === 'local' ? [] : entries(path.join(dir, e.name))) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
    await esbuild.build({ entryPoints: entries(src), outdir: path.join(out, 'lib'), outbase: src, format: 'esm', platform: 'node', target: 'node20', logLevel: 'silent' });
    const run = (code: string) => {
      const child = spawnSync(process.execPath, ['--input-type=module', '-e', code], {
        cwd: out,
        encoding: 'utf8',
        env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', GCLOUD_PROJECT: 'demo-herald' },
      });
      if (child.status !== 0) throw new Error(`cold script failed: ${child.stderr.slice(0, 500)}`);
      return child.stdout.trim().split('\n').pop() ?? '';
    };
    return await fn({ lib: path.join(out, 'lib'), run });
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
