/**
 * The whole-tenant export at scale (issue 23, item 6), on the official Firestore emulator:
 * seeds a tenant of BENCH_TENANT_EXPORT_DOCS documents (default 1M: directory users, audit
 * entries, and campaign counters, the nested kind read by collection-group queries), then runs
 * the export in a child process (tenant-export-process.ts) with the heap limits of a 256 MiB
 * instance, streaming to a local Cloud Storage server in this process, and reports the child's
 * peak RSS and seconds. Run by privacy.bench.ts
 * (`npm run bench -- privacy`), never by `npm test`; alone: `node --import tsx test/bench/tenant-export-bench.ts`.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Timestamp } from 'firebase-admin/firestore';
import { readConfig } from '../../functions/src/core/config.js';
import { startFirestoreEmulator } from '../../functions/src/local/firestore-emulator.js';
import { createLocalDeps } from '../../functions/src/local/local-deps.js';
import { memoryLogger } from '../../functions/src/platform/logger.js';
import { startCloudStorageFake } from '../fakes/cloud-storage-fake.js';
import { functionHeapFlags } from './function-heap-flags.js';

const dir = path.dirname(fileURLToPath(import.meta.url));
const log = (msg: string) => process.stderr.write(`tenant export bench: ${msg}\n`);
const BUCKET = 'bench-exports';
/** The privacy.export task function's memory: Cloud Functions' default (index.ts sets none for it). */
const FUNCTION_MEMORY_MIB = 256;

export interface TenantExportFigures {
  tenantExport1MDocsPeakRssMB: number;
  tenantExport1MDocsSeconds: number;
  tenantExportDocs: number;
  tenantExportParts: number;
  tenantExportMB: number;
  tenantExportSeedDocsPerSecond: number;
}

export async function benchTenantExport(docs = Number(process.env.BENCH_TENANT_EXPORT_DOCS ?? 1_000_000)): Promise<TenantExportFigures> {
  const emulator = await startFirestoreEmulator({ quiet: true });
  const storage = await startCloudStorageFake({ buckets: [BUCKET] });
  const databaseId = `bench-${Date.now().toString(36)}`;
  const deps = createLocalDeps({ config: readConfig({ ...process.env, GCLOUD_PROJECT: 'demo-herald' }), firestoreEmulatorHost: emulator.host, databaseId, log: memoryLogger(), taskTimeScale: 0 });
  try {
    const now = Timestamp.now();
    // Unthrottled: the emulator needs no 500/50/5 ramp-up (the default would seed at 500 writes a second).
    const writer = deps.db.bulkWriter({ throttling: false });
    writer.onWriteError((e) => e.failedAttempts < 10);
    const t0 = process.hrtime.bigint();
    void writer.set(deps.db.doc('tenants/huge'), { name: 'Huge', status: 'active', domains: ['huge.example'], createdAt: now });
    const campaigns = 50;
    for (let c = 0; c < campaigns; c++) void writer.set(deps.db.doc(`tenants/huge/campaigns/c${c}`), { kind: 'banner', name: `Campaign ${c}`, createdAt: now });
    for (let i = 0; i < docs - 1 - campaigns; i++) {
      const kind = i % 5;
      if (kind < 2) void writer.set(deps.db.doc(`tenants/huge/users/u${i}`), { email: `person${i}@huge.example`, firstName: 'Exa', lastName: `Mple ${i}`, title: 'Tester', groups: ['Sales'], createdAt: now, updatedAt: now });
      else if (kind < 4) void writer.set(deps.db.doc(`tenants/huge/audit/a${i}`), { action: 'users.update', actor: { uid: `admin${i % 20}`, role: 'admin' }, target: { type: 'user', id: `u${i}` }, meta: {}, at: now, expireAt: now });
      else void writer.set(deps.db.doc(`tenants/huge/campaigns/c${i % campaigns}/counters/d${i}`), { campaignId: `c${i % campaigns}`, day: '2026-11-23', shard: i % 10, views: i % 97, clicks: i % 7, employees: { [`u${i}`]: { views: 1 } }, employeeIds: [`u${i}`] });
      // Bounded: the writer's queue is drained every 20k documents.
      if (i % 20_000 === 19_999) {
        await writer.flush();
        if (i % 100_000 === 99_999) log(`seeded ${i + 1}`);
      }
    }
    await writer.close();
    const seedSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
    log(`seeded ${docs} documents in ${seedSeconds.toFixed(1)} s; exporting in a child process`);

    // With the V8 heap limits of the instance that runs the job (the default 256 MiB: the target is that memory).
    const child = spawn(process.execPath, [...functionHeapFlags(FUNCTION_MEMORY_MIB), '--import', 'tsx', path.join(dir, 'tenant-export-process.ts')], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, FIRESTORE_EMULATOR_HOST: emulator.host, EXPORT_BENCH_DATABASE: databaseId, STORAGE_EMULATOR_HOST: storage.url, STORAGE_BUCKET: BUCKET, EXPORT_BENCH_TENANT: 'huge' },
    });
    let out = '';
    child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    if (code !== 0) throw new Error(`export process exited ${code}`);
    const r = JSON.parse(out.trim().split('\n').pop()!) as { seconds: number; peakRssMB: number; rssBeforeMB: number; documents: number; parts: number; bytes: number };
    log(`exported ${r.documents} documents in ${r.parts} parts (${(r.bytes / 1e6).toFixed(1)} MB) in ${r.seconds.toFixed(1)} s, peak RSS ${r.peakRssMB} MB (${r.rssBeforeMB} MB before the export)`);
    if (r.documents !== docs) throw new Error(`exported ${r.documents} documents of ${docs}`);
    return {
      tenantExport1MDocsPeakRssMB: r.peakRssMB,
      tenantExport1MDocsSeconds: Math.round(r.seconds * 10) / 10,
      tenantExportDocs: r.documents,
      tenantExportParts: r.parts,
      tenantExportMB: Math.round(r.bytes / 1e5) / 10,
      tenantExportSeedDocsPerSecond: Math.round(docs / seedSeconds),
    };
  } finally {
    await deps.close();
    await storage.close();
    await emulator.stop();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  benchTenantExport().then(
    (figures) => {
      process.stdout.write(JSON.stringify({ privacy: figures }) + '\n');
      process.exit(0);
    },
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(1);
    },
  );
}
