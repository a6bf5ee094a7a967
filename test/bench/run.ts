/**
 * `npm run bench`: runs every test/bench/*.bench.ts in its own fresh process (so memory peaks and
 * cold starts are not polluted by the others), then prints all figures as one final JSON line.
 * Each bench prints its own figures as its last stdout line: `{"area": {"metric": value}}`.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

const results: Record<string, unknown> = {};
let failed = false;
for (const file of files) {
  process.stderr.write(`bench: ${file}\n`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', path.join(dir, file)], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, NODE_ENV: 'production' },
  });
  const last = run.stdout.trim().split('\n').pop() ?? '';
  try {
    if (run.status !== 0) throw new Error(`exit ${run.status}`);
    // Several benches may report figures of one area (sync and sync300k): merged, not replaced.
    for (const [area, figures] of Object.entries(JSON.parse(last) as Record<string, Record<string, unknown>>)) results[area] = { ...(results[area] as object | undefined), ...figures };
  } catch (err) {
    failed = true;
    results[file] = { error: err instanceof Error ? err.message : String(err) };
  }
}
process.stdout.write(JSON.stringify(results) + '\n');
process.exit(failed ? 1 : 0);
