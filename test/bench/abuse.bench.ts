/**
 * Abuse bench (`npm run bench -- abuse`): prints {"abuse": {"gzipRssGrowthMB", ...}}.
 * - gzipRssGrowthMB: the API as deployed (behind the functions framework's body parsers,
 *   test/support/cloud-function.ts, guarded as index.ts guards them) receives 20 concurrent
 *   anonymous requests, each a ~20 KB gzip body that would inflate to 20 MB (10 on the CSV import,
 *   10 on a JSON route); the figure is this process's peak RSS during the attack minus its RSS just
 *   before (after a warm-up request and a GC). Target: ≤ 50 MB (issue #20: 286 → 810 MB before).
 * - statuses: what the 20 requests were answered (415 each once compressed bodies are refused).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { createApiApp } from '../../functions/src/api/api-app.js';
import { readConfig } from '../../functions/src/core/config.js';
import { createLocalDeps } from '../../functions/src/local/local-deps.js';
import { memoryLogger } from '../../functions/src/platform/logger.js';
import { asCloudFunction } from '../support/cloud-function.js';

const CONCURRENT = 20;
const INFLATED_BYTES = 20 * 1024 * 1024;
const MB = 1024 * 1024;

/** Resets the kernel's RSS high-water mark (Linux: clear_refs 5), so VmHWM is the attack's peak. */
function resetHighWaterMark(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}
function highWaterMark(): number {
  const kb = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
  return kb ? Number(kb) * 1024 : 0;
}

function send(port: number, path: string, contentType: string, body: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path, headers: { 'Content-Type': contentType, 'Content-Encoding': 'gzip', 'Content-Length': body.length } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const deps = createLocalDeps({ config: readConfig({ ...process.env, GCLOUD_PROJECT: 'demo-herald' }), log: memoryLogger(), taskTimeScale: 0 });
const server = asCloudFunction(createApiApp(deps));
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as AddressInfo;
const bomb = zlib.gzipSync(Buffer.alloc(INFLATED_BYTES, '0'), { level: 9 });

// Warm-up: the route table, the parsers and zlib loaded, once.
await send(port, '/api/tenant/settings', 'application/json', zlib.gzipSync('{}'));
(globalThis as { gc?: () => void }).gc?.();
await new Promise((r) => setTimeout(r, 200));
const before = process.memoryUsage.rss();
const kernelPeak = resetHighWaterMark();
let sampled = before;
const timer = setInterval(() => (sampled = Math.max(sampled, process.memoryUsage.rss())), 5);

const statuses = await Promise.all(
  Array.from({ length: CONCURRENT }, (_, i) => (i % 2 ? send(port, '/api/directory/import', 'text/csv', bomb) : send(port, '/api/tenant/settings', 'application/json', bomb))),
);
clearInterval(timer);
const peak = Math.max(sampled, process.memoryUsage.rss(), kernelPeak ? highWaterMark() : 0);
server.close();

const figures = {
  gzipRssGrowthMB: Math.round(((peak - before) / MB) * 10) / 10,
  rssBeforeMB: Math.round(before / MB),
  rssPeakMB: Math.round(peak / MB),
  gzipBodyKB: Math.round(bomb.length / 102.4) / 10,
  statuses: [...new Set(statuses)].sort().join(','),
};
process.stderr.write(`abuse bench: ${JSON.stringify(figures)}\n`);
process.stdout.write(JSON.stringify({ abuse: figures }) + '\n');
process.exit(0);
