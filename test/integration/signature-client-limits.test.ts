import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeGmail } from '../fakes/fake-gmail.js';
import { createTestEnv, DEMO, type TestEnv } from '../support/test-env.js';
import { fieldText } from '../support/field-text.js';

/**
 * Issue 22, item 9: each mail client's limits (core/signature-limits.ts) enforced when a template is
 * saved, with the field named, and again before anything is pushed to Gmail: a data: image (Gmail
 * drops it), a cid: attachment or a plain-HTTP image never reaches a mailbox.
 */
const JANE = 'u649905b987a36b6';
const DATA_IMAGE = '<p>{{firstName}}</p><img src="data:image/png;base64,iVBORw0KGgo=" alt="Acme">';

let env: TestEnv;
let gmail: FakeGmail;
let admin: string;
const as = (token: string) => ({ Authorization: `Bearer ${token}` });

beforeAll(async () => {
  gmail = await new FakeGmail().start();
  env = await createTestEnv({ env: gmail.env() });
  admin = await env.token(DEMO.acmeAdmin);
});
afterAll(() => gmail.stop());

describe('saving a template', () => {
  it('refuses a data: image, naming the field, in words; nothing is stored', async () => {
    const before = (await env.deps.db.collection('tenants/acme/templates').get()).size;
    const res = await env.http.post('/api/templates').set(as(admin)).send({ name: 'Embedded logo', html: DATA_IMAGE });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_argument');
    expect(fieldText(res)).toBe('body.html: <img src>: an image is embedded in the HTML (a data: image), which Gmail removes; upload the image or use its https:// address');
    expect(res.body.error.message).not.toMatch(/body\.html|data:image/);
    expect((await env.deps.db.collection('tenants/acme/templates').get()).size).toBe(before);
  });

  it('refuses a plain-HTTP or cid: image in the reply variant of an existing template, naming that field', async () => {
    const created = await env.http.post('/api/templates').set(as(admin)).send({ name: 'Fine', html: '<p>{{firstName}}</p>' });
    expect(created.status).toBe(201);
    const http = await env.http.patch(`/api/templates/${created.body.id}`).set(as(admin)).send({ replyHtml: '<img src="http://assets.acme.example/logo.png" alt="">' });
    expect(http.status).toBe(400);
    expect(fieldText(http)).toMatch(/^body\.replyHtml: <img src>: an image is not at an https:\/\/ address/);
    const cid = await env.http.patch(`/api/templates/${created.body.id}`).set(as(admin)).send({ replyHtml: '<img src="cid:logo.png" alt="">' });
    expect(fieldText(cid)).toMatch(/^body\.replyHtml: <img src>: an image is an email attachment \(cid:\)/);
    const stored = (await env.deps.db.doc(`tenants/acme/templates/${created.body.id}`).get()).data()!;
    expect(stored.replyHtml ?? null).toBeNull();
  });

  it('the draft preview says the same while the admin types', async () => {
    const res = await env.http.post('/api/templates/draft-preview').set(as(admin)).send({ html: DATA_IMAGE, userId: JANE });
    expect(res.status).toBe(400);
    expect(fieldText(res)).toMatch(/^body\.html: <img src>: an image is embedded in the HTML/);
  });
});

describe('pushing to Gmail', () => {
  it('a template stored before the rule, with a plain-HTTP image, is not pushed: recorded as such, everyone else is', async () => {
    // Written straight to Firestore, as a template saved before this rule would be (the renderer's
    // allowlist already strips data: and cid: sources; plain HTTP it keeps).
    const now = new Date();
    const html = '<p>{{firstName}}</p><img src="http://assets.acme.example/logo.png" alt="Acme">';
    const ref = await env.deps.db.collection('tenants/acme/templates').add({ name: 'Legacy', html, createdAt: now, updatedAt: now, design: null });
    const assigned = await env.http.put('/api/template-assignments').set(as(admin)).send({ templateId: ref.id, target: { kind: 'user', userId: JANE } });
    expect(assigned.status).toBe(200);
    await env.deps.tasks.drain();
    const before = gmail.calls.length;
    const res = await env.http.post('/api/signatures/deploy').set(as(admin)).send({ force: true });
    expect(res.status).toBe(202);
    await env.deps.tasks.drain();
    expect(gmail.calls.slice(before).map((c) => c.sendAsEmail)).not.toContain(DEMO.acmeUser);
    for (const pushed of gmail.signatures.values()) expect(pushed).not.toMatch(/src="(data:|cid:|http:\/\/(?!localhost|127\.0\.0\.1))/);
    const listed = await env.http.get('/api/signatures/deployments').query({ status: 'failed' }).set(as(admin));
    expect(listed.body.deployments).toEqual([expect.objectContaining({ userId: JANE, status: 'failed', reason: 'image_not_https', errorStatus: null })]);
  });
});
