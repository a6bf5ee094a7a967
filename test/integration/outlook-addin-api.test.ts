import { generateKeyPair } from 'jose';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { doc } from '../../functions/src/core/catalog.js';
import { verifyEntraToken } from '../../functions/src/addins/verify-entra-token.js';
import { startEntraFake } from '../fakes/entra-jwks.js';
import { createTestEnv, DEMO, type TestEnv } from '../support/test-env.js';
import { fieldText } from '../support/field-text.js';

const CLIENT_ID = '2f6c4d8e-1a3b-4c5d-8e9f-0a1b2c3d4e5f';
const ADDIN_ORIGIN = 'https://eu.herald.example';
const ACME_ENTRA = '6b1f0c2a-9d3e-4f5a-8b7c-1d2e3f4a5b6c';
const OTHER_ENTRA = '0e9d8c7b-6a5f-4e3d-9c2b-1a0f9e8d7c6b';
const JANE = 'u649905b987a36b6';
const JANE_OID = '11111111-2222-4333-8444-555555555555';

let env: TestEnv;
let entra: Awaited<ReturnType<typeof startEntraFake>>;
let admin: string;
let jane: string;

beforeAll(async () => {
  entra = await startEntraFake();
  env = await createTestEnv({
    env: { MICROSOFT_LOGIN_URL: entra.url, MICROSOFT_CLIENT_ID: CLIENT_ID, OUTLOOK_ADDIN_ORIGIN: ADDIN_ORIGIN, API_ORIGIN: ADDIN_ORIGIN },
  });
  // What h-trust binds from the admin's consent and DNS proof, set directly here.
  await env.deps.db.doc('tenants/acme').update({ entraTenantId: ACME_ENTRA, verifiedDomains: ['acme.example'] });
  // Jane's record as the Microsoft 365 sync writes it: the add-in finds people by Entra object id only.
  await env.deps.db.doc(`tenants/acme/users/${JANE}`).update({ source: 'microsoft', externalId: JANE_OID });
  admin = await env.token(DEMO.acmeAdmin);
  jane = await env.token(DEMO.acmeUser);
});

afterAll(async () => {
  await entra?.close();
});

const janeToken = (claims: Record<string, unknown> = {}) =>
  entra.token({ tid: ACME_ENTRA, aud: CLIENT_ID, oid: JANE_OID, preferred_username: 'Jane.Doe@acme.example', ...claims } as { tid: string });
const fetchSignature = (token: string, from?: string) => {
  const req = env.http.get('/api/addins/outlook/signature').set('Authorization', `Bearer ${token}`);
  return from === undefined ? req : req.set('X-Herald-From', from);
};
/** The add-in's answer without what only the add-in gets (the colleagues' variants, the verified domains): GET /api/me/signature's shape. */
const asMySignature = (body: Record<string, unknown>) => {
  const { internal: _i, internalReply: _r, verifiedDomains: _d, ...rest } = body;
  return rest;
};

