import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import supertest from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApiApp } from '../../functions/src/api/api-app.js';
import { createHooksApp } from '../../functions/src/privacy/hooks-app.js';
import { signWebhook } from '../../functions/src/privacy/verify-webhook.js';
import { asCloudFunction } from '../support/cloud-function.js';
import { createTestEnv, DEMO, type TestEnv } from '../support/test-env.js';

/**
 * Issue #20, item 6: bodies are never inflated, and no route reads past its limit. Behind the
 * functions framework (its parsers run before our apps, guarded as index.ts guards them) and as
 * the local host mounts the apps.
 */
let env: TestEnv;
const servers: Server[] = [];
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => {
  for (const s of servers) s.close();
});
afterEach(() => {
  vi.restoreAllMocks();
});

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

async function listening(server: Server): Promise<Server> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

/** Every way zlib can inflate a request body (body-parser calls these at request time). */
function spyOnInflation() {
  return [vi.spyOn(zlib, 'createGunzip'), vi.spyOn(zlib, 'createInflate'), vi.spyOn(zlib, 'createBrotliDecompress'), vi.spyOn(zlib, 'createUnzip')];
}

/**
 * Sends a chunked body that never ends: 64 KB chunks up to `maxBytes`, then silence. Resolves with
 * the answer, which can only come from a server that answered before reading the whole body.
 */
function answerWhileSending(server: Server, method: string, path: string, headers: Record<string, string>, maxBytes: number): Promise<{ status: number; body: any; sent: number }> {
  const { port } = server.address() as AddressInfo;
  const chunk = Buffer.alloc(64 * 1024, 'a');
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = http.request({ host: '127.0.0.1', port, method, path, headers: { ...headers, 'Transfer-Encoding': 'chunked' } });
    req.on('response', (res) => {
      answered = true;
      const parts: Buffer[] = [];
      res.on('data', (d: Buffer) => parts.push(d));
      res.on('end', () => {
        resolve({ status: res.statusCode!, body: JSON.parse(Buffer.concat(parts).toString('utf8')), sent });
        req.destroy();
      });
    });
    req.on('error', (err) => {
      if (!answered) reject(err);
    });
    const pump = () => {
      if (answered || sent >= maxBytes) return;
      sent += chunk.length;
      req.write(chunk, () => setImmediate(pump));
    };
    pump();
  });
}

describe.each([
  ['behind the functions framework', (app: http.RequestListener) => asCloudFunction(app)],
  ['as the local host mounts the apps (no framework)', (app: http.RequestListener) => http.createServer(app)],
])('request bodies: %s', (_name, host) => {
  let api: Server;
  let hooks: Server;
  beforeAll(async () => {
    api = await listening(host(createApiApp(env.deps)));
    hooks = await listening(host(createHooksApp(env.deps)));
  });

  it.each(['gzip', 'deflate', 'br', 'x-gzip'])('refuses a %s-compressed body with 415 before anything inflates it, signed in or not', async (encoding) => {
    const inflation = spyOnInflation();
    const json = Buffer.from(JSON.stringify({ fallbackUrl: 'https://www.acme.example/' + 'a'.repeat(200_000) }));
    const compressed = encoding === 'br' ? zlib.brotliCompressSync(json) : encoding === 'deflate' ? zlib.deflateSync(json) : zlib.gzipSync(json);
    const admin = await env.token(DEMO.acmeAdmin);
    for (const auth of [{}, bearer(admin)]) {
      const res = await supertest(api).patch('/api/tenant/settings').set(auth).set('Content-Type', 'application/json').set('Content-Encoding', encoding).send(compressed);
      expect(res.status).toBe(415);
      expect(res.body.error).toEqual({ code: 'unsupported_media_type', message: 'body: send it uncompressed (no Content-Encoding): compressed bodies are not accepted' });
    }
    for (const spy of inflation) expect(spy).not.toHaveBeenCalled();
    expect((await env.deps.db.doc('tenants/acme').get()).get('settings.fallbackUrl') ?? '').not.toContain('aaaa');
  });

  it('refuses a compressed webhook with 415 before verifying or inflating it, and deletes nothing', async () => {
    const inflation = spyOnInflation();
    const raw = zlib.gzipSync(JSON.stringify({ event: 'app.uninstalled', domain: 'acme.example' }));
    const ts = Math.floor(Date.now() / 1000);
    const res = await supertest(hooks)
      .post('/hooks/uninstall')
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'gzip')
      .set('X-Herald-Timestamp', String(ts))
      .set('X-Herald-Signature', signWebhook(env.deps.config.webhookSecret, ts, raw))
      .send(raw);
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('unsupported_media_type');
    for (const spy of inflation) expect(spy).not.toHaveBeenCalled();
    expect((await env.deps.db.doc('tenants/acme').get()).get('status')).toBe('active');
  });

  it('answers 413 on a JSON route as soon as 1 MB is crossed, while the sender is still sending', async () => {
    const res = await answerWhileSending(api, 'PATCH', '/api/tenant/settings', { 'Content-Type': 'application/json', ...bearer(await env.token(DEMO.acmeAdmin)) }, 64 * 1024 * 1024);
    expect(res.status).toBe(413);
    expect(res.body.error).toEqual({ code: 'payload_too_large', message: 'body: at most 1 MB' });
  });

  it('reads nothing of a CSV import before authentication: 401 while an anonymous sender is still sending', async () => {
    const res = await answerWhileSending(api, 'POST', '/api/directory/import', { 'Content-Type': 'text/csv' }, 64 * 1024 * 1024);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthenticated');
  });

  it('gives an admin the CSV limit (20 MB), after authentication: a 3 MB file is read and imported', async () => {
    const admin = await env.token(DEMO.initechAdmin);
    const csv = 'email,firstName,lastName\nbig.file@initech.example,Big,File\n' + '\n'.repeat(3 * 1024 * 1024);
    const res = await supertest(api).post('/api/directory/import?dryRun=true').set(bearer(admin)).set('Content-Type', 'text/csv').send(csv);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ errors: [] });
  });

  it('answers 413 on the CSV import as soon as 20 MB is crossed, for an admin still sending', async () => {
    const res = await answerWhileSending(api, 'POST', '/api/directory/import', { 'Content-Type': 'text/csv', ...bearer(await env.token(DEMO.initechAdmin)) }, 256 * 1024 * 1024);
    expect(res.status).toBe(413);
    expect(res.body.error).toEqual({ code: 'payload_too_large', message: 'body: at most 20 MB' });
  });
});
