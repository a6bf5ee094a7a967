import { createHash } from 'node:crypto';
import type { Writable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { GeoPoint, Timestamp } from 'firebase-admin/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CollectionName } from '../../functions/src/core/catalog.js';
import type { FileStore } from '../../functions/src/core/ports.js';
import { untrackedJob } from '../../functions/src/jobs/job-control.js';
import { encodeValue } from '../../functions/src/privacy/export-codec.js';
import { exportPlan, exportTenant, MANIFEST_FILE, type ExportManifestFile } from '../../functions/src/privacy/export-tenant-job.js';
import { importTenantExport } from '../../functions/src/privacy/import-tenant-export.js';
import { TENANT_EXPORTS } from '../../functions/src/privacy/privacy-routes.js';
import { startCloudStorageFake, type CloudStorageFake } from '../fakes/cloud-storage-fake.js';
import { tenantPaths } from '../support/privacy-fixtures.js';
import { createTestEnv, DEMO, type TestEnv } from '../support/test-env.js';

const BUCKET = 'herald-export-stream';
const T = 'acme';
/** Small parts and pages, so a test-sized tenant spans several of each. */
const LIMITS = { documents: 7, bytes: 1024 * 1024, page: 4 };
const EXTRA_USERS = 30;

let fake: CloudStorageFake;
let env: TestEnv;
let admin: string;

beforeAll(async () => {
  fake = await startCloudStorageFake({ buckets: [BUCKET] });
  // The real Cloud Storage client (resumable streamed uploads, CRC32C checks) against the local server.
  env = await createTestEnv({ env: { STORAGE_EMULATOR_HOST: fake.url, STORAGE_BUCKET: BUCKET } });
  admin = await env.token(DEMO.acmeAdmin);
  const db = env.deps.db;
  const batch = db.batch();
  for (let i = 0; i < EXTRA_USERS; i++) {
    const now = new Timestamp(1_790_000_000 + i, 123_456_789);
    batch.set(db.doc(`tenants/${T}/users/u-stream-${String(i).padStart(3, '0')}`), {
      email: `person${i}@acme.example`, firstName: 'Exa', lastName: `Mple ${i} — Müller 🙂`, title: 'Tester', workPhone: '', mobilePhone: '', addresses: [], groups: ['Sales'],
      source: 'csv', contentHash: 'c'.repeat(64), createdAt: now, updatedAt: now,
      // Values plain JSON would lose: nanoseconds, a reference, a geopoint, bytes, a map with `$` keys.
      overrides: { manager: db.doc(`tenants/${T}/users/u-stream-000`), site: new GeoPoint(48.85, 2.35), avatar: Buffer.from([0, 1, 2, 255]), tricky: { $timestamp: 'not a time', $ref: 'x' } },
    });
  }
  await batch.commit();
});
afterAll(async () => {
  await env?.deps.close();
  await fake?.close();
});

/** Every document of the tenant's exported collections: relative path → data as exported (so types count). */
async function snapshot(tenantId: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const names = new Set<CollectionName>(exportPlan());
  for (const [path, name] of await tenantPaths(env.deps.db, tenantId)) {
    if (!names.has(name)) continue;
    const data = (await env.deps.db.doc(path).get()).data();
    const rel = path.slice(`tenants/${tenantId}`.length);
    // References into the tenant are compared relative to it.
    out.set(rel, JSON.stringify(encodeValue(data)).replaceAll(`"$ref":"tenants/${tenantId}/`, '"$ref":"tenants/~/'));
  }
  return out;
}

function manifestOf(exportId: string): ExportManifestFile {
  return JSON.parse(fake.objects(BUCKET).get(`tenants/${T}/exports/${exportId}/${MANIFEST_FILE}`)!.data.toString('utf8')) as ExportManifestFile;
}

function partsOf(exportId: string) {
  return [...fake.objects(BUCKET).entries()].filter(([k]) => k.startsWith(`tenants/${T}/exports/${exportId}/`) && k.endsWith('.ndjson.gz'));
}

/** A file store that kills the upload of the `n`-th part half-way, as a crashed process would. */
function crashingOn(files: FileStore, n: number): FileStore {
  let opened = 0;
  return Object.assign(Object.create(files) as FileStore, {
    async openWrite(key: string, contentType: string, options?: { expireAt?: Date }): Promise<Writable> {
      const sink = await files.openWrite(key, contentType, options);
      if (++opened !== n) return sink;
      let chunks = 0;
      const write = sink.write.bind(sink);
      sink.write = ((chunk: Buffer, ...rest: never[]) => {
        if (++chunks > 1) {
          sink.destroy(new Error('killed'));
          return false;
        }
        return write(chunk, ...rest);
      }) as typeof sink.write;
      return sink;
    },
  });
}

describe('tenant export, streamed in parts to Cloud Storage', () => {
  it('round-trips a multi-part tenant: parts and manifest match, and an import restores every document into an empty tenant', async () => {
    const before = await snapshot(T);
    await exportTenant(env.deps, { tenantId: T, jobId: 'rt-1' }, untrackedJob(1), { limits: LIMITS });

    const manifest = manifestOf('rt-1');
    expect(manifest.collections.map((c) => c.name)).toEqual(exportPlan());
    const users = manifest.collections.find((c) => c.name === 'users')!;
    expect(users.parts.length).toBeGreaterThan(3);
    expect(users.parts.every((p) => p.documents <= LIMITS.documents)).toBe(true);
    // Each stored part is gzip-compressed JSON lines whose size, hash and count the manifest states.
    const stored = new Map(partsOf('rt-1'));
    let lines = 0;
    for (const c of manifest.collections) {
      for (const p of c.parts) {
        const data = stored.get(`tenants/${T}/exports/rt-1/${p.name}`)!.data;
        expect({ bytes: data.length, sha256: createHash('sha256').update(data).digest('hex') }).toEqual({ bytes: p.bytes, sha256: p.sha256 });
        const docs = gunzipSync(data).toString('utf8').trim().split('\n').map((l) => JSON.parse(l) as { path: string });
        expect(docs).toHaveLength(p.documents);
        lines += docs.length;
      }
    }
    expect(stored.size).toBe(manifest.collections.reduce((n, c) => n + c.parts.length, 0));
    expect(lines).toBe(before.size);
    const byName = new Map<string, number>();
    for (const name of (await tenantPaths(env.deps.db, T)).values()) byName.set(name, (byName.get(name) ?? 0) + 1);
    for (const c of manifest.collections) expect([c.name, c.documents]).toEqual([c.name, byName.get(c.name) ?? 0]);

    const report = await importTenantExport(env.deps, { tenantId: T, exportId: 'rt-1' }, 'acme-restored');
    expect(report.documents).toBe(before.size);
    expect(await snapshot('acme-restored')).toEqual(before);
  });

  it('resumes a crash mid-export after the last finished part, without duplicates or gaps', async () => {
    const before = await snapshot(T);
    const crashing = { ...env.deps, files: crashingOn(env.deps.files, 4) };
    await expect(exportTenant(crashing, { tenantId: T, jobId: 'crash-1' }, untrackedJob(1), { limits: LIMITS })).rejects.toThrow();
    const recorded = (await env.deps.db.doc(`tenants/${T}/exports/crash-1`).get()).data()!;
    expect(recorded.status).toBe('running');
    expect(recorded.parts).toHaveLength(3);
    // The half-written part was never stored.
    expect(partsOf('crash-1')).toHaveLength(3);
    const firstThree = partsOf('crash-1').map(([k, o]) => [k, o.generation]);

    const uploadsBefore = fake.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/upload/')).length;
    await exportTenant(env.deps, { tenantId: T, jobId: 'crash-1' }, untrackedJob(2), { limits: LIMITS });
    // The parts finished before the crash were not written again.
    for (const [k, generation] of firstThree) expect(fake.objects(BUCKET).get(k as string)!.generation).toBe(generation);
    const manifest = manifestOf('crash-1');
    const uploads = fake.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/upload/')).length - uploadsBefore;
    expect(uploads).toBe(manifest.collections.reduce((n, c) => n + c.parts.length, 0) - 3 + 1);

    // Every document exactly once: the import finds no duplicate and no gap.
    const paths = new Set<string>();
    let count = 0;
    for (const [, o] of partsOf('crash-1')) {
      for (const l of gunzipSync(o.data).toString('utf8').trim().split('\n')) {
        paths.add((JSON.parse(l) as { path: string }).path);
        count++;
      }
    }
    expect(count).toBe(before.size);
    expect(paths.size).toBe(before.size);
    await importTenantExport(env.deps, { tenantId: T, exportId: 'crash-1' }, 'acme-resumed');
    expect(await snapshot('acme-resumed')).toEqual(before);
  });

  it("hands over to a retry when a delivery's time budget is spent, each delivery adding parts after the last", async () => {
    const before = await snapshot(T);
    let deliveries = 0;
    for (;;) {
      deliveries++;
      const recorded = (await env.deps.db.doc(`tenants/${T}/exports/budget-1`).get()).data();
      const done = await exportTenant(env.deps, { tenantId: T, jobId: 'budget-1' }, untrackedJob(deliveries), { limits: LIMITS, budgetMs: 0 }).then(() => true, (err: { code?: string }) => {
        expect(err.code).toBe('unavailable');
        return false;
      });
      const after = (await env.deps.db.doc(`tenants/${T}/exports/budget-1`).get()).data()!;
      if (done) break;
      // Exactly one more part per delivery: progress, never a repeat.
      expect(after.parts.length).toBe((recorded?.parts.length ?? 0) + 1);
    }
    const manifest = manifestOf('budget-1');
    expect(deliveries).toBeGreaterThanOrEqual(manifest.collections.reduce((n, c) => n + c.parts.length, 0));
    await importTenantExport(env.deps, { tenantId: T, exportId: 'budget-1' }, 'acme-budget');
    expect(await snapshot('acme-budget')).toEqual(before);
  });

  it('refuses to restore a damaged export, or into a tenant that holds data, writing nothing', async () => {
    await exportTenant(env.deps, { tenantId: T, jobId: 'damaged-1' }, untrackedJob(1), { limits: LIMITS });
    await expect(importTenantExport(env.deps, { tenantId: T, exportId: 'damaged-1' }, 'initech')).rejects.toThrow(/already holds data/);
    const [key, object] = partsOf('damaged-1').at(-1)!;
    object.data = Buffer.concat([object.data.subarray(0, 20), Buffer.from([object.data[20]! ^ 1]), object.data.subarray(21)]);
    fake.objects(BUCKET).set(key, object);
    await expect(importTenantExport(env.deps, { tenantId: T, exportId: 'damaged-1' }, 'acme-damaged')).rejects.toThrow(/damaged|does not match/);
    expect((await snapshot('acme-damaged')).size).toBe(0);
  });
});

describe('tenant export through the API and its downloads', () => {
  async function started(): Promise<string> {
    const start = await env.http.post('/api/privacy/exports').set('Authorization', `Bearer ${admin}`).send({});
    expect(start.status).toBe(202);
    await env.deps.tasks.drain();
    return start.body.jobId as string;
  }
  const binary = (res: NodeJS.ReadableStream, cb: (err: Error | null, body: Buffer) => void) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => cb(null, Buffer.concat(chunks)));
  };
  const asBinary = binary as unknown as (res: import('superagent').Response, cb: (err: Error | null, body: unknown) => void) => void;

  it('lists the export with its parts in words and streams each part, matching its size and SHA-256', async () => {
    const jobId = await started();
    const list = await env.http.get('/api/privacy/exports').set('Authorization', `Bearer ${admin}`);
    expect(list.status).toBe(200);
    const view = (list.body.exports as { id: string }[]).find((e) => e.id === jobId) as unknown as { status: string; documents: number; files: { name: string; what: string; documents: number; bytes: number; sha256: string; download: string }[]; manifest: { download: string } };
    expect(view.status).toBe('done');
    expect(view.files.length).toBeGreaterThan(0);
    expect(view.files.every((f) => f.what && !f.what.includes('{'))).toBe(true);
    expect(view.files.reduce((n, f) => n + f.documents, 0)).toBe(view.documents);
    for (const f of view.files) {
      const res = await env.http.get(f.download).set('Authorization', `Bearer ${admin}`).buffer(true).parse(asBinary);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toContain('application/gzip');
      expect(res.headers['content-disposition']).toContain(f.name);
      expect(createHash('sha256').update(res.body as Buffer).digest('hex')).toBe(f.sha256);
      expect(gunzipSync(res.body as Buffer).toString('utf8').trim().split('\n')).toHaveLength(f.documents);
    }
    const manifest = await env.http.get(view.manifest.download).set('Authorization', `Bearer ${admin}`).buffer(true).parse(asBinary);
    expect(manifest.status).toBe(200);
    expect(JSON.parse((manifest.body as Buffer).toString('utf8')).collections.flatMap((c: { parts: { sha256: string }[] }) => c.parts.map((p) => p.sha256))).toEqual(view.files.map((f) => f.sha256));
  });

  it("serves parts only to that tenant's admins and owners, and only files the export lists", async () => {
    const jobId = await started();
    const part = (await env.http.get(`/api/privacy/exports/${jobId}`).set('Authorization', `Bearer ${admin}`)).body.files[0] as { name: string; download: string };
    const get = (path: string, token?: string) => {
      const req = env.http.get(path);
      return token ? req.set('Authorization', `Bearer ${token}`) : req;
    };
    expect((await get(part.download, await env.token(DEMO.acmeOwner))).status).toBe(200);
    expect((await get(part.download)).status).toBe(401);
    // An employee of the same tenant.
    expect((await get(part.download, await env.token(DEMO.acmeUser))).status).toBe(403);
    // Another tenant's admin, with the export's id: their own tenant has no such export.
    const initech = await env.token(DEMO.initechAdmin);
    expect((await get(part.download, initech)).status).toBe(404);
    expect((await get(`/api/privacy/exports/${jobId}`, initech)).status).toBe(404);
    expect(((await get('/api/privacy/exports', initech)).body.exports as { id: string }[]).map((e) => e.id)).not.toContain(jobId);
    // A stored file the manifest does not list (a part of an unfinished write), or a made-up path.
    await env.deps.files.write(`tenants/${T}/exports/${jobId}/users-09999.ndjson.gz`, 'x', 'application/gzip');
    expect((await get(`/api/privacy/exports/${jobId}/files/users-09999.ndjson.gz`, admin)).status).toBe(404);
    const bad = await get(`/api/privacy/exports/${jobId}/files/..%2F..%2Fusers-00001.ndjson.gz`, admin);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).not.toMatch(/regex|\/api\//);
  });

  it('shows an export whose job gave up as stopped, its finished parts still downloadable', async () => {
    const crashing = { ...env.deps, files: crashingOn(env.deps.files, 2) };
    await expect(exportTenant(crashing, { tenantId: T, jobId: 'gave-up-1' }, untrackedJob(5), { limits: LIMITS })).rejects.toThrow();
    const now = new Date();
    await env.deps.db.doc(`tenants/${T}/jobs/gave-up-1`).set({
      kind: 'privacy.export', status: 'failed', progress: { done: 1, total: null }, counts: {}, error: { code: 'unavailable', message: 'The export stopped.' },
      cursor: null, lease: null, createdBy: 'demo-acme-admin', attempts: 5, createdAt: now, updatedAt: now, expireAt: new Date(now.getTime() + 86_400_000),
    });
    const view = await env.http.get('/api/privacy/exports/gave-up-1').set('Authorization', `Bearer ${admin}`);
    expect(view.body).toMatchObject({ status: 'failed', manifest: null });
    expect(view.body.files).toHaveLength(1);
    expect(view.body.documents).toBe(view.body.files[0].documents);
    expect((await env.http.get(view.body.files[0].download).set('Authorization', `Bearer ${admin}`)).status).toBe(200);
    const listed = (await env.http.get('/api/privacy/exports').set('Authorization', `Bearer ${admin}`)).body.exports as { id: string; status: string }[];
    expect(listed.find((e) => e.id === 'gave-up-1')?.status).toBe('failed');
  });

  it('refuses an admin a burst of exports (each reads the whole tenant), in words', async () => {
    let refused: { status: number; body: { error: { message: string } } } | null = null;
    for (let i = 0; i < TENANT_EXPORTS.max + 1 && !refused; i++) {
      const res = await env.http.post('/api/privacy/exports').set('Authorization', `Bearer ${admin}`).send({});
      if (res.status === 429) refused = res;
      else expect(res.status).toBe(202);
    }
    expect(refused?.body.error.message).toMatch(/whole-tenant exports/);
    // Another admin of the same tenant is counted apart.
    expect((await env.http.post('/api/privacy/exports').set('Authorization', `Bearer ${await env.token(DEMO.acmeOwner)}`).send({})).status).toBe(202);
    await env.deps.tasks.drain();
  });
});
