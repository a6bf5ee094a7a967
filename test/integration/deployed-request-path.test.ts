import type { Server } from 'node:http';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiApp } from '../../functions/src/api/api-app.js';
import { createLinksApp, createLinksRuntime } from '../../functions/src/links/links-app.js';
import { createHooksApp } from '../../functions/src/privacy/hooks-app.js';
import { signWebhook } from '../../functions/src/privacy/verify-webhook.js';
import { asCloudFunction } from '../support/cloud-function.js';
import { createTestEnv, DEMO, type TestEnv } from '../support/test-env.js';

/**
 * The apps as Cloud Functions calls them: behind the functions framework's body parsers, which
 * read every body before the app and keep the bytes in req.rawBody (test/support/cloud-function.ts),
 * and, for the limits, also as the local host mounts them (no framework).
 */
let env: TestEnv;
const servers: Server[] = [];
const deployed = (handler: Parameters<typeof asCloudFunction>[0]) => {
  const server = asCloudFunction(handler);
  servers.push(server);
  return supertest(server);
};
let api: ReturnType<typeof supertest>;
let hooks: ReturnType<typeof supertest>;

beforeAll(async () => {
  env = await createTestEnv();
  api = deployed(createApiApp(env.deps));
  hooks = deployed(createHooksApp(env.deps));
});
afterAll(() => {
  for (const s of servers) s.close();
});

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const now = () => Math.floor(Date.now() / 1000);

function signed(http: ReturnType<typeof supertest>, raw: string | Buffer, contentType = 'application/json') {
  const ts = now();
  return http.post('/hooks/uninstall').set('Content-Type', contentType).set('X-Herald-Timestamp', String(ts)).set('X-Herald-Signature', signWebhook(env.deps.config.webhookSecret, ts, raw)).send(raw);
}

async function newTenant(): Promise<{ tenantId: string; domain: string }> {
  const domain = `deployed${Math.random().toString(36).slice(2, 8)}.example`;
  const owner = await env.account({ domain });
  const created = await api.post('/api/onboarding').set(bearer(owner.token)).send({ companyName: 'Deployed Corp', domain });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  // Proved as a DNS TXT proof would: an uninstall acts only on a verified domain.
  await env.deps.db.doc(`tenants/${created.body.tenantId as string}`).update({ verifiedDomains: [domain] });
  return { tenantId: created.body.tenantId as string, domain };
}

