/**
 * CSV import bench (`npm run bench -- csv`): prints
 * {"csv": {"import100kSeconds", "dryRun50kSeconds", "dryRun100kSeconds", "linearity", "hostileHeaderMs", "fileMB"}}.
 * - import100kSeconds: a 100,000-row file in Herald's template (about 12 MB), validated and
 *   written to a fresh in-memory Firestore by the real importCsv;
 * - dryRun50k/100k: validation only, twice the rows should take about twice the time
 *   (`linearity` = 100k time / (2 × 50k time), ≈ 1 when linear);
 * - hostileHeaderMs: a 60 KB header of `[` (it froze an instance for 12 s before issue 11).
 */
import { doc } from '../../functions/src/core/catalog.js';
import { readConfig } from '../../functions/src/core/config.js';
import { importCsv } from '../../functions/src/directory/import-csv.js';
import { importQuery } from '../../functions/src/directory/import-csv-input.js';
import { createLocalDeps } from '../../functions/src/local/local-deps.js';
import { memoryLogger } from '../../functions/src/platform/logger.js';

const ROWS = Number(process.env.BENCH_CSV_ROWS ?? 100_000);
const log = (msg: string) => process.stderr.write(`csv bench: ${msg}\n`);

function file(rows: number): string {
  const lines = ['email,firstName,lastName,title,workPhone,mobilePhone,addresses,groups'];
  for (let i = 0; i < rows; i++) {
    lines.push(`person${i}@bench.example,Given${i},Family${i},Title ${i % 50},+33 1 00 00 ${String(i % 10000).padStart(4, '0')},,"${i % 90} Example Street, 75000 Paris",Sales;Paris Office`);
  }
  return lines.join('\n') + '\n';
}

async function freshTenant() {
  const deps = createLocalDeps({ config: readConfig({ ...process.env, GCLOUD_PROJECT: 'demo-herald' }), log: memoryLogger(), taskTimeScale: 0 });
  await doc(deps.db, 'tenants', { tenantId: 'bench' }).set({
    name: 'Bench',
    region: 'eu',
    status: 'active',
    domains: ['bench.example'],
    verifiedDomains: ['bench.example'],
    directorySource: 'csv',
    settings: { auditRetentionDays: 365, fallbackUrl: null, gmailSignatures: false, recipientTracking: { enabled: false, retentionDays: 90 } },
    createdAt: new Date(),
  });
  return deps;
}

async function timed(text: string, dryRun: boolean): Promise<number> {
  const deps = await freshTenant();
  const query = importQuery.parse({ dryRun: String(dryRun) });
  const started = performance.now();
  const result = await importCsv(deps, 'bench', text, query);
  const seconds = (performance.now() - started) / 1000;
  if (result.errors.length) throw new Error(`unexpected row errors: ${JSON.stringify(result.errors.slice(0, 3))}`);
  if (!dryRun && result.created !== text.split('\n').length - 2) throw new Error(`created ${result.created}`);
  return seconds;
}

const full = file(ROWS);
const half = file(ROWS / 2);
log(`${ROWS} rows, ${(full.length / 1e6).toFixed(1)} MB`);
await timed(file(2000), true); // warm-up: JIT, zod, csv-parse
const dryRun50kSeconds = await timed(half, true);
const dryRun100kSeconds = await timed(full, true);
log(`dry runs: ${dryRun50kSeconds.toFixed(2)} s, ${dryRun100kSeconds.toFixed(2)} s`);
const import100kSeconds = await timed(full, false);
log(`import: ${import100kSeconds.toFixed(2)} s`);

const hostile = `email,${'['.repeat(60 * 1024)}\nperson@bench.example\n`;
const deps = await freshTenant();
const started = performance.now();
await importCsv(deps, 'bench', hostile, importQuery.parse({ dryRun: 'true' })).catch(() => undefined);
const hostileHeaderMs = performance.now() - started;

const round = (x: number, digits = 2) => Number(x.toFixed(digits));
process.stdout.write(
  JSON.stringify({
    csv: {
      import100kSeconds: round(import100kSeconds),
      dryRun50kSeconds: round(dryRun50kSeconds),
      dryRun100kSeconds: round(dryRun100kSeconds),
      linearity: round(dryRun100kSeconds / (2 * dryRun50kSeconds)),
      hostileHeaderMs: round(hostileHeaderMs, 1),
      fileMB: round(full.length / 1e6, 1),
    },
  }) + '\n',
);
process.exit(0);