describe('Outlook add-in: the signature behind an Entra access token', () => {
  it('answers exactly what GET /api/me/signature renders for that employee, with no Firebase session', async () => {
    const mine = await env.http.get('/api/me/signature').set('Authorization', `Bearer ${jane}`);
    expect(mine.status).toBe(200);
    const res = await fetchSignature(await janeToken());
    expect(res.status).toBe(200);
    expect(asMySignature(res.body)).toEqual(mine.body);
    expect(res.body.html).toContain('Jane Doe');
    expect(res.body.verifiedDomains).toEqual(['acme.example']);
    expect(entra.requests.some((r) => r.path === '/common/discovery/v2.0/keys')).toBe(true);
  });

  it("answers the template's shorter reply/forward variant when it defines one, sanitised like the template", async () => {
    const admin = `Bearer ${await env.token(DEMO.acmeAdmin)}`;
    const created = await env.http
      .post('/api/templates')
      .set('Authorization', admin)
      .send({ name: 'With reply', html: '<p>{{firstName}} {{lastName}}, {{title}}</p>', replyHtml: '<p onclick="x()">{{firstName}} · Acme</p>' });
    expect(created.status).toBe(201);
    expect(created.body.replyHtml).toBe('<p>{{firstName}} · Acme</p>');
    const bad = await env.http.post('/api/templates').set('Authorization', admin).send({ name: 'Bad', html: '<p>x</p>', replyHtml: '<p>{{nickname}}</p>' });
    expect(fieldText(bad)).toBe('body.replyHtml: unknown placeholder {{nickname}}');
    const assigned = await env.http.put('/api/template-assignments').set('Authorization', admin).send({ templateId: created.body.id, target: { kind: 'user', userId: JANE } });
    expect(assigned.status).toBe(200);
    try {
      const res = await fetchSignature(await janeToken());
      expect(res.status).toBe(200);
      expect(res.body.reply).toEqual({ html: '<p>Jane · Acme</p>', text: 'Jane · Acme' });
      expect(asMySignature(res.body)).toEqual((await env.http.get('/api/me/signature').set('Authorization', `Bearer ${jane}`)).body);
    } finally {
      await env.http.delete(`/api/templates/${created.body.id}`).set('Authorization', admin);
    }
  });

  it('also accepts the App ID URI as audience, and finds a Microsoft 365 employee by object id whatever their sign-in name', async () => {
    const res = await fetchSignature(await janeToken({ aud: `api://eu.herald.example/${CLIENT_ID}`, oid: JANE_OID, preferred_username: 'jane.alias@acme.example' }));
    expect(res.status).toBe(200);
    expect(res.body.html).toContain('Jane Doe');
  });

  it("never serves a colleague's signature to a token whose sign-in name claims the colleague but whose object id is someone else's", async () => {
    // Mallory's sign-in name was set to Jane's address by whoever administers her user object.
    const mallory = await fetchSignature(await janeToken({ oid: 'dddddddd-bbbb-4ccc-8ddd-eeeeeeeeeeee', preferred_username: 'jane.doe@acme.example' }));
    expect(mallory.status).toBe(404);
    expect(mallory.body.error.message).toBe('your Microsoft 365 account has no record in the company directory synced from Microsoft 365');
    expect(JSON.stringify(mallory.body)).not.toContain('Jane');
    // A record that only a CSV import or a manual entry wrote is never matched to a Microsoft token, even with the right id.
    await env.deps.db.doc(`tenants/acme/users/${JANE}`).update({ source: 'csv' });
    try {
      expect((await fetchSignature(await janeToken())).status).toBe(404);
    } finally {
      await env.deps.db.doc(`tenants/acme/users/${JANE}`).update({ source: 'microsoft' });
    }
  });

  it.each([
    ['a wrong audience', { aud: 'a0a0a0a0-0000-4000-8000-000000000000' }, /"aud" claim/],
    ['a wrong issuer', { iss: 'https://login.microsoftonline.com/common/v2.0' }, /"iss" claim/],
    ['another tenant as issuer', { iss: `https://login.microsoftonline.com/${OTHER_ENTRA}/v2.0` }, /"iss" claim/],
    ['no access_as_user scope', { scp: 'User.Read' }, /access_as_user/],
  ])('refuses a token with %s (401)', async (_what, claims, message) => {
    const res = await fetchSignature(await janeToken(claims));
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthenticated');
    expect(res.body.error.message).toMatch(message);
  });

  it('refuses an expired token and one signed by another key (401)', async () => {
    const expired = await entra.token({ tid: ACME_ENTRA, aud: CLIENT_ID, oid: JANE_OID, preferred_username: 'jane.doe@acme.example' }, undefined, -600);
    const res = await fetchSignature(expired);
    expect(res.status).toBe(401);
    expect(res.body.error.message).toMatch(/expired/);

    const { privateKey } = await generateKeyPair('RS256');
    const forged = await entra.token({ tid: ACME_ENTRA, aud: CLIENT_ID, oid: JANE_OID, preferred_username: 'jane.doe@acme.example' }, privateKey);
    expect((await fetchSignature(forged)).status).toBe(401);
  });

  it("reports Entra's signing keys being unreachable as unavailable (503), not as a bad token", async () => {
    const down = await startEntraFake();
    down.state.keysDown = true;
    try {
      const config = { ...env.deps.config, externalEndpoints: { ...env.deps.config.externalEndpoints, microsoftLogin: down.url } };
      const token = await down.token({ tid: ACME_ENTRA, aud: CLIENT_ID, oid: JANE_OID, preferred_username: 'jane.doe@acme.example' });
      await expect(verifyEntraToken(config, token)).rejects.toMatchObject({ code: 'unavailable', status: 503 });
      expect(down.requests.map((r) => r.path)).toContain('/common/discovery/v2.0/keys');
      down.state.keysDown = false;
      await expect(verifyEntraToken(config, token)).resolves.toMatchObject({ tid: ACME_ENTRA, oid: JANE_OID });
    } finally {
      await down.close();
    }
  });

  it('refuses a valid token of an Entra tenant no Herald tenant is bound to (403)', async () => {
    const res = await fetchSignature(await entra.token({ tid: OTHER_ENTRA, aud: CLIENT_ID, oid: JANE_OID, preferred_username: 'jane.doe@acme.example' }));
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/not connected/);
  });

  it("refuses a directory address outside the tenant's verified domains (403), whatever the token's sign-in name", async () => {
    // Acme's directory lists Jane on acme.example; if that domain is not (or no longer) verified, nothing is served.
    await env.deps.db.doc('tenants/acme').update({ verifiedDomains: ['acme-corp.example'] });
    try {
      const res = await fetchSignature(await janeToken({ preferred_username: 'jane.doe@acme-corp.example' }));
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(/verified domains/);
    } finally {
      await env.deps.db.doc('tenants/acme').update({ verifiedDomains: ['acme.example'] });
    }
  });

  it('refuses a Firebase ID token and a missing token (401), and an unknown employee (404)', async () => {
    expect((await fetchSignature(jane)).status).toBe(401);
    const none = await env.http.get('/api/addins/outlook/signature');
    expect(none.status).toBe(401);
    expect(none.body.error.message).toMatch(/Bearer/);
    const unknown = await fetchSignature(await janeToken({ oid: 'eeeeeeee-bbbb-4ccc-8ddd-eeeeeeeeeeee', preferred_username: 'nobody@acme.example' }));
    expect(unknown.status).toBe(404);
  });

  it('allows CORS from the add-in origin only', async () => {
    const ok = await env.http.options('/api/addins/outlook/signature').set('Origin', ADDIN_ORIGIN).set('Access-Control-Request-Method', 'GET').set('Access-Control-Request-Headers', 'authorization');
    expect(ok.status).toBe(204);
    expect(ok.headers['access-control-allow-origin']).toBe(ADDIN_ORIGIN);
    expect(ok.headers['access-control-allow-headers']).toMatch(/Authorization/i);
    const other = await env.http.options('/api/addins/outlook/signature').set('Origin', 'https://evil.example').set('Access-Control-Request-Method', 'GET');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    const get = await fetchSignature(await janeToken()).set('Origin', ADDIN_ORIGIN);
    expect(get.headers['access-control-allow-origin']).toBe(ADDIN_ORIGIN);
    const elsewhere = await env.http.get('/api/tenant').set('Origin', ADDIN_ORIGIN).set('Authorization', `Bearer ${admin}`);
    expect(elsewhere.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('Outlook add-in: the sending identity and the colleagues variant (issue 22 items 3 and 4)', () => {
  const auth = () => env.token(DEMO.acmeAdmin).then((t) => `Bearer ${t}`);
  async function withTemplate(body: Record<string, unknown>, target: Record<string, unknown>, fn: (templateId: string) => Promise<void>) {
    const a = await auth();
    const created = await env.http.post('/api/templates').set('Authorization', a).send(body);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const assigned = await env.http.put('/api/template-assignments').set('Authorization', a).send({ templateId: created.body.id, target });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);
    try {
      await fn(created.body.id);
    } finally {
      await env.http.delete(`/api/templates/${created.body.id}`).set('Authorization', a);
    }
  }

  it("From a shared mailbox with an assigned template: that template, with Jane's own fields and the mailbox as address", async () => {
    await withTemplate({ name: 'Sales desk', html: '<p>{{firstName}} {{lastName}} · {{email}}</p>' }, { kind: 'address', address: 'sales@acme.example' }, async (templateId) => {
      const res = await fetchSignature(await janeToken(), '  Sales@ACME.example ');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ html: '<p>Jane Doe · sales@acme.example</p>', templateId, sendingAs: 'sales@acme.example' });
      expect(res.body.internal).toEqual({ html: '<p>Jane Doe · sales@acme.example</p>', text: 'Jane Doe · sales@acme.example' });
    });
  });

  it("asking for any other address gets Jane her own signature, never a colleague's: a colleague's own mailbox, another company's, an unassigned one, her own", async () => {
    const mine = await env.http.get('/api/me/signature').set('Authorization', `Bearer ${jane}`);
    const colleague = (await env.deps.db.collection('tenants/acme/users').where('email', '==', 'john.roe@acme.example').get()).docs[0]!;
    // Even a template assigned to the colleague personally does not reach Jane through his address.
    await withTemplate({ name: 'John only', html: '<p>{{firstName}} {{lastName}}, personal</p>' }, { kind: 'user', userId: colleague.id }, async () => {
      for (const from of ['john.roe@acme.example', 'admin@initech.example', 'nobody-assigned@acme.example', 'Jane.Doe@acme.example']) {
        const res = await fetchSignature(await janeToken(), from);
        expect(res.status, from).toBe(200);
        expect(asMySignature(res.body), from).toEqual(mine.body);
        expect(res.body.sendingAs, from).toBeNull();
        expect(JSON.stringify(res.body), from).not.toMatch(/John|Roe|personal/);
      }
    });
  });

  it('refuses a From header that is not one address (400, naming the field), before reading anything', async () => {
    for (const from of ['not-an-address', 'a@b.example, c@d.example', `${'x'.repeat(320)}@acme.example`]) {
      const res = await fetchSignature(await janeToken(), from);
      expect(res.status, from).toBe(400);
      expect(res.body.error.fields, from).toEqual([expect.objectContaining({ field: 'headers.from', label: 'From address' })]);
    }
    const preflight = await env.http.options('/api/addins/outlook/signature').set('Origin', ADDIN_ORIGIN).set('Access-Control-Request-Method', 'GET').set('Access-Control-Request-Headers', 'authorization,x-herald-from');
    expect(preflight.headers['access-control-allow-headers']).toMatch(/X-Herald-From/i);
  });

  it("the colleagues' variant: the template's html without the banner by default (no link minted for it), the reply variant without it, or the template's own internalHtml", async () => {
    const a = await auth();
    // The demo's running banner (spring-launch, for everyone) is Jane's.
    await withTemplate({ name: 'Banner', html: '<p>{{firstName}}</p>{{banner}}', replyHtml: '<p>{{firstName}} (reply)</p>{{banner}}' }, { kind: 'user', userId: JANE }, async (templateId) => {
      const res = await fetchSignature(await janeToken());
      expect(res.body.campaignId).toBe('spring-launch');
      expect(res.body.html).toContain(`${env.deps.config.linkBaseUrl}/v/`);
      expect(res.body.reply.html).toContain(`${env.deps.config.linkBaseUrl}/v/`);
      expect(res.body.internal).toEqual({ html: '<p>Jane</p>', text: 'Jane' });
      expect(res.body.internalReply).toEqual({ html: '<p>Jane (reply)</p>', text: 'Jane (reply)' });

      const patched = await env.http.patch(`/api/templates/${templateId}`).set('Authorization', a).send({ internalHtml: '<p onclick="x()">{{firstName}} · inside</p>' });
      expect(patched.status).toBe(200);
      expect(patched.body.internalHtml).toBe('<p>{{firstName}} · inside</p>');
      const own = await fetchSignature(await janeToken());
      expect(own.body.internal).toEqual({ html: '<p>Jane · inside</p>', text: 'Jane · inside' });
      expect(own.body.internalReply).toBeNull();
      // The links are the same with or without the colleagues' variants: nothing extra is minted.
      expect(own.body.html).toBe(res.body.html);
    });
  });

  it('a template save checks internalHtml like the other variants, naming it; null removes it', async () => {
    const a = await auth();
    const unknown = await env.http.post('/api/templates').set('Authorization', a).send({ name: 'Bad', html: '<p>x</p>', internalHtml: '<p>{{nickname}}</p>' });
    expect(fieldText(unknown)).toBe('body.internalHtml: unknown placeholder {{nickname}}');
    const cid = await env.http.post('/api/templates').set('Authorization', a).send({ name: 'Bad', html: '<p>x</p>', internalHtml: '<img src="cid:logo.png" alt="">' });
    expect(fieldText(cid)).toMatch(/^body\.internalHtml: <img src>: an image is an email attachment \(cid:\)/);
    const huge = await env.http.post('/api/templates').set('Authorization', a).send({ name: 'Bad', html: '<p>x</p>', internalHtml: '<p>{{title}} {{firstName}}</p>'.repeat(600) });
    expect(fieldText(huge)).toMatch(/^body\.internalHtml: .*longer than 10,000 characters/);
    const ok = await env.http.post('/api/templates').set('Authorization', a).send({ name: 'Fine', html: '<p>x</p>', internalHtml: '<p>{{firstName}}</p>' });
    expect(ok.status).toBe(201);
    try {
      expect((await env.http.get(`/api/templates/${ok.body.id}`).set('Authorization', a)).body.internalHtml).toBe('<p>{{firstName}}</p>');
      const removed = await env.http.patch(`/api/templates/${ok.body.id}`).set('Authorization', a).send({ internalHtml: null });
      expect(removed.status).toBe(200);
      expect(removed.body.internalHtml).toBeNull();
      expect((await env.deps.db.doc(`tenants/acme/templates/${ok.body.id}`).get()).get('internalHtml')).toBeNull();
    } finally {
      await env.http.delete(`/api/templates/${ok.body.id}`).set('Authorization', a);
    }
  });
});

describe('Outlook add-in: admin routes', () => {
  it('counts distinct employees per day over the last 30 days, no content', async () => {
    const before = await env.http.get('/api/addins/outlook/usage').set('Authorization', `Bearer ${admin}`);
    expect(before.status).toBe(200);
    expect(before.body.days).toHaveLength(30);
    const today = new Date().toISOString().slice(0, 10);
    expect(before.body.days.at(-1)).toEqual({ day: today, employees: 1 }); // Jane, from the tests above
    await fetchSignature(await janeToken());
    const after = await env.http.get('/api/addins/outlook/usage').set('Authorization', `Bearer ${admin}`);
    expect(after.body.days.at(-1)).toEqual({ day: today, employees: 1 });
    expect(after.body.days.slice(0, -1).every((d: { employees: number }) => d.employees === 0)).toBe(true);

    const stored = await env.deps.db.collection('tenants/acme/addinFetches').get();
    expect(stored.docs.map((d) => d.id)).toEqual([`${today}_${JANE}`]);
    expect(Object.keys(stored.docs[0]!.data()).sort()).toEqual(['day', 'expireAt', 'userId']);
    const other = await env.http.get('/api/addins/outlook/usage').set('Authorization', `Bearer ${await env.token(DEMO.initechAdmin)}`);
    expect(other.body.days.every((d: { employees: number }) => d.employees === 0)).toBe(true);
  });

  it("downloads the region's manifest for admins only", async () => {
    const res = await env.http.get('/api/addins/outlook/manifest').set('Authorization', `Bearer ${admin}`).buffer(true).parse((r, cb) => {
      let data = '';
      r.on('data', (c: Buffer) => (data += c.toString()));
      r.on('end', () => cb(null, data));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/xml/);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="?herald-outlook-eu\.xml"?$/);
    const app = new XMLParser({ ignoreAttributes: false }).parse(res.body as string).OfficeApp;
    expect(app.AppDomains.AppDomain).toBe(ADDIN_ORIGIN);
    expect((await env.http.get('/api/addins/outlook/manifest').set('Authorization', `Bearer ${jane}`)).status).toBe(403);
  });

  it("erases an employee's fetch records with the employee, keeps the daily totals (no personal data), and expires both", async () => {
    // A directory-only employee (no Auth account): purging Jane would delete her account in the suite's shared Auth emulator.
    const rob = 'u-rob-roe';
    const now = new Date();
    await doc(env.deps.db, 'users', { tenantId: 'acme', userId: rob }).set({
      email: 'rob.roe@acme.example', firstName: 'Rob', lastName: 'Roe', title: '', workPhone: '', mobilePhone: '', addresses: [], groups: [],
      source: 'microsoft', externalId: 'cccccccc-bbbb-4ccc-8ddd-eeeeeeeeeeee', contentHash: '0'.repeat(64), overrides: {}, createdAt: now, updatedAt: now,
    });
    expect((await fetchSignature(await janeToken({ oid: 'cccccccc-bbbb-4ccc-8ddd-eeeeeeeeeeee', preferred_username: 'rob.roe@acme.example' }))).status).toBe(200);

    const today = new Date().toISOString().slice(0, 10);
    const robFetches = () => env.deps.db.collection('tenants/acme/addinFetches').where('userId', '==', rob).get();
    const [fetch] = (await robFetches()).docs;
    const usage = await env.deps.db.doc(`tenants/acme/addinUsage/${today}`).get();
    expect(usage.get('employees')).toBe(2);
    for (const d of [fetch!, usage]) {
      const days = (d.get('expireAt').toMillis() - Date.now()) / 86_400_000;
      expect(days).toBeGreaterThan(30);
      expect(days).toBeLessThanOrEqual(31);
    }
    const purge = await env.http.post('/api/privacy/purge').set('Authorization', `Bearer ${admin}`).send({ userIds: [rob] });
    expect(purge.status).toBe(202);
    await env.deps.tasks.drain();
    expect((await robFetches()).size).toBe(0);
    expect((await env.deps.db.collection('tenants/acme/addinFetches').get()).size).toBe(1); // Jane's stays
    expect((await env.deps.db.doc(`tenants/acme/addinUsage/${today}`).get()).get('employees')).toBe(2);
  });
});

describe('Outlook add-in: the signature cap (issue 20, item 7)', () => {
  it('answers a clear 412 with a small body, never an oversized signature, for an employee whose rendering passes the cap', async () => {
    const auth = `Bearer ${await env.token(DEMO.acmeAdmin)}`;
    const created = await env.http.post('/api/templates').set('Authorization', auth).send({ name: 'Groups', html: '<p>{{groups}}</p>'.repeat(100) });
    expect(created.status).toBe(201);
    await env.http.put('/api/template-assignments').set('Authorization', auth).send({ templateId: created.body.id, target: { kind: 'user', userId: JANE } });
    const ref = env.deps.db.doc(`tenants/acme/users/${JANE}`);
    const groups = (await ref.get()).get('groups') as string[];
    await ref.update({ groups: Array.from({ length: 200 }, (_, i) => `${String(i).padStart(3, '0')}-${'g'.repeat(196)}`) });
    try {
      const res = await fetchSignature(await janeToken());
      expect(res.status).toBe(412);
      expect(res.body.error.message).toBe('{{groups}} would list 200 items (40,398 characters); a list placeholder may hold at most 20 items and 3,000 characters');
      expect(res.text.length).toBeLessThan(2_000);
    } finally {
      await ref.update({ groups });
      await env.http.delete(`/api/templates/${created.body.id}`).set('Authorization', auth);
    }
  });
});