describe('behind the functions framework', () => {
  it('accepts a correctly signed uninstall webhook, verified over the raw bytes, and deletes the tenant', async () => {
    const { tenantId, domain } = await newTenant();
    // Bytes as the sender wrote them (spacing, key order): re-serialising the parsed JSON would not match.
    const raw = `{\n  "domain": "${domain}",\n  "event": "app.uninstalled"\n}`;
    const res = await signed(hooks, raw);
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body.status).toBe('deleting');
    expect((await env.deps.db.doc(`tenants/${tenantId}`).get()).get('status')).toBe('deleting');
    await env.deps.tasks.drain();
    expect((await env.deps.db.doc(`tenants/${tenantId}`).get()).exists).toBe(false);
  });

  it('still refuses a webhook whose bytes differ from the signed ones', async () => {
    const { tenantId, domain } = await newTenant();
    const signedRaw = JSON.stringify({ event: 'app.uninstalled', domain });
    const ts = now();
    const res = await hooks
      .post('/hooks/uninstall')
      .set('Content-Type', 'application/json')
      .set('X-Herald-Timestamp', String(ts))
      .set('X-Herald-Signature', signWebhook(env.deps.config.webhookSecret, ts, signedRaw))
      .send(JSON.stringify({ domain, event: 'app.uninstalled' }));
    expect(res.status).toBe(401);
    expect((await env.deps.db.doc(`tenants/${tenantId}`).get()).get('status')).toBe('active');
  });

  it('verifies a webhook sent with another content type too (the framework keeps text as a string)', async () => {
    const { tenantId, domain } = await newTenant();
    const res = await signed(hooks, JSON.stringify({ event: 'app.uninstalled', domain }), 'text/plain');
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect((await env.deps.db.doc(`tenants/${tenantId}`).get()).get('status')).toBe('deleting');
    await env.deps.tasks.drain();
  });

  it('imports a text/csv directory file, taken from the raw bytes (BOM and charset=utf-8 included)', async () => {
    const admin = await env.token(DEMO.initechAdmin);
    const csv = '\uFEFFemail,firstName,lastName\nrene.deployed@initech.example,René,Déployé\n';
    const res = await api.post('/api/directory/import').set(bearer(admin)).set('Content-Type', 'text/csv; charset=utf-8').send(csv);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ applied: true, created: 1, errors: [] });
    const stored = await env.deps.db.collection('tenants/initech/users').where('email', '==', 'rene.deployed@initech.example').get();
    expect(stored.docs.map((d) => [d.get('firstName'), d.get('lastName')])).toEqual([['René', 'Déployé']]);
  });

  it('answers JSON routes from the raw bytes, and 415 for a body of another type', async () => {
    const admin = await env.token(DEMO.acmeAdmin);
    const ok = await api.patch('/api/tenant/settings').set(bearer(admin)).send({ fallbackUrl: 'https://www.acme.example/deployed' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const form = await api.patch('/api/tenant/settings').set(bearer(admin)).type('form').send({ fallbackUrl: 'https://www.acme.example/' });
    expect(form.status).toBe(415);
    expect(form.body.error.code).toBe('unsupported_media_type');
    const csvToJsonRoute = await api.patch('/api/tenant/settings').set(bearer(admin)).set('Content-Type', 'text/csv').send('a,b\n');
    expect(csvToJsonRoute.status).toBe(415);
    const jsonToCsvRoute = await api.post('/api/directory/import').set(bearer(await env.token(DEMO.initechAdmin))).send({ email: 'x@initech.example' });
    expect(jsonToCsvRoute.status).toBe(415);
    expect(jsonToCsvRoute.body.error.message).toBe('send the file as text/csv');
  });

  it('serves tracked links (the links function) unchanged', async () => {
    const admin = await env.token(DEMO.acmeAdmin);
    const minted = await api.post('/api/campaigns/spring-launch/links').set(bearer(admin)).send({ userId: 'u649905b987a36b6' });
    expect(minted.status, JSON.stringify(minted.body)).toBe(200);
    const links = deployed(createLinksApp(env.deps, createLinksRuntime(env.deps, { cacheTtlMs: 0 })));
    const click = await links.get(new URL(minted.body.clickUrl as string).pathname).set('User-Agent', 'Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0.0.0 Safari/537.36');
    expect(click.status).toBe(302);
    expect(click.headers.location).toMatch(/^https:\/\//);
  });
});

describe.each([
  ['behind the functions framework', (app: ReturnType<typeof createApiApp>) => deployed(app)],
  ['as the local host mounts the apps (no framework)', (app: ReturnType<typeof createApiApp>) => supertest(app)],
])('size limits on the raw length, before authentication: %s', (_name, serve) => {
  let apiHttp: ReturnType<typeof supertest>;
  let hooksHttp: ReturnType<typeof supertest>;
  beforeAll(() => {
    apiHttp = serve(createApiApp(env.deps));
    hooksHttp = serve(createHooksApp(env.deps));
  });

  it('refuses a JSON body over 1 MB with 413, signed in or not', async () => {
    const big = JSON.stringify({ fallbackUrl: 'https://www.acme.example/' + 'a'.repeat(1024 * 1024) });
    const anonymous = await apiHttp.patch('/api/tenant/settings').set('Content-Type', 'application/json').send(big);
    expect(anonymous.status).toBe(413);
    expect(anonymous.body.error.code).toBe('payload_too_large');
    expect(anonymous.body.error.message).toMatch(/^body: at most 1 MB/);
    const admin = await apiHttp.patch('/api/tenant/settings').set(bearer(await env.token(DEMO.acmeAdmin))).set('Content-Type', 'application/json').send(big);
    expect(admin.status).toBe(413);
  });

  it('refuses a CSV file over 20 MB with 413 before authentication; one just under passes to authentication', async () => {
    const row = 'someone@initech.example,Some,One\n';
    const over = 'email,firstName,lastName\n' + row.repeat(Math.ceil((20 * 1024 * 1024) / row.length));
    const res = await apiHttp.post('/api/directory/import').set('Content-Type', 'text/csv').send(over);
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
    const under = await apiHttp.post('/api/directory/import').set('Content-Type', 'text/csv').send('email\n' + 'x'.repeat(2 * 1024 * 1024));
    expect(under.status).toBe(401);
  });

  it('refuses a webhook body over 64 KB with 413 before verifying it', async () => {
    const raw = JSON.stringify({ event: 'app.uninstalled', domain: 'acme.example', pad: 'x'.repeat(70 * 1024) });
    const res = await hooksHttp.post('/hooks/uninstall').set('Content-Type', 'application/json').send(raw);
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
    expect((await env.deps.db.doc('tenants/acme').get()).get('status')).toBe('active');
  });
});
