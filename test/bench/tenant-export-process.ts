/**
 * One whole-tenant export in a process that does nothing else, as a Cloud Function instance runs
 * it: the export's code, firebase-admin and its gRPC client against the official Firestore
 * emulator (FIRESTORE_EMULATOR_HOST, database EXPORT_BENCH_DATABASE), the real Cloud Storage client
 * against the parent's storage server (STORAGE_EMULATOR_HOST). Prints its own peak RSS and time
 * as its last stdout line, then exits.
 */
import { readConfig } from '../../functions/src/core/config.js';
import { untrackedJob } from '../../functions/src/jobs/job-control.js';
import { createLocalDeps } from '../../functions/src/local/local-deps.js';
import { memoryLogger } from '../../functions/src/platform/logger.js';
import { exportTenant } from '../../functions/src/privacy/export-tenant-job.js';
import { trackPeakRss } from './peak-rss.js';

const rss = trackPeakRss();
const MB = 1024 * 1024;
const tenantId = process.env.EXPORT_BENCH_TENANT ?? 'huge';
const deps = createLocalDeps({
  config: readConfig({ ...process.env, GCLOUD_PROJECT: 'demo-herald' }),
  firestoreEmulatorHost: process.env.FIRESTORE_EMULATOR_HOST!,
  databaseId: process.env.EXPORT_BENCH_DATABASE!,
  log: memoryLogger(),
  taskTimeScale: 0,
});
const rssBefore = process.memoryUsage.rss();
const t0 = process.hrtime.bigint();
// No time budget: one delivery runs it all (the bench measures the work, not the hand-overs).
await exportTenant(deps, { tenantId, jobId: 'bench-export' }, untrackedJob(1), { budgetMs: Number.MAX_SAFE_INTEGER });
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
const data = (await deps.db.doc(`tenants/${tenantId}/exports/bench-export`).get()).data()!;
const peak = rss.stop();
process.stdout.write(
  JSON.stringify({ seconds, peakRssMB: Math.round(peak / MB), rssBeforeMB: Math.round(rssBefore / MB), documents: data.documents, parts: data.parts.length, bytes: data.parts.reduce((n: number, p: { bytes: number }) => n + p.bytes, 0) }) + '\n',
);
await deps.close();
process.exit(0);
