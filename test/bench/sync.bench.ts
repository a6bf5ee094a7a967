/**
 * Directory sync benchmark over a 100k-user Google Workspace directory served by the local Directory
 * API fake (in a child process of its own: Google's copy of the directory is not the sync's memory).
 *
 * - `peakRssMB` (measured last): peak RSS of a process that runs only a first sync
 *   (test/bench/sync-client-process.ts: the sync's code and data, firebase-admin and its gRPC client —
 *   what the Cloud Function instance running the sync holds), against the in-memory Firestore served
 *   over gRPC from yet another process (test/support/firestore-grpc-host.ts), as the database is a
 *   remote service in production. Node runs with the heap limits it gives itself in the instance the
 *   sync runs in (TASK_INSTANCE.memory; Node sizes V8's heap from the container's memory limit, see
 *   test/bench/function-heap-flags.ts). `firstSyncOverGrpcSeconds` and `liveHeapAfterOverGrpcMB`
 *   (live heap after that sync, post-GC) come from the same kind of process.
 * - `peakRssWorkstationHeapMB`: the same, with this machine's default heap sizing (24 GB: a 4 GB old
 *   space): V8 lets a heap outgrow its live data by more the larger its limit, so this is well above
 *   what the instance sees. Reported so the choice of heap sizing is visible.
 * - `first100kSeconds`, `resyncWrites`, `onePercentChangeWrites`: the first sync, an unchanged re-sync
 *   and a re-sync with 1 % of users changed, run in this process against the in-process in-memory
 *   Firestore. Writes are counted from the database itself (documents whose update time moved), not
 *   from the sync's own counters: a user document whose commit version moved was written.
 * - `peakRssInProcessDbMB`: this process's peak RSS over those three syncs: the sync, firebase-admin
 *   and the in-memory database holding the whole directory (~1.8 KB per user document) together.
 * - `liveHeapAfterMB`: this process's live heap after them (post-GC), mostly that database.
 * Peak RSS is the kernel's high-water mark (VmHWM) where available, else sampled every 25 ms.
 * Last stdout line: {"sync": {...}}.
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import { readConfig } from '../../functions/src/core/config.js';
import { startJob, getJob } from '../../functions/src/jobs/job-store.js';
import { createLocalDeps, type LocalDeps } from '../../functions/src/local/local-deps.js';
import { memoryLogger } from '../../functions/src/platform/logger.js';
import { TASK_INSTANCE, memoryMiB } from '../../functions/src/tasks/task-instance.js';
import { createSyncTenant } from '../support/directory-helpers.js';
import { startFirestoreGrpcHost } from '../support/firestore-grpc-host.js';
import { functionHeapFlags, heapLimitsFor } from './function-heap-flags.js';
import { trackPeakRss } from './peak-rss.js';

const USERS = Number(process.env.SYNC_BENCH_USERS ?? 100_000);
/** The sync runs as a task function of this memory (functions/src/tasks/task-instance.ts). */
const FUNCTION_MEMORY_MIB = memoryMiB(TASK_INSTANCE.memory);
const tenantId = 'bench';

const rss = trackPeakRss();

