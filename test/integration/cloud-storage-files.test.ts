import { randomBytes } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudStorageFileStore, EXPIRY_RULE } from '../../functions/src/platform/cloud-storage-file-store.js';
import { createHooksApp } from '../../functions/src/privacy/hooks-app.js';
import { sweepExpired } from '../../functions/src/privacy/sweep-expired.js';
import { signWebhook } from '../../functions/src/privacy/verify-webhook.js';
import { startCloudStorageFake, type CloudStorageFake } from '../fakes/cloud-storage-fake.js';
import { createTestEnv, DEMO, type TestEnv } from '../support/test-env.js';

const BUCKET = 'herald-test-exports';
let fake: CloudStorageFake;

beforeAll(async () => {
  fake = await startCloudStorageFake({ buckets: [BUCKET] });
});
afterAll(async () => {
  await fake?.close();
});

/** The real @google-cloud/storage client, pointed at the local server. */
function store(options: { resumableAbove?: number; pageSize?: number } = {}) {
  return new CloudStorageFileStore({ bucket: BUCKET, apiEndpoint: fake.url, projectId: 'demo-herald', ...options });
}

const uploads = (since: number) => fake.requests.slice(since).filter((r) => r.path.startsWith('/upload/'));

describe('Cloud Storage file store (the real client against a local JSON API server)', () => {
  it('writes a small file in one multipart request and reads it back, bytes and type', async () => {
    const files = store();
    const key = 'tenants/acme/exports/e1/users.jsonl';
    const body = '{"path":"tenants/acme/users/u1","data":{"lastName":"Müller-Łukasz 🙂"}}\n';
    const since = fake.requests.length;
    await files.write(key, body, 'application/x-ndjson');
    expect(uploads(since).map((r) => `${r.method} ${r.query.uploadType}`)).toEqual(['POST multipart']);
    expect(fake.objects(BUCKET).get(key)!.data.toString('utf8')).toBe(body);
    expect(await files.read(key)).toEqual({ data: Buffer.from(body), contentType: 'application/x-ndjson' });
    expect(fake.requests.slice(since).some((r) => r.query.alt === 'media')).toBe(true);
  });

  it('writes a large file with a resumable upload, and its checksums are verified both ways', async () => {
    const files = store({ resumableAbove: 64 * 1024 });
    const key = 'tenants/acme/exports/e1/campaigns.jsonl';
    const body = randomBytes(300 * 1024);
    const since = fake.requests.length;
    await files.write(key, body, 'application/x-ndjson');
    const sent = uploads(since);
    expect(sent[0]).toMatchObject({ method: 'POST', query: { uploadType: 'resumable', name: key } });
    expect(sent.slice(1).every((r) => r.method === 'PUT' && r.query.upload_id)).toBe(true);
    expect(sent.slice(1).reduce((n, r) => n + r.bytes, 0)).toBe(body.length);
    expect(fake.objects(BUCKET).get(key)!.data.equals(body)).toBe(true);
    expect((await files.read(key))!.data.equals(body)).toBe(true);

    // A copy corrupted on the server is refused on download, not handed out.
    fake.objects(BUCKET).get(key)!.data = Buffer.concat([body.subarray(0, 1000), Buffer.from('x'), body.subarray(1001)]);
    await expect(files.read(key)).rejects.toThrow(/did not match/);
  });

  it('reads a file another client stored with a media upload', async () => {
    const key = 'tenants/acme/exports/e2/notes.jsonl';
    const res = await fetch(`${fake.url}/upload/storage/v1/b/${BUCKET}/o?uploadType=media&name=${encodeURIComponent(key)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body: '{"a":1}\n',
    });
    expect(res.status).toBe(200);
    expect(await store().read(key)).toEqual({ data: Buffer.from('{"a":1}\n'), contentType: 'application/x-ndjson' });
  });

  it('answers null for a missing file, and throws on any other failure', async () => {
    const files = store();
    expect(await files.read('tenants/acme/exports/none/users.jsonl')).toBeNull();
    fake.failNext({ method: 'GET', pathIncludes: '/o/tenants/acme/exports/e1/users.jsonl' }, 403);
    await expect(files.read('tenants/acme/exports/e1/users.jsonl')).rejects.toMatchObject({ code: 403 });
  });

  it('lists by prefix across pages, and deletes a prefix without touching its neighbours', async () => {
    const files = store({ pageSize: 2 });
    const mine = ['a', 'b', 'c', 'd', 'e'].map((n) => `tenants/t-list/exports/x/${n}.jsonl`);
    const neighbours = ['tenants/t-list2/exports/x/a.jsonl', 'tenants/t-lis/exports/x/a.jsonl'];
    for (const key of [...mine, ...neighbours]) await files.write(key, key, 'application/x-ndjson');

    const since = fake.requests.length;
    expect(await files.list('tenants/t-list/')).toEqual(mine);
    const listings = fake.requests.slice(since).filter((r) => r.method === 'GET' && r.path === `/storage/v1/b/${BUCKET}/o`);
    expect(listings.map((r) => Boolean(r.query.pageToken))).toEqual([false, true, true]);
    expect(listings.every((r) => r.query.prefix === 'tenants/t-list/' && r.query.maxResults === '2')).toBe(true);

    expect(await files.deletePrefix('tenants/t-list/')).toBe(5);
    expect(await files.list('tenants/t-list/')).toEqual([]);
    for (const key of neighbours) expect(fake.objects(BUCKET).has(key)).toBe(true);
    // Again (a retried purge): nothing left, nothing counted.
    expect(await files.deletePrefix('tenants/t-list/')).toBe(0);
  });

  it('a failed delete stops the prefix delete with an error; the retry finishes the job and counts only its own', async () => {
    const files = store({ pageSize: 2 });
    const keys = ['a', 'b', 'c', 'd'].map((n) => `tenants/t-fail/exports/x/${n}.jsonl`);
    for (const key of keys) await files.write(key, '{}\n', 'application/x-ndjson');
    fake.failNext({ method: 'DELETE', pathIncludes: 'tenants/t-fail/exports/x/c.jsonl' }, 403);
    await expect(files.deletePrefix('tenants/t-fail/')).rejects.toMatchObject({ code: 403 });
    const left = await files.list('tenants/t-fail/');
    expect(left).toContain('tenants/t-fail/exports/x/c.jsonl');
    expect(await files.deletePrefix('tenants/t-fail/')).toBe(left.length);
    expect(await files.list('tenants/t-fail/')).toEqual([]);
  });

  it('stores the expiry as Custom-Time, deletes expired files, and installs the bucket rule once, keeping other rules', async () => {
    const files = store();
    const now = new Date('2030-05-10T12:00:00Z');
    await files.write('tenants/t-exp/exports/old/users.jsonl', '{}\n', 'application/x-ndjson', { expireAt: new Date('2030-05-10T11:59:59Z') });
    await files.write('tenants/t-exp/exports/new/users.jsonl', '{}\n', 'application/x-ndjson', { expireAt: new Date('2030-05-17T12:00:00Z') });
    await files.write('tenants/t-exp/keep.jsonl', '{}\n', 'application/x-ndjson');
    expect(fake.objects(BUCKET).get('tenants/t-exp/exports/new/users.jsonl')!.customTime).toBe('2030-05-17T12:00:00.000Z');
    expect(await files.deleteExpired('tenants/t-exp/', now)).toBe(1);
    expect(await files.list('tenants/t-exp/')).toEqual(['tenants/t-exp/exports/new/users.jsonl', 'tenants/t-exp/keep.jsonl']);

    const operatorRule = { action: { type: 'SetStorageClass', storageClass: 'NEARLINE' }, condition: { age: 30 } };
    fake.buckets.get(BUCKET)!.metadata.lifecycle = { rule: [operatorRule] };
    expect(await files.ensureExpiryRule()).toBe(true);
    expect(fake.buckets.get(BUCKET)!.metadata.lifecycle).toEqual({ rule: [operatorRule, EXPIRY_RULE] });
    const since = fake.requests.length;
    expect(await files.ensureExpiryRule()).toBe(false);
    expect(fake.requests.slice(since).map((r) => r.method)).toEqual(['GET']);
  });
});

describe('tenant export and tenant deletion through the Cloud Storage adapter', () => {
  let env: TestEnv;
  let admin: string;
  beforeAll(async () => {
    env = await createTestEnv();
    env.deps.files = store({ resumableAbove: 16 * 1024 });
    admin = await env.token(DEMO.acmeAdmin);
  });

  it('writes every export file to the bucket with the manifest expiry, downloads it through the API, and the sweep removes it once expired', async () => {
    const start = await env.http.post('/api/privacy/exports').set('Authorization', `Bearer ${admin}`).send({});
    expect(start.status).toBe(202);
    await env.deps.tasks.drain();
    const manifest = await env.http.get(`/api/privacy/exports/${start.body.jobId}`).set('Authorization', `Bearer ${admin}`);
    expect(manifest.body.status).toBe('done');
    const prefix = `tenants/acme/exports/${start.body.jobId}/`;
    const stored = [...fake.objects(BUCKET).keys()].filter((k) => k.startsWith(prefix)).sort();
    expect(stored).toEqual([...manifest.body.files.map((f: { name: string }) => prefix + f.name), prefix + 'manifest.json'].sort());
    for (const key of stored) expect(fake.objects(BUCKET).get(key)!.customTime).toBe(manifest.body.expiresAt);

    const users = manifest.body.files.find((f: { name: string }) => f.name === 'users-00001.ndjson.gz');
    const download = await env.http.get(users.download).set('Authorization', `Bearer ${admin}`).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(download.status).toBe(200);
    expect(download.headers['content-type']).toContain('application/gzip');
    expect((download.body as Buffer).equals(fake.objects(BUCKET).get(prefix + 'users-00001.ndjson.gz')!.data)).toBe(true);
    expect((download.body as Buffer).length).toBe(users.bytes);
    expect(gunzipSync(download.body as Buffer).toString('utf8').trim().split('\n')).toHaveLength(users.documents);

    // Past the expiry: the API refuses at once, and the daily sweep deletes the files.
    const realNow = env.deps.now;
    env.deps.now = () => new Date(Date.parse(manifest.body.expiresAt) + 1000);
    try {
      const late = await env.http.get(users.download).set('Authorization', `Bearer ${admin}`);
      expect(late.status).toBe(404);
      await sweepExpired(env.deps, { tenantId: 'acme' });
    } finally {
      env.deps.now = realNow;
    }
    expect([...fake.objects(BUCKET).keys()].filter((k) => k.startsWith(prefix))).toEqual([]);
  });

  it('the record of processing lists the export files with their retention', async () => {
    const res = await env.http.get('/api/privacy/register').set('Authorization', `Bearer ${admin}`);
    expect(res.body.storedFiles).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'tenantExports', key: 'tenants/{tenantId}/exports/{exportId}/{fileName}', retention: expect.stringMatching(/^7 days/) })]));
    const md = await env.http.get('/api/privacy/register').query({ format: 'markdown' }).set('Authorization', `Bearer ${admin}`);
    expect(md.text).toContain('`tenants/{tenantId}/exports/{exportId}/{fileName}`');
  });

  it('an export whose upload fails is not marked done and serves no file', async () => {
    fake.failNext({ method: 'POST', pathIncludes: '/upload/' }, 403, 1000);
    try {
      const start = await env.http.post('/api/privacy/exports').set('Authorization', `Bearer ${admin}`).send({});
      await env.deps.tasks.drain();
      const manifest = await env.http.get(`/api/privacy/exports/${start.body.jobId}`).set('Authorization', `Bearer ${admin}`);
      expect(manifest.body.status).not.toBe('done');
      expect(manifest.body.files).toEqual([]);
      const job = await env.http.get(`/api/jobs/${start.body.jobId}`).set('Authorization', `Bearer ${admin}`);
      expect(job.body.status).toBe('failed');
    } finally {
      fake.clearFailures();
    }
  });

  it("tenant deletion (signed uninstall) deletes the tenant's files from the bucket, counts them, and leaves other tenants' files", async () => {
    const domain = `gone${Math.random().toString(36).slice(2, 8)}.example`;
    const owner = await env.account({ domain });
    const created = await env.http.post('/api/onboarding').set('Authorization', `Bearer ${owner.token}`).send({ companyName: 'Gone Corp', domain });
    expect(created.status).toBe(201);
    const tenantId = created.body.tenantId as string;
    // Proved as a DNS TXT proof would: an uninstall acts only on a verified domain.
    await env.deps.db.doc(`tenants/${tenantId}`).update({ verifiedDomains: [domain] });
    for (const name of ['users', 'groups', 'campaigns']) await env.deps.files.write(`tenants/${tenantId}/exports/e1/${name}.jsonl`, '{}\n', 'application/x-ndjson');
    await env.deps.files.write(`tenants/acme/exports/keep/users.jsonl`, '{}\n', 'application/x-ndjson');

    const raw = JSON.stringify({ event: 'app.uninstalled', domain });
    const ts = Math.floor(Date.now() / 1000);
    const res = await supertest(createHooksApp(env.deps))
      .post('/hooks/uninstall')
      .set('Content-Type', 'application/json')
      .set('X-Herald-Timestamp', String(ts))
      .set('X-Herald-Signature', signWebhook(env.deps.config.webhookSecret, ts, raw))
      .send(raw);
    expect(res.status).toBe(202);
    await env.deps.tasks.drain();

    expect([...fake.objects(BUCKET).keys()].filter((k) => k.startsWith(`tenants/${tenantId}/`))).toEqual([]);
    expect(fake.objects(BUCKET).has('tenants/acme/exports/keep/users.jsonl')).toBe(true);
    const cert = (await env.deps.db.doc(`deletions/${tenantId}-tenant`).get()).data()!;
    expect(cert).toMatchObject({ status: 'done', storedFilesDeleted: 3 });
  });
});
