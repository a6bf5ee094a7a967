import { createHash } from 'node:crypto';
import sharp from 'sharp';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMAGE_CACHE_CONTROL, createImagesApp } from '../../functions/src/images/images-app.js';
import { CloudStorageFileStore } from '../../functions/src/platform/cloud-storage-file-store.js';
import { createHooksApp } from '../../functions/src/privacy/hooks-app.js';
import { signWebhook } from '../../functions/src/privacy/verify-webhook.js';
import { startCloudStorageFake, type CloudStorageFake } from '../fakes/cloud-storage-fake.js';
import { asCloudFunction } from '../support/cloud-function.js';
import { gif, jpegWithMetadata, MARKS, pngHeaderOnly, pngWithMetadata, svg, webp } from '../support/image-fixtures.js';
import { createTestEnv, DEMO, type TestEnv } from '../support/test-env.js';

/**
 * Hosted images end to end: the API (behind the Cloud Functions body parsers) → sharp → the real
 * @google-cloud/storage client → a local Cloud Storage server (test/fakes/cloud-storage-fake.ts;
 * firebase-tools' Storage emulator needs a rules jar downloaded from the internet at first start,
 * so it cannot run offline) → the public /img/** function.
 */
const BUCKET = 'herald-test-images';
let fake: CloudStorageFake;
let env: TestEnv;
let api: supertest.Agent;
let images: supertest.Agent;
let admin: string;

beforeAll(async () => {
  fake = await startCloudStorageFake({ buckets: [BUCKET] });
  env = await createTestEnv();
  env.deps.files = new CloudStorageFileStore({ bucket: BUCKET, apiEndpoint: fake.url, projectId: 'demo-herald' });
  api = supertest.agent(asCloudFunction(env.app));
  images = supertest.agent(asCloudFunction(createImagesApp(env.deps)));
  admin = await env.token(DEMO.acmeAdmin);
});
afterAll(async () => {
  await fake?.close();
});

const upload = (bytes: Buffer, contentType = 'application/octet-stream', token = admin) =>
  api.post('/api/images').set('Authorization', `Bearer ${token}`).set('Content-Type', contentType).send(bytes);
const pathOf = (url: string) => new URL(url).pathname;
const binary = (res: supertest.Response) => res.body as Buffer;
const fetchImage = (url: string) =>
  images
    .get(pathOf(url))
    .buffer(true)
    .parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
const stored = (tenantId: string) => [...fake.objects(BUCKET).keys()].filter((k) => k.startsWith(`tenants/${tenantId}/images/`));

async function expectNoMetadata(bytes: Buffer) {
  const meta = await sharp(bytes).metadata();
  expect(meta.exif).toBeUndefined();
  expect(meta.xmp).toBeUndefined();
  expect(meta.icc).toBeUndefined();
  expect(meta.comments ?? []).toEqual([]);
  for (const mark of Object.values(MARKS)) expect(bytes.includes(mark)).toBe(false);
}