// The fake Google server runs in its own process: Google's copy of the directory is not the sync's memory.
const fake = fork(fileURLToPath(new URL('./google-fake-process.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
const ask = async <T>(message: unknown): Promise<T> => {
  fake.send(message as object);
  return (await once(fake, 'message'))[0] as T;
};
const { env: fakeEnv } = await ask<{ env: Record<string, string> }>({ users: USERS });

const phase = (name: string) => {
  if (process.env.SYNC_BENCH_DEBUG) process.stderr.write(`${(performance.now() / 1000).toFixed(1)}s ${name} rss=${Math.round(process.memoryUsage().rss / 1048576)}MB\n`);
};

interface ClientSyncResult {
  status: string;
  error: string | null;
  created: number;
  seconds: number;
  peakRssMB: number;
  rssBeforeSyncMB: number;
  liveHeapAfterMB: number;
}
/** The first sync in a process of its own (with these Node flags) against a fresh gRPC-served database. */
async function firstSyncOutOfProcess(nodeFlags: string[]): Promise<ClientSyncResult> {
  phase(`out-of-process sync start ${nodeFlags.join(' ')}`);
  const host = await startFirestoreGrpcHost();
  try {
    const { FIRESTORE_EMULATOR_HOST: _ignored, ...env } = process.env;
    const client = fork(fileURLToPath(new URL('./sync-client-process.ts', import.meta.url)), [], {
      execArgv: ['--import', 'tsx', '--expose-gc', ...nodeFlags],
      env: { ...env, ...fakeEnv, FIRESTORE_GRPC_HOST: host.host, SYNC_BENCH_TENANT: tenantId },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    let result: ClientSyncResult | undefined;
    client.on('message', (m) => (result = m as ClientSyncResult));
    const [code] = await once(client, 'exit');
    if (!result) throw new Error(`the sync client exited (${String(code)}) without a result`);
    if (result.status !== 'done') throw new Error(`out-of-process sync ended ${result.status}: ${result.error}`);
    if (result.created !== USERS) throw new Error(`expected ${USERS} created out of process, got ${result.created}`);
    return result;
  } finally {
    await host.stop();
    phase('out-of-process sync end');
  }
}

const deps = createLocalDeps({
  config: readConfig({ ...process.env, ...fakeEnv, GCLOUD_PROJECT: 'demo-herald' }),
  log: memoryLogger(),
  taskTimeScale: 0,
});
await createSyncTenant(deps, tenantId, { google: { customerId: 'my_customer', adminEmail: 'admin@bench.example' } });

async function sync(d: LocalDeps) {
  phase('sync start');
  const jobId = await startJob(d, { tenantId, kind: 'directory.sync', createdBy: 'bench', payload: {} });
  await d.tasks.drain();
  const job = await getJob(d, tenantId, jobId);
  phase('sync end');
  if (job.status !== 'done') throw new Error(`sync ended ${job.status}: ${job.error?.message}`);
  return job;
}

/** Commit version of every user document, read from the in-memory database directly (not through the SDK). */
function userVersions(): Map<string, number> {
  phase('versions');
  const docs = deps.memory!.database.query({ parent: `tenants/${tenantId}`, collectionId: 'users', predicate: () => true });
  return new Map(docs.map((d) => [d.id, d.version]));
}
const changedBetween = (a: Map<string, number>, b: Map<string, number>) => [...b].filter(([id, v]) => a.get(id) !== v).length + [...a.keys()].filter((id) => !b.has(id)).length;
const dbWrites = () => {
  const s = deps.memory!.database.stats();
  return s.writes + s.noopWrites + s.deletes;
};

const t0 = performance.now();
const first = await sync(deps);
const first100kSeconds = (performance.now() - t0) / 1000;
if (process.env.SYNC_BENCH_DEBUG) {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  process.stderr.write(`after first sync (post-gc): rss ${Math.round(m.rss / 1048576)} MB, heapUsed ${Math.round(m.heapUsed / 1048576)} MB, peak so far ${Math.round(rss.peak() / 1048576)} MB\n`);
}
if (first.counts.created !== USERS) throw new Error(`expected ${USERS} created, got ${first.counts.created}`);

const v1 = userVersions();
const w1 = dbWrites();
await sync(deps);
const v2 = userVersions();
const resyncWrites = changedBetween(v1, v2);
const resyncDbWrites = dbWrites() - w1;

const changed = Math.round(USERS / 100);
await ask({ change: changed });
const w2 = dbWrites();
await sync(deps);
const v3 = userVersions();
const onePercentChangeWrites = changedBetween(v2, v3);
const onePercentDbWrites = dbWrites() - w2;

const peakRssInProcessDb = rss.stop();
// After the measurements: how much of the heap is live (the in-memory database holding the whole
// directory, firebase-admin, the fake's client side), as opposed to garbage V8 had not collected.
(globalThis as { gc?: () => void }).gc?.();
const liveHeapMB = Math.round(process.memoryUsage().heapUsed / 1024 / 1024);
await deps.close();

// Then the first sync again, each time in a process of its own against a fresh database served over
// gRPC: as this machine's Node sizes its heap by default, then as it would in the function's instance.
// (The fake now has 1 % of users changed: still 100k users to create.) The heap-sizing rules
// functionHeapFlags() applies must be this Node's: checked against this machine's own.
const machineMiB = Math.min(totalmem(), process.constrainedMemory?.() || Infinity) / 1048576;
const expectedLimit = heapLimitsFor(machineMiB).heapSizeLimitMiB;
const actualLimit = Math.round(getHeapStatistics().heap_size_limit / 1048576);
if (!process.execArgv.some((a) => /max.(old|semi).space/.test(a)) && Math.abs(expectedLimit - actualLimit) > 1) {
  process.stderr.write(`sync bench: warning: this Node sizes its heap differently (${actualLimit} MB, expected ${expectedLimit} MB): peakRssMB may not match a real instance\n`);
}
const overGrpc = await firstSyncOutOfProcess([]);
const overGrpcAtFunctionLimits = await firstSyncOutOfProcess(functionHeapFlags(FUNCTION_MEMORY_MIB));

fake.send({ stop: true });
await once(fake, 'exit');
process.stderr.write(
  `sync bench: ${USERS} users, ${changed} changed; db writes incl. job progress: resync ${resyncDbWrites}, 1% change ${onePercentDbWrites}; ` +
    `sync process over gRPC: rss ${overGrpc.rssBeforeSyncMB} MB before the sync, peak ${overGrpc.peakRssMB} MB; ` +
    `with a ${FUNCTION_MEMORY_MIB} MiB instance's heap limits (${functionHeapFlags(FUNCTION_MEMORY_MIB).join(' ')}): ` +
    `rss ${overGrpcAtFunctionLimits.rssBeforeSyncMB} MB before, peak ${overGrpcAtFunctionLimits.peakRssMB} MB\n`,
);
process.stdout.write(
  JSON.stringify({
    sync: {
      users: USERS,
      first100kSeconds: Number(first100kSeconds.toFixed(2)),
      resyncWrites,
      onePercentChanged: changed,
      onePercentChangeWrites,
      resyncDbWritesInclJobProgress: resyncDbWrites,
      onePercentDbWritesInclJobProgress: onePercentDbWrites,
      peakRssMB: overGrpcAtFunctionLimits.peakRssMB,
      peakRssWorkstationHeapMB: overGrpc.peakRssMB,
      firstSyncOverGrpcSeconds: Number(overGrpcAtFunctionLimits.seconds.toFixed(2)),
      liveHeapAfterOverGrpcMB: overGrpcAtFunctionLimits.liveHeapAfterMB,
      peakRssInProcessDbMB: Math.round(peakRssInProcessDb / 1024 / 1024),
      liveHeapAfterMB: liveHeapMB,
    },
  }) + '\n',
);
process.exit(0);
