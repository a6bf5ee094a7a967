/**
 * The first sync of the benchmark's directory in a process that does nothing else, against the
 * in-memory Firestore served over gRPC from another process (FIRESTORE_GRPC_HOST) and the Google
 * fake (its env in the environment). This process is what a Cloud Function instance running the
 * sync holds: the sync's code and data, firebase-admin and its gRPC client; the database is remote,
 * as in production. Answers over IPC with its own peak RSS and timings, then exits.
 */
import { performance, PerformanceObserver, constants } from 'node:perf_hooks';
import { readConfig } from '../../functions/src/core/config.js';
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

// Time the main thread spent in V8's collections during the sync, by kind (scavenges are the young generation's).
const gcMs: Record<string, number> = {};
const gcKinds: Record<number, string> = { [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor', [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major', [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental', [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb' };
const gcObserver = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    const kind = gcKinds[(e as unknown as { detail: { kind: number } }).detail.kind] ?? 'other';
    gcMs[kind] = (gcMs[kind] ?? 0) + e.duration;
  }
});
gcObserver.observe({ entryTypes: ['gc'] });
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const jobId = await startJob(deps, { tenantId, kind: 'directory.sync', createdBy: 'bench', payload: {} });
await deps.tasks.drain();
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
gcObserver.disconnect();
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
  cpuSeconds: (cpu.user + cpu.system) / 1e6,
  gcSeconds: Object.fromEntries(Object.entries(gcMs).map(([k, ms]) => [k, Number((ms / 1000).toFixed(1))])),
  peakRssMB: Math.round(peak / MB),
  rssBeforeSyncMB: Math.round(rssBeforeSync / MB),
  liveHeapAfterMB: Math.round(liveHeap / MB),
});
process.disconnect();
