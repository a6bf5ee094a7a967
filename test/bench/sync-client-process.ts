/**
 * The first sync of the benchmark's directory in a process that does nothing else, against the
 * in-memory Firestore served over gRPC from another process (FIRESTORE_GRPC_HOST) and the Google
 * fake (its env in the environment). This process is what a Cloud Function instance running the
 * sync holds: the sync's code and data, firebase-admin and its gRPC client; the database is remote,
 * as in production. Answers over IPC with its own peak RSS and timings, then exits.
 */
import { performance } from 'node:perf_hooks';
import { readConfig } from '../../functions/src/config.js';
import { getJob, startJob } from '../../functions/src/jobs/job-store.js';
import { createLocalDeps } from '../../functions/src/local/local-deps.js';
import { memoryLogger } from '../../functions/src/platform/logger.js';
import { createSyncTenant } from '../support/directory-helpers.js';
import { trackPeakRss } from './peak-rss.js';

const rss = trackPeakRss();
const MB = 1024 * 1024;
const tenantId = process.env.SYNC_BENCH_TENANT ?? 'bench';
const deps = createLocalDeps({
  config: readConfig({ ...process.env, GCLOUD_PROJECT: 'demo-herald' }),
  firestoreEmulatorHost: process.env.FIRESTORE_GRPC_HOST!,
  log: memoryLogger(),
  taskTimeScale: 0,
});
await createSyncTenant(deps, tenantId, { google: { customerId: 'my_customer', adminEmail: 'admin@bench.example' } });
const rssBeforeSync = process.memoryUsage.rss();

const t0 = performance.now();
const jobId = await startJob(deps, { tenantId, kind: 'directory.sync', createdBy: 'bench', payload: {} });
await deps.tasks.drain();
const seconds = (performance.now() - t0) / 1000;
const job = await getJob(deps, tenantId, jobId);
const peak = rss.stop();
(globalThis as { gc?: () => void }).gc?.();
const liveHeap = process.memoryUsage().heapUsed;
await deps.close();

process.send!({
  status: job.status,
  error: job.error?.message ?? null,
  created: job.counts.created ?? 0,
  counts: job.counts,
  seconds,
  peakRssMB: Math.round(peak / MB),
  rssBeforeSyncMB: Math.round(rssBeforeSync / MB),
  liveHeapAfterMB: Math.round(liveHeap / MB),
});
process.disconnect();
