/**
 * Directory sync benchmark: the first sync of a 100k-user Google Workspace directory from the local
 * Directory API fake into the in-memory Firestore, an unchanged re-sync, and a re-sync with 1 % of
 * users changed. Writes are counted from the database itself (documents whose update time moved),
 * not from the sync's own counters: a user document whose commit version moved was written. Peak RSS is this process's: the sync, firebase-admin and the
 * in-memory database holding the directory; the fake Google server runs in a child process.
 * Last stdout line: {"sync": {...}}.
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { readConfig } from '../../functions/src/config.js';
import { startJob, getJob } from '../../functions/src/jobs/job-store.js';
import { createLocalDeps, type LocalDeps } from '../../functions/src/local/local-deps.js';
import { memoryLogger } from '../../functions/src/platform/logger.js';
import { createSyncTenant } from '../support/directory-helpers.js';

const USERS = Number(process.env.SYNC_BENCH_USERS ?? 100_000);
const tenantId = 'bench';

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 25);

// The fake Google server runs in its own process: Google's copy of the directory is not the sync's memory.
const fake = fork(fileURLToPath(new URL('./google-fake-process.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
const ask = async <T>(message: unknown): Promise<T> => {
  fake.send(message as object);
  return (await once(fake, 'message'))[0] as T;
};
const { env: fakeEnv } = await ask<{ env: Record<string, string> }>({ users: USERS });
const deps = createLocalDeps({
  config: readConfig({ ...process.env, ...fakeEnv, GCLOUD_PROJECT: 'demo-herald' }),
  log: memoryLogger(),
  taskTimeScale: 0,
});
await createSyncTenant(deps, tenantId, { google: { customerId: 'my_customer', adminEmail: 'admin@bench.example' } });

const phase = (name: string) => {
  if (process.env.SYNC_BENCH_DEBUG) process.stderr.write(`${(performance.now() / 1000).toFixed(1)}s ${name} rss=${Math.round(process.memoryUsage().rss / 1048576)}MB\n`);
};
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
  process.stderr.write(`after first sync (post-gc): rss ${Math.round(m.rss / 1048576)} MB, heapUsed ${Math.round(m.heapUsed / 1048576)} MB, peak so far ${Math.round(peakRss / 1048576)} MB\n`);
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

clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss);
// After the measurements: how much of the heap is live (the in-memory database holding the whole
// directory, firebase-admin, the fake's client side), as opposed to garbage V8 had not collected.
(globalThis as { gc?: () => void }).gc?.();
const liveHeapMB = Math.round(process.memoryUsage().heapUsed / 1024 / 1024);
fake.send({ stop: true });
await once(fake, 'exit');
await deps.close();
process.stderr.write(`sync bench: ${USERS} users, ${changed} changed; db writes incl. job progress: resync ${resyncDbWrites}, 1% change ${onePercentDbWrites}\n`);
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
      peakRssMB: Math.round(peakRss / 1024 / 1024),
      liveHeapAfterMB: liveHeapMB,
    },
  }) + '\n',
);
process.exit(0);