describe('uploading an image', () => {
  it('a PNG is re-encoded without its metadata, stored under the tenant, and served from its public address with a year of immutable caching', async () => {
    const original = await pngWithMetadata(600, 120);
    expect((await sharp(original).metadata()).exif).toBeDefined();
    const res = await upload(original, 'image/png');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ type: 'png', width: 600, height: 120 });
    const url = res.body.url as string;
    expect(url).toMatch(new RegExp(`^${env.deps.config.linkBaseUrl}/img/acme/[0-9a-f]{32}\\.png$`));

    const served = await fetchImage(url);
    expect(served.status).toBe(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.headers['cache-control']).toBe(IMAGE_CACHE_CONTROL);
    expect(served.headers['cache-control']).toContain('immutable');
    expect(served.headers['x-content-type-options']).toBe('nosniff');
    const bytes = binary(served);
    expect(res.body.bytes).toBe(bytes.length);
    // The name is the content's hash: the same address always means the same bytes.
    expect(pathOf(url)).toContain(createHash('sha256').update(bytes).digest('hex').slice(0, 32));
    expect(stored('acme')).toContain(`tenants/acme/images/${pathOf(url).split('/').pop()}`);
    await expectNoMetadata(bytes);
    const pixels = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
    expect(pixels.info).toMatchObject({ width: 600, height: 120 });

    // A cache that has it asks again with its ETag: 304, nothing resent.
    const again = await images.get(pathOf(url)).set('If-None-Match', served.headers.etag!);
    expect(again.status).toBe(304);
    // The same bytes uploaded again land on the same file.
    expect((await upload(original, 'image/png')).body.url).toBe(url);
  });

  it('a JPEG loses EXIF (camera, GPS) and XMP, and its orientation is applied to the pixels first', async () => {
    const res = await upload(await jpegWithMetadata(300, 100), 'image/jpeg');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ type: 'jpeg', width: 100, height: 300 });
    expect(res.body.url).toMatch(/\.jpg$/);
    const bytes = binary(await fetchImage(res.body.url));
    await expectNoMetadata(bytes);
    expect((await sharp(bytes).metadata()).orientation).toBeUndefined();
  });

  it('a GIF is kept as a GIF', async () => {
    const res = await upload(await gif(), 'image/gif');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ type: 'gif', width: 120, height: 40 });
    const served = await fetchImage(res.body.url);
    expect(served.headers['content-type']).toBe('image/gif');
    expect((await sharp(binary(served)).metadata()).format).toBe('gif');
  });

  it('the type comes from the bytes: a PNG sent as image/gif (named .gif by the browser) is hosted as a PNG', async () => {
    const res = await upload(await pngWithMetadata(200, 50), 'image/gif');
    expect(res.status).toBe(201);
    expect(res.body.type).toBe('png');
    expect(res.body.url).toMatch(/\.png$/);
    expect((await fetchImage(res.body.url)).headers['content-type']).toBe('image/png');
  });

  it('an SVG is refused with the reason in words, whatever type it was sent as, and nothing is stored', async () => {
    const before = stored('acme').length;
    for (const type of ['image/svg+xml', 'image/png']) {
      const res = await upload(svg(), type);
      expect(res.status, type).toBe(415);
      expect(res.body.error.message).toMatch(/SVG/);
      expect(res.body.error.message).toMatch(/Gmail and Outlook do not display/);
      expect(res.body.error.message).toMatch(/PNG/);
    }
    expect(stored('acme').length).toBe(before);
  });

  it('a WebP is refused with the reason in words', async () => {
    const res = await upload(await webp(), 'image/webp');
    expect(res.status).toBe(415);
    expect(res.body.error.message).toMatch(/WebP/);
    expect(res.body.error.message).toMatch(/Outlook/);
  });

  it('a file that is not an image, and an empty one, are refused in words', async () => {
    const text = await upload(Buffer.from('name,email\nJane,jane@acme.example\n'), 'image/png');
    expect(text.status).toBe(415);
    expect(text.body.error.message).toBe('This file is not an image we can host. Upload a PNG, JPEG or GIF image.');
    const empty = await upload(Buffer.alloc(0), 'image/png');
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toMatch(/empty/);
  });

  it('a file over 5 MB is refused naming the limit (read past the Cloud Functions 1 MB parser)', async () => {
    const big = Buffer.concat([await pngWithMetadata(10, 10), Buffer.alloc(5.5 * 1024 * 1024)]);
    const res = await upload(big, 'image/png');
    expect(res.status).toBe(413);
    expect(res.body.error.message).toMatch(/5\.5 MB; an image can be at most 5 MB/);
  });

  it('an image wider than 5,000 pixels, and one over 16 million pixels, are refused naming the limit, from the header before any decoding', async () => {
    const wide = await upload(await pngHeaderOnly(6000, 20), 'image/png');
    expect(wide.status).toBe(400);
    expect(wide.body.error.message).toMatch(/6,000 × 20 pixels; each side can be at most 5,000 pixels/);
    // Its pixel data is a single pixel: had it been decoded, it would have been called damaged.
    const bomb = await upload(await pngHeaderOnly(4500, 4000), 'image/png');
    expect(bomb.status).toBe(400);
    expect(bomb.body.error.message).toMatch(/18,000,000 pixels; the limit is 16,000,000 pixels/);
    const damaged = await upload(await pngHeaderOnly(400, 100), 'image/png');
    expect(damaged.status).toBe(400);
    expect(damaged.body.error.message).toMatch(/damaged or incomplete/);
  });

  it('is refused to a plain employee and to a viewer, and audited for an editor', async () => {
    const png = await pngWithMetadata(60, 20);
    expect((await upload(png, 'image/png', await env.token(DEMO.acmeUser))).status).toBe(403);
    const viewer = await env.account({ domain: 'acme.example', tenantId: 'acme', role: 'viewer' });
    expect((await upload(png, 'image/png', viewer.token)).status).toBe(403);
    const editor = await env.account({ domain: 'acme.example', tenantId: 'acme', role: 'editor' });
    const ok = await upload(png, 'image/png', editor.token);
    expect(ok.status).toBe(201);
    const audit = await env.deps.db.collection('tenants/acme/audit').where('action', '==', 'image.upload').get();
    expect(audit.docs.map((d) => d.get('target.id'))).toContain(pathOf(ok.body.url).split('/').pop());
  });

  it("another tenant's upload lands under its own prefix and can never replace Acme's file", async () => {
    const png = await pngWithMetadata(80, 30);
    const acme = await upload(png, 'image/png');
    const acmeBytes = binary(await fetchImage(acme.body.url));
    const initech = await upload(png, 'image/png', await env.token(DEMO.initechAdmin));
    expect(initech.status).toBe(201);
    expect(pathOf(initech.body.url)).toMatch(/^\/img\/initech\//);
    expect(pathOf(initech.body.url).split('/').pop()).toBe(pathOf(acme.body.url).split('/').pop());
    const other = await upload(await pngWithMetadata(81, 30), 'image/png', await env.token(DEMO.initechAdmin));
    // The address names the tenant, which comes from the caller's token: Initech's file is not under Acme.
    expect((await images.get(`/img/acme/${pathOf(other.body.url).split('/').pop()}`)).status).toBe(404);
    expect(binary(await fetchImage(acme.body.url)).equals(acmeBytes)).toBe(true);
  });

  it('the public address answers 404 (never cached) for anything that is not a hosted image', async () => {
    for (const path of ['/img/acme/0123456789abcdef0123456789abcdef.png', '/img/acme/../exports/x.png', '/img/acme/x.svg', '/img/']) {
      const res = await images.get(path);
      expect(res.status, path).toBe(404);
      expect(res.headers['cache-control']).toBe('no-store');
    }
    expect((await images.post('/img/acme/0123456789abcdef0123456789abcdef.png')).status).toBe(405);
  });
});

