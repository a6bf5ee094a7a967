import { beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, DEMO, type TestEnv } from '../support/test-env.js';
import { fieldText } from '../support/field-text.js';

let env: TestEnv;
let admin: string;
beforeAll(async () => {
  env = await createTestEnv();
  admin = await env.token(DEMO.acmeAdmin);
});

describe('GET /api/me', () => {
  it('tells who the caller is from the token claims', async () => {
    const res = await env.http.get('/api/me').set('Authorization', `Bearer ${admin}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ uid: 'demo-acme-admin', email: DEMO.acmeAdmin, tenantId: 'acme', role: 'admin', region: 'eu' });
    expect(res.headers['cache-control']).toBe('no-store');
  });
});

describe('GET /api/users', () => {
  it('pages through the directory in email order without repeats', async () => {
    const seen: string[] = [];
    let pageToken: string | null = null;
    do {
      const res: any = await env.http
        .get('/api/users')
        .query({ limit: 10, ...(pageToken ? { pageToken } : {}) })
        .set('Authorization', `Bearer ${admin}`);
      expect(res.status).toBe(200);
      expect(res.body.users.length).toBeLessThanOrEqual(10);
      seen.push(...res.body.users.map((u: { email: string }) => u.email));
      pageToken = res.body.nextPageToken;
    } while (pageToken);
    const all = await env.deps.db.collection('tenants/acme/users').count().get();
    expect(seen).toHaveLength(all.data().count);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual(seen);
  });

  it('searches by email prefix, case-insensitively', async () => {
    const res = await env.http.get('/api/users').query({ q: 'JANE' }).set('Authorization', `Bearer ${admin}`);
    expect(res.body.users.map((u: { email: string }) => u.email)).toEqual([DEMO.acmeUser]);
  });

  it('returns exactly the eight directory fields plus bookkeeping', async () => {
    const res = await env.http.get('/api/users').query({ q: 'jane' }).set('Authorization', `Bearer ${admin}`);
    expect(Object.keys(res.body.users[0]).sort()).toEqual(
      ['addresses', 'email', 'firstName', 'groups', 'id', 'lastName', 'mobilePhone', 'overridden', 'source', 'title', 'updatedAt', 'workPhone'].sort(),
    );
    const one = await env.http.get(`/api/users/${res.body.users[0].id}`).set('Authorization', `Bearer ${admin}`);
    expect(one.body).toEqual(res.body.users[0]);
  });

  it('rejects a limit out of range, naming the field', async () => {
    const res = await env.http.get('/api/users').query({ limit: 500 }).set('Authorization', `Bearer ${admin}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_argument');
    expect(fieldText(res)).toContain('query.limit');
  });

  it('answers 404 for an unknown user', async () => {
    const res = await env.http.get('/api/users/nobody-here').set('Authorization', `Bearer ${admin}`);
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
  });
});

describe('errors', () => {
  it('answers unknown routes, bad JSON and wrong media types in the error format', async () => {
    const unknown = await env.http.get('/api/nope').set('Authorization', `Bearer ${admin}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('not_found');

    const newcomer = await env.account({ domain: 'newco.example' });
    const badJson = await env.http
      .post('/api/onboarding')
      .set('Authorization', `Bearer ${newcomer.token}`)
      .set('Content-Type', 'application/json')
      .send('{"companyName":');
    expect(badJson.status).toBe(400);
    expect(badJson.body.error.code).toBe('invalid_argument');

    const text = await env.http.post('/api/onboarding').set('Authorization', `Bearer ${newcomer.token}`).set('Content-Type', 'text/plain').send('hello');
    expect(text.status).toBe(415);
    expect(text.body.error.code).toBe('unsupported_media_type');
  });

  it('refuses a tenant being deleted with 410', async () => {
    const { token } = await env.account({ domain: 'initech.example', tenantId: 'initech', role: 'admin' });
    await env.deps.db.doc('tenants/initech').update({ status: 'deleting' });
    try {
      const res = await env.http.get('/api/tenant').set('Authorization', `Bearer ${token}`);
      expect(res.status).toBe(410);
      expect(res.body.error.code).toBe('gone');
    } finally {
      await env.deps.db.doc('tenants/initech').update({ status: 'active' });
    }
  });
});

describe('tenant onboarding and the locator', () => {
  it('creates a tenant in this region with the caller as owner, once per domain', async () => {
    const founder = await env.account({ domain: 'globex.example' });
    const res = await env.http
      .post('/api/onboarding')
      .set('Authorization', `Bearer ${founder.token}`)
      .send({ companyName: 'Globex', domain: 'globex.example' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ region: 'eu', role: 'owner' });

    const claims = (await env.deps.auth.getUser(founder.uid)).customClaims;
    expect(claims).toEqual({ tid: res.body.tenantId, role: 'owner' });
    const tenant = (await env.deps.db.doc(`tenants/${res.body.tenantId}`).get()).data()!;
    expect(tenant).toMatchObject({ name: 'Globex', region: 'eu', status: 'active', domains: ['globex.example'] });
    const audit = await env.deps.db.collection(`tenants/${res.body.tenantId}/audit`).get();
    expect(audit.docs.map((d) => d.get('action')).sort()).toEqual(['members.role_change', 'tenant.create']);

    // Unproven, the domain is neither located nor locked; once verified (the proof flows are in
    // tenant-trust.test.ts, set directly here), it is both.
    expect(tenant.verifiedDomains).toEqual([]);
    expect((await env.http.get('/api/locate').query({ domain: 'globex.example' })).status).toBe(404);
    await env.deps.db.doc(`tenants/${res.body.tenantId}`).update({ verifiedDomains: ['globex.example'] });
    const located = await env.http.get('/api/locate').query({ domain: 'GLOBEX.example' });
    expect(located.status).toBe(200);
    expect(located.body).toEqual({ region: 'eu' });
    expect(located.headers['access-control-allow-origin']).toBe('*');

    const rival = await env.account({ domain: 'globex.example' });
    const again = await env.http.post('/api/onboarding').set('Authorization', `Bearer ${rival.token}`).send({ companyName: 'Globex 2', domain: 'globex.example' });
    expect(again.status).toBe(409);
  });

  it('refuses a domain the caller does not hold, or an unverified email', async () => {
    const outsider = await env.account({ domain: 'elsewhere.example' });
    const res = await env.http.post('/api/onboarding').set('Authorization', `Bearer ${outsider.token}`).send({ companyName: 'Hooli', domain: 'hooli.example' });
    expect(res.status).toBe(403);
    const unverified = await env.account({ domain: 'hooli.example', emailVerified: false });
    const res2 = await env.http.post('/api/onboarding').set('Authorization', `Bearer ${unverified.token}`).send({ companyName: 'Hooli', domain: 'hooli.example' });
    expect(res2.status).toBe(403);
    const missing = await env.http.post('/api/onboarding').set('Authorization', `Bearer ${unverified.token}`).send({ domain: 'hooli.example' });
    expect(missing.status).toBe(400);
    expect(fieldText(missing)).toContain('body.companyName');
  });

  it('answers 404 for a domain this region does not hold', async () => {
    const res = await env.http.get('/api/locate').query({ domain: 'unknown.example' });
    expect(res.status).toBe(404);
    const bad = await env.http.get('/api/locate').query({ domain: 'not a domain' });
    expect(bad.status).toBe(400);
    expect(fieldText(bad)).toContain('query.domain');
  });
});

describe('an employee joining', () => {
  it('joins the tenant whose directory lists their verified email, as a plain user', async () => {
    const account = await env.deps.auth.createUser({ email: 'john.roe@acme.example', password: 'herald-demo', emailVerified: true });
    const { signIn, authEmulatorHost } = await import('../support/test-env.js');
    const token = await signIn(authEmulatorHost(), 'john.roe@acme.example', 'herald-demo');
    const res = await env.http.post('/api/me/join').set('Authorization', `Bearer ${token}`).send({});
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ tenantId: 'acme', role: 'user' });
    expect((await env.deps.auth.getUser(account.uid)).customClaims).toEqual({ tid: 'acme', role: 'user' });
  });

  it('refuses someone on the domain who is not in the directory, and unverified emails', async () => {
    const stranger = await env.account({ domain: 'acme.example' });
    const res = await env.http.post('/api/me/join').set('Authorization', `Bearer ${stranger.token}`).send({});
    expect(res.status).toBe(403);
    expect((await env.deps.auth.getUser(stranger.uid)).customClaims ?? {}).toEqual({});
    const unverified = await env.account({ domain: 'acme.example', emailVerified: false });
    expect((await env.http.post('/api/me/join').set('Authorization', `Bearer ${unverified.token}`).send({})).status).toBe(403);
    const elsewhere = await env.account({ domain: 'nowhere.example' });
    expect((await env.http.post('/api/me/join').set('Authorization', `Bearer ${elsewhere.token}`).send({})).status).toBe(404);
  });
});
