/**
 * The database's own rate for the first sync's documents (sync300k's yardstick): in a process like
 * the sync's (same heap flags, same gRPC client, same database host), reads the users the first sync
 * stored (SYNC_BENCH_TENANT) page by page and writes each page, unchanged, to another tenant with the
 * sync's own commit pattern (directory/apply-users.ts commitPlan, SYNC_COMMIT_SIZE writes a commit,
 * SYNC_COMMITS_IN_FLIGHT at a time). Only the writes are timed: what any sync of these documents
 * must pay at least, on this machine, in this run. Answers over IPC {docs, writeSeconds, writeCpuSeconds}.
 */
import { performance } from 'node:perf_hooks';
import type { QueryDocumentSnapshot } from 'firebase-admin/firestore';
import { readConfig } from '../../functions/src/core/config.js';
import { commitPlan } from '../../functions/src/directory/apply-users.js';
import { SYNC_COMMIT_SIZE, SYNC_COMMITS_IN_FLIGHT } from '../../functions/src/directory/run-sync.js';
import { createLocalDeps } from '../../functions/src/local/local-deps.js';
import { memoryLogger } from '../../functions/src/platform/logger.js';

const PAGE = 5_000;
const from = process.env.SYNC_BENCH_TENANT ?? 'bench';
const to = `${from}-bulk`;
const deps = createLocalDeps({
  config: readConfig({ ...process.env, GCLOUD_PROJECT: 'demo-herald' }),
  firestoreEmulatorHost: process.env.FIRESTORE_GRPC_HOST!,
  log: memoryLogger(),
  taskTimeScale: 0,
});
let docs = 0;
let writeMs = 0;
let writeCpu = 0;
const started = performance.now();
const writePage = async (page: QueryDocumentSnapshot[]) => {
  const plan = {
    writes: page.map((d) => (batch: FirebaseFirestore.WriteBatch) => void batch.set(deps.db.doc(`tenants/${to}/users/${d.id}`), d.data())),
    changedIds: page.map((d) => d.id),
  };
  const t = performance.now();
  const c = process.cpuUsage();
  await commitPlan(deps, plan, { batchSize: SYNC_COMMIT_SIZE, inFlight: SYNC_COMMITS_IN_FLIGHT });
  const u = process.cpuUsage(c);
  writeMs += performance.now() - t;
  writeCpu += (u.user + u.system) / 1e6;
  docs += page.length;
};
// One query, streamed (iteration waits while a page is written): the in-memory database answers a
// query in time proportional to the whole collection, so paging with startAfter would be quadratic.
let page: QueryDocumentSnapshot[] = [];
for await (const doc of deps.db.collection(`tenants/${from}/users`).orderBy('__name__').stream() as AsyncIterable<QueryDocumentSnapshot>) {
  page.push(doc);
  if (page.length === PAGE) {
    await writePage(page);
    page = [];
  }
}
if (page.length) await writePage(page);
const readMs = performance.now() - started - writeMs;
await deps.close();
process.send!({ docs, writeSeconds: writeMs / 1000, writeCpuSeconds: writeCpu, readSeconds: readMs / 1000 });
process.disconnect();
