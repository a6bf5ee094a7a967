import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNATURE_MAX_CHARS } from '../../functions/src/core/signature-limits.js';
import { FakeGmail } from '../fakes/fake-gmail.js';
import { createTestEnv, DEMO, type TestEnv } from '../support/test-env.js';
import { fieldText } from '../support/field-text.js';

/**
 * Issue 20, item 7: one user with 200 groups of 200 characters turned an 8 KB template into a
 * 63 MB answer. Every path renders under one cap (core/signature-limits.ts) and answers a clear
 * error, never a huge or cut signature.
 */
const JANE = 'u649905b987a36b6';
const HUGE_GROUPS = Array.from({ length: 200 }, (_, i) => `${String(i).padStart(3, '0')}-${'g'.repeat(196)}`);
/** The attack: a template expanding the list again and again (fine for an ordinary record). */
const GROUPS_TEMPLATE = '<p>{{groups}}</p>'.repeat(100);
const SMALL_ANSWER = 2_000;

let env: TestEnv;
let gmail: FakeGmail;
let admin: string;
let jane: string;
let groupsTemplateId: string;

const as = (token: string) => ({ Authorization: `Bearer ${token}` });
const janeDoc = () => env.deps.db.doc(`tenants/acme/users/${JANE}`);

beforeAll(async () => {
  gmail = await new FakeGmail().start();
  env = await createTestEnv({ env: gmail.env() });
  admin = await env.token(DEMO.acmeAdmin);
  jane = await env.token(DEMO.acmeUser);
  // Saved and assigned to Jane while her record is ordinary; then a directory sync brings her 200 groups.
  const created = await env.http.post('/api/templates').set(as(admin)).send({ name: 'Groups', html: GROUPS_TEMPLATE });
  expect(created.status).toBe(201);
  groupsTemplateId = created.body.id;
  const assigned = await env.http.put('/api/template-assignments').set(as(admin)).send({ templateId: groupsTemplateId, target: { kind: 'user', userId: JANE } });
  expect(assigned.status).toBe(200);
  await env.deps.tasks.drain();
  await janeDoc().update({ groups: HUGE_GROUPS });
});
afterAll(() => gmail.stop());

describe('signature output cap', () => {
  it('refuses to save a template that some user could not get, naming the user and the limit', async () => {
    const res = await env.http.post('/api/templates').set(as(admin)).send({ name: 'Everyone’s groups', html: GROUPS_TEMPLATE });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_argument');
    expect(fieldText(res)).toBe(
      `body.html: for directory user ${JANE} (Jane Doe): {{groups}} would list 200 items (40,398 characters); a list placeholder may hold at most 20 items and 3,000 characters`,
    );
    expect(res.body.error.fields).toEqual([{ field: 'body.html', label: 'Signature HTML', message: expect.stringContaining(JANE) }]);

    // Without any list: a short value written often enough passes the whole signature's cap.
    await janeDoc().update({ overrides: { title: 't'.repeat(150) } });
    try {
      const titles = await env.http.post('/api/templates').set(as(admin)).send({ name: 'Titles', html: '<p>{{title}}</p>'.repeat(100) });
      expect(titles.status).toBe(400);
      expect(fieldText(titles)).toBe(
        `body.html: for directory user ${JANE} (Jane Doe): the signature would be longer than ${SIGNATURE_MAX_CHARS.toLocaleString('en-US')} characters, the most an email signature can hold (Gmail's limit); the template needs to be shorter`,
      );
      // The same on a change of an existing template, and on its reply variant.
      const patched = await env.http.patch(`/api/templates/${groupsTemplateId}`).set(as(admin)).send({ replyHtml: '<p>{{title}}</p>'.repeat(100) });
      expect(patched.status).toBe(400);
      expect(fieldText(patched)).toMatch(/^body\.replyHtml: for directory user u649905b987a36b6 \(Jane Doe\): the signature would be longer than 10,000 characters/);
    } finally {
      await janeDoc().update({ overrides: {} });
    }
  });

  it('refuses a template whose own joins would repeat past the cap, for any user', async () => {
    const html = `<p>{{#join "${'x'.repeat(100)}"}}${'a{{,}}'.repeat(200)}a{{/join}}</p>`;
    const res = await env.http.post('/api/templates').set(as(admin)).send({ name: 'Separators', html });
    expect(res.status).toBe(400);
    expect(fieldText(res)).toMatch(/^body\.html: even for a user with no directory values: the signature would be longer than 10,000 characters/);
  });

  it('answers GET /api/me/signature, the admin views and the previews with a clear error and a small body', async () => {
    const expected = /^\{\{groups\}\} would list 200 items \(40,398 characters\); a list placeholder may hold at most 20 items and 3,000 characters$/;
    const answers = [
      await env.http.get('/api/me/signature').set(as(jane)),
      await env.http.get(`/api/users/${JANE}/signature`).set(as(admin)),
      await env.http.get(`/api/templates/${groupsTemplateId}/preview/${JANE}`).set(as(admin)),
      await env.http.post('/api/templates/draft-preview').set(as(admin)).send({ html: GROUPS_TEMPLATE, userId: JANE }),
    ];
    for (const res of answers) {
      expect(res.status).toBe(412);
      expect(res.body.error).toMatchObject({ code: 'failed_precondition', message: expect.stringMatching(expected) });
      expect(res.text.length).toBeLessThan(SMALL_ANSWER);
    }
  });

  it('records a user over the cap as not sent in the Gmail deployment and pushes everyone else', async () => {
    const before = gmail.calls.length;
    const kept = gmail.signatures.get(DEMO.acmeUser);
    const res = await env.http.post('/api/signatures/deploy').set(as(admin)).send({ force: true });
    expect(res.status).toBe(202);
    await env.deps.tasks.drain();
    const job = (await env.http.get(`/api/jobs/${res.body.jobId}`).set(as(admin))).body;
    expect(job.status).toBe('done');
    expect(job.counts).toMatchObject({ too_large: 1, failed: 0 });
    const calls = gmail.calls.slice(before);
    expect(calls.map((c) => c.sendAsEmail)).not.toContain(DEMO.acmeUser);
    expect(calls.length).toBeGreaterThan(0);
    // Gmail keeps the signature it had: never a cut one.
    expect(gmail.signatures.get(DEMO.acmeUser)).toBe(kept);
    for (const call of calls) expect(gmail.signatures.get(call.sendAsEmail)!.length).toBeLessThanOrEqual(SIGNATURE_MAX_CHARS);
    const listed = await env.http.get('/api/signatures/deployments').query({ status: 'failed' }).set(as(admin));
    expect(listed.body.deployments).toEqual([expect.objectContaining({ userId: JANE, status: 'failed', reason: 'signature_too_large', errorStatus: null })]);
    // Nothing about Jane is logged.
    expect(JSON.stringify(env.log.entries)).not.toMatch(/u649905b987a36b6|Jane|jane\.doe/);
  });
});
