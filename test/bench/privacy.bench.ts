/**
 * Privacy bench (`npm run bench -- privacy`): prints
 * {"purge": {"tenantDocs", "deletesPerSecond", "resumedAfterKill"}, "export": {"userReads", "userDocs", "tenantDocs"}}.
 * - purge: a 200k-document tenant deleted in-process by the real purge job (uninstall path);
 * - resumedAfterKill: a purge whose database "dies" half-way (every later commit fails), retried:
 *   true when the retry leaves zero documents and the certificate counts each document once;
 * - export: one user's export in a tenant holding 1M click-like documents, counting the in-memory
 *   database's document reads: proportional to the user's own documents, not to the tenant.
 * - privacy.tenantExport1MDocs{PeakRssMB,Seconds}: the streamed whole-tenant export of a 1M-document
 *   tenant on the official Firestore emulator, its peak RSS (target ≤ 256 MB) and seconds, measured
 *   in a process that runs only the export (tenant-export-bench.ts).
 */
import { Timestamp, type Firestore } from 'firebase-admin/firestore';
import { readConfig } from '../../functions/src/core/config.js';
import { untrackedJob, type JobControl } from '../../functions/src/jobs/job-control.js';
import { startAuthEmulator } from '../../functions/src/local/auth-emulator.js';
import { createLocalDeps, type LocalDeps } from '../../functions/src/local/local-deps.js';
import { memoryLogger } from '../../functions/src/platform/logger.js';
import { exportUser } from '../../functions/src/privacy/export-user.js';
import { runPurge } from '../../functions/src/privacy/purge-job.js';
import { FIXTURE_ENTRIES, registerFixtureEntries, unregisterFixtureEntries } from '../support/catalog-fixtures.js';
import { catalog, pathParams, type CatalogEntry } from '../../functions/src/core/catalog.js';
import { benchTenantExport } from './tenant-export-bench.js';

const PURGE_DOCS = Number(process.env.BENCH_PURGE_DOCS ?? 200_000);
const EXPORT_DOCS = Number(process.env.BENCH_EXPORT_DOCS ?? 1_000_000);
const log = (msg: string) => process.stderr.write(`privacy bench: ${msg}\n`);

/** Seeds straight into the in-memory database (bypassing the SDK) so the bench measures the purge, not the seeding. */
function seed(deps: LocalDeps, docs: { path: string; data: Record<string, unknown> }[]) {
  for (let i = 0; i < docs.length; i += 5000) deps.memory!.database.batchSet(...docs.slice(i, i + 5000));
}

function tenantDocs(tenantId: string, n: number) {
  const now = Timestamp.now();
  const docs: { path: string; data: Record<string, unknown> }[] = [{ path: `tenants/${tenantId}`, data: { name: 'Bench', status: 'deleting', domains: ['bench.example'], createdAt: now } }];
  const campaigns = 20;
  for (let c = 0; c < campaigns; c++) docs.push({ path: `tenants/${tenantId}/campaigns/c${c}`, data: { kind: 'banner', name: `c${c}`, createdAt: now } });
  for (let i = 0; docs.length < n; i++) {
    const kind = i % 4;
    if (kind === 0) docs.push({ path: `tenants/${tenantId}/users/u${i}`, data: { email: `u${i}@bench.example`, createdAt: now } });
    else if (kind === 1) docs.push({ path: `tenants/${tenantId}/audit/a${i}`, data: { action: 'bench.act', actor: { uid: `x${i % 50}` }, at: now, expireAt: now } });
    else if (kind === 2) docs.push({ path: `tenants/${tenantId}/fxClicks/k${i}`, data: { userId: `u${i % 1000}`, campaignId: `c${i % campaigns}`, expireAt: now } });
    else docs.push({ path: `tenants/${tenantId}/campaigns/c${i % campaigns}/fxCounters/n${i}`, data: { userId: `u${i % 1000}`, views: 1 } });
  }
  return docs;
}

function countUnder(deps: LocalDeps, tenantId: string): number {
  return deps.memory!.database.query({ parent: '', allDescendants: true, predicate: () => true }).filter((d) => d.path === `tenants/${tenantId}` || d.path.startsWith(`tenants/${tenantId}/`)).length;
}

/** A database whose commits all fail once `dead` is set, as if the process had been killed. */
function killable(db: Firestore, state: { dead: boolean }): Firestore {
  return Object.create(db, {
    batch: {
      value: () => {
        const batch = db.batch();
        const commit = batch.commit.bind(batch);
        batch.commit = () => (state.dead ? Promise.reject(new Error('killed')) : commit());
        return batch;
      },
    },
  }) as Firestore;
}

