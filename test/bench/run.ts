/**
 * `npm run bench`: runs every test/bench/*.bench.ts in its own fresh process (so memory peaks and
 * cold starts are not polluted by the others), then prints all figures as one final JSON line.
 * Each bench prints its own figures as its last stdout line: `{"area": {"metric": value}}`.
 * A stop (SIGINT, SIGTERM, SIGHUP) is passed on to the bench running, which stops what it started
 * (the cost bench its emulators), and no further bench starts: a runner that went away while its
 * bench ran on (it used to wait in spawnSync, deaf to signals) left the bench to fail with EPIPE
 * on its last line, and its Java emulators running.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

let running: ChildProcess | undefined;
let stoppedBy: NodeJS.Signals | undefined;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    stoppedBy = signal;
    running?.kill(signal);
  });
}

const results: Record<string, unknown> = {};
let failed = false;
for (const file of files) {
  if (stoppedBy) break;
  process.stderr.write(`bench: ${file}\n`);
  const child = spawn(process.execPath, ['--import', 'tsx', '--expose-gc', path.join(dir, file)], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  running = child;
  let stdout = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  // 'close': the bench has exited and its stdout is read to the end.
  const [status, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
  running = undefined;
  const last = stdout.trim().split('\n').pop() ?? '';
  try {
    if (status !== 0) throw new Error(signal ? `stopped by ${signal}` : `exit ${status}`);
    // Several benches may report figures of one area (sync and sync300k): merged, not replaced.
    for (const [area, figures] of Object.entries(JSON.parse(last) as Record<string, Record<string, unknown>>)) results[area] = { ...(results[area] as object | undefined), ...figures };
  } catch (err) {
    failed = true;
    results[file] = { error: err instanceof Error ? err.message : String(err) };
  }
}
if (stoppedBy) failed = true;
process.stdout.write(JSON.stringify(results) + '\n');
process.exit(failed ? 1 : 0);