describe('what deletes a hosted image', () => {
  const banner = (imageUrl: string) => ({ imageUrl, destinationUrl: 'https://www.acme.example/spring', alt: 'Spring' });
  const as = () => ({ Authorization: `Bearer ${admin}` });
  const exists = (url: string) => fake.objects(BUCKET).has(`tenants/acme/images/${pathOf(url).split('/').pop()}`);

  it('a banner is deleted with the last campaign showing it, and when a campaign replaces it', async () => {
    const shared = (await upload(await pngWithMetadata(600, 100), 'image/png')).body.url as string;
    const first = await api.post('/api/campaigns').set(as()).send({ kind: 'banner', name: 'Shared one', startAt: '2026-01-01T00:00:00Z', banner: banner(shared) });
    expect(first.status).toBe(201);
    const second = await api.post('/api/campaigns').set(as()).send({ kind: 'banner', name: 'Shared two', startAt: '2026-01-01T00:00:00Z', banner: banner(shared) });
    expect(second.status).toBe(201);

    expect((await api.delete(`/api/campaigns/${first.body.id}`).set(as())).status).toBe(200);
    expect(exists(shared)).toBe(true);
    expect((await fetchImage(shared)).status).toBe(200);

    const replacement = (await upload(await pngWithMetadata(600, 101), 'image/png')).body.url as string;
    expect((await api.patch(`/api/campaigns/${second.body.id}`).set(as()).send({ banner: banner(replacement) })).status).toBe(200);
    expect(exists(shared)).toBe(false);
    expect((await images.get(pathOf(shared))).status).toBe(404);

    expect((await api.delete(`/api/campaigns/${second.body.id}`).set(as())).status).toBe(200);
    expect(exists(replacement)).toBe(false);
  });

  it('a logo is deleted with the last template showing it', async () => {
    const logo = (await upload(await pngWithMetadata(80, 80), 'image/png')).body.url as string;
    const html = `<table><tr><td><img src="${logo}" alt="Acme" width="80" height="80"></td><td>{{firstName}} {{lastName}}</td></tr></table>`;
    const created = await api.post('/api/templates').set(as()).send({ name: 'With logo', html });
    expect(created.status).toBe(201);
    expect(created.body.html).toContain(logo);
    expect(created.body.removed).toEqual([]);
    // What the allowlist strips on save is told: the answer lists it, in words.
    const patched = await api.patch(`/api/templates/${created.body.id}`).set(as()).send({ html: html + '<script>track()</script>' });
    expect(patched.status).toBe(200);
    expect(patched.body.removed).toEqual(['The <script> element: scripts never run in e-mail.']);
    expect((await api.delete(`/api/templates/${created.body.id}`).set(as())).status).toBe(200);
    expect(exists(logo)).toBe(false);
  });

  it("tenant deletion deletes the tenant's images and no other tenant's", async () => {
    const domain = `pics${Math.random().toString(36).slice(2, 8)}.example`;
    const owner = await env.account({ domain });
    const created = await api.post('/api/onboarding').set('Authorization', `Bearer ${owner.token}`).send({ companyName: 'Pictures Corp', domain });
    expect(created.status).toBe(201);
    const tenantId = created.body.tenantId as string;
    await env.deps.db.doc(`tenants/${tenantId}`).update({ verifiedDomains: [domain] });
    const editor = await env.account({ domain, tenantId, role: 'editor' });
    const theirs = await upload(await pngWithMetadata(90, 30), 'image/png', editor.token);
    expect(theirs.status).toBe(201);
    expect(stored(tenantId)).toHaveLength(1);
    const acmeBefore = stored('acme');

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

    expect(stored(tenantId)).toEqual([]);
    expect((await images.get(pathOf(theirs.body.url))).status).toBe(404);
    expect(stored('acme')).toEqual(acmeBefore);
  });

  it('the record of processing lists hosted images: no personal data, kept while shown, deleted with the campaign or the tenant', async () => {
    const res = await api.get('/api/privacy/register').set(as());
    const entry = res.body.storedFiles.find((f: { name: string }) => f.name === 'hostedImages');
    expect(entry).toMatchObject({ key: 'tenants/{tenantId}/images/{imageName}', personalData: [], dataSubjects: [] });
    expect(entry.retention).toMatch(/deleted when the last campaign or template showing it is deleted, and with the tenant/);
  });
});