async function main() {
  const auth = await startAuthEmulator({ port: 0, projectId: 'demo-herald', quiet: true });
  process.env.FIREBASE_AUTH_EMULATOR_HOST = auth.host;
  registerFixtureEntries();
  const config = readConfig({ ...process.env, GCLOUD_PROJECT: 'demo-herald' });
  const deps = createLocalDeps({ config, log: memoryLogger(), taskTimeScale: 0 });
  try {
    // 1. Whole-tenant purge.
    seed(deps, tenantDocs('bench', PURGE_DOCS));
    const total = countUnder(deps, 'bench');
    log(`seeded ${total} documents; purging`);
    const t0 = process.hrtime.bigint();
    await runPurge(deps, { tenantId: 'bench', subject: { kind: 'tenant' }, reason: 'uninstall' }, untrackedJob(1));
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const left = countUnder(deps, 'bench');
    const cert = (await deps.db.doc('deletions/bench-tenant').get()).data()!;
    const certified = Object.values(cert.collections as Record<string, { deleted: number }>).reduce((n, c) => n + c.deleted, 0);
    log(`purged in ${seconds.toFixed(1)} s, ${left} left, certificate counts ${certified}`);

    // 2. Killed half-way, then retried.
    const killN = Math.min(50_000, PURGE_DOCS);
    seed(deps, tenantDocs('killed', killN));
    const killTotal = countUnder(deps, 'killed');
    const state = { dead: false };
    const dying: JobControl = { ...untrackedJob(1), progress: async (done) => void (done >= killTotal / 2 && (state.dead = true)) };
    const payload = { tenantId: 'killed', subject: { kind: 'tenant' as const }, reason: 'uninstall' as const };
    let killed = false;
    try {
      await runPurge({ ...deps, db: killable(deps.db, state) }, payload, dying);
    } catch {
      killed = true;
    }
    const afterKill = countUnder(deps, 'killed');
    await runPurge(deps, payload, untrackedJob(2));
    const killCert = (await deps.db.doc('deletions/killed-tenant').get()).data()!;
    const killCounted = Object.values(killCert.collections as Record<string, { deleted: number }>).reduce((n, c) => n + c.deleted, 0);
    const resumedAfterKill = killed && afterKill > 0 && afterKill < killTotal && countUnder(deps, 'killed') === 0 && killCounted === killTotal && killCert.status === 'done';
    log(`kill: stopped with ${afterKill}/${killTotal} left; retry left ${countUnder(deps, 'killed')}; certified ${killCounted}`);

    // 3. One user's export in a tenant of 1M click-like documents, in a fresh database.
    deps.memory!.reset();
    // The in-memory database overflows its stack on collection-group queries once one collection
    // holds ~100k documents (a mock limit, not Firestore's): keep only top-level fixture entries here.
    unregisterFixtureEntries();
    Object.assign(catalog as Record<string, CatalogEntry>, { fxClicks: FIXTURE_ENTRIES.fxClicks });
    const big = deps;
    const now = Timestamp.now();
    seed(big, [{ path: 'tenants/big', data: { name: 'Big', status: 'active', createdAt: now } }, { path: 'tenants/big/users/u7', data: { email: 'u7@big.example', createdAt: now } }]);
    for (let start = 0; start < EXPORT_DOCS; start += 100_000) {
      const clicks: { path: string; data: Record<string, unknown> }[] = [];
      for (let i = start; i < Math.min(EXPORT_DOCS, start + 100_000); i++) clicks.push({ path: `tenants/big/fxClicks/k${i}`, data: { userId: `u${i % 20_000}` } });
      seed(big, clicks);
    }
    log(`seeded ${EXPORT_DOCS} clicks; exporting one user`);
    const before = big.memory!.database.stats().reads;
    const t1 = process.hrtime.bigint();
    // Nested entries (campaign counters…) are located by collection-group queries, which the mock
    // answers by walking every document and overflows its stack on (hangs) at 1M documents. They hold
    // nothing in this database, so setting them aside for this step changes no read count; in
    // Firestore they are indexed queries returning only the user's documents.
    const nested = Object.entries(catalog as Record<string, CatalogEntry>).filter(([, e]) => pathParams(e.path).length > 2);
    for (const [name] of nested) delete (catalog as Record<string, CatalogEntry>)[name];
    const exported = await exportUser(big, 'big', { userId: 'u7', authUid: null });
    Object.assign(catalog as Record<string, CatalogEntry>, Object.fromEntries(nested));
    const exportMs = Math.round(Number(process.hrtime.bigint() - t1) / 1e6);
    const userReads = big.memory!.database.stats().reads - before;
    const userDocs = Object.values(exported.collections).reduce((n, c) => n + c.documents.length, 0);
    log(`export: ${userDocs} documents, ${userReads} reads, ${exportMs} ms`);
    // 4. The whole-tenant export of a 1M-document tenant, on the official Firestore emulator, in a child process.
    const tenantExport = await benchTenantExport();
    process.stdout.write(
      JSON.stringify({
        purge: { tenantDocs: total, deletesPerSecond: Math.round(total / seconds), resumedAfterKill, verified: left === 0 && certified === total },
        export: { userReads, userDocs, tenantDocs: EXPORT_DOCS + 2, ms: exportMs },
        privacy: tenantExport,
      }) + '\n',
    );
  } finally {
    await auth.stop();
    // Tearing down a million-document in-memory database can hang the mock; the process ends anyway.
    await Promise.race([deps.close(), new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
  }
}

main().then(() => process.exit(0)).catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
