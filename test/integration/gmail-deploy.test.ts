import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueDailyDeploys } from '../../functions/src/signatures/enqueue-daily-deploys.js';
import { FakeGmail } from '../fakes/fake-gmail.js';
import { createTestEnv, DEMO, type TestEnv } from '../support/test-env.js';

const JANE = 'u649905b987a36b6';
let env: TestEnv;
let gmail: FakeGmail;
let admin: string;

beforeAll(async () => {
  gmail = await new FakeGmail().start();
  env = await createTestEnv({ env: gmail.env() });
  admin = await env.token(DEMO.acmeAdmin);
});
afterAll(() => gmail.stop());

const auth = () => ({ Authorization: `Bearer ${admin}` });

async function finished(jobId: string) {
  await env.deps.tasks.drain();
  const res = await env.http.get(`/api/jobs/${jobId}`).set(auth());
  expect(res.status).toBe(200);
  return res.body;
}

async function emailsOf(group?: string): Promise<string[]> {
  const users = env.deps.db.collection('tenants/acme/users');
  const snap = await (group ? users.where('groups', 'array-contains', group) : users).get();
  return snap.docs.map((d) => d.get('email') as string).sort();
}

describe('deploying signatures to Gmail', () => {
  it('pushes every user their own rendered signature, impersonating each user with the narrow scope', async () => {
    const res = await env.http.post('/api/signatures/deploy').set(auth()).send({});
    expect(res.status).toBe(202);
    const job = await finished(res.body.jobId);
    const everyone = await emailsOf();
    expect(job).toMatchObject({ kind: 'signatures.deploy', status: 'done', progress: { done: everyone.length, total: everyone.length } });
    expect(job.counts).toEqual({ pushed: everyone.length, unchanged: 0, failed: 0, skipped: 0, outside_verified_domains: 0, too_large: 0, aliases_pushed: 0, aliases_unchanged: 0, aliases_failed: 0, aliases_skipped_unverified: 0 });

    expect(gmail.calls.map((c) => c.sendAsEmail).sort()).toEqual(everyone);
    for (const call of gmail.calls) {
      expect(call.subject).toBe(call.sendAsEmail);
      expect(call.scopes).toEqual(['https://www.googleapis.com/auth/gmail.settings.basic']);
    }
    // Gmail gets the signature to send, the same as the employee's own (counted links).
    const jane = await env.http.get('/api/me/signature').set('Authorization', `Bearer ${await env.token(DEMO.acmeUser)}`);
    expect(jane.status).toBe(200);
    expect(gmail.signatures.get(DEMO.acmeUser)).toBe(jane.body.html);
    expect(jane.body.html).toContain('Jane Doe');
    expect(jane.body.html).toContain('/c/');

    const audit = await env.deps.db.collection('tenants/acme/audit').where('action', '==', 'signature.deploy').get();
    expect(audit.docs.map((d) => d.get('target'))).toEqual([{ type: 'job', id: res.body.jobId }]);
  });

  it('pushes nothing again when no signature changed', async () => {
    const before = gmail.calls.length;
    const res = await env.http.post('/api/signatures/deploy').set(auth()).send({});
    const job = await finished(res.body.jobId);
    expect(job.counts).toMatchObject({ pushed: 0, unchanged: (await emailsOf()).length });
    expect(gmail.calls.length).toBe(before);
  });

  it('retries a 429 with backoff and still pushes, when the template changes', async () => {
    gmail.failures.set(DEMO.acmeUser, [429, 429]);
    const before = gmail.calls.length;
    const res = await env.http
      .patch('/api/templates/acme-standard')
      .set(auth())
      .send({ html: '<p><b>{{firstName}} {{lastName}}</b>{{#title}}, {{title}}{{/title}}</p>{{banner}}' });
    expect(res.status).toBe(200);
    expect(res.body.deployJobId).toEqual(expect.any(String));
    const job = await finished(res.body.deployJobId);
    expect(job.status).toBe('done');
    const janeCalls = gmail.calls.slice(before).filter((c) => c.sendAsEmail === DEMO.acmeUser);
    expect(janeCalls.map((c) => c.status)).toEqual([429, 429, 200]);
    expect(gmail.signatures.get(DEMO.acmeUser)).toMatch(/^<p><b>Jane Doe<\/b>, Account Executive<\/p><a href=/);
    expect(job.counts.pushed).toBe((await emailsOf()).length);
  });

  it('re-deploys only the members of a group when a template is assigned to that group', async () => {
    const created = await env.http.post('/api/templates').set(auth()).send({ name: 'Engineering', html: '<p>{{firstName}} — Engineering</p>' });
    expect(created.status).toBe(201);
    const before = gmail.calls.length;
    const res = await env.http
      .put('/api/template-assignments')
      .set(auth())
      .send({ templateId: created.body.id, target: { kind: 'group', group: 'Engineering' } });
    expect(res.status).toBe(200);
    await finished(res.body.deployJobId);
    const engineers = await emailsOf('Engineering');
    expect(engineers.length).toBeGreaterThan(0);
    expect(gmail.calls.slice(before).map((c) => c.sendAsEmail).sort()).toEqual(engineers);
    expect(gmail.signatures.get(engineers[0]!)).toMatch(/— Engineering<\/p>$/);
  });

  it('re-deploys only the targeted users when a banner campaign starts for a group', async () => {
    const before = gmail.calls.length;
    const res = await env.http
      .post('/api/campaigns')
      .set(auth())
      .send({
        kind: 'banner',
        name: 'Support week',
        startAt: '2026-01-01T00:00:00Z',
        targetGroups: ['Support'],
        priority: 90,
        banner: { imageUrl: 'https://assets.acme.example/support.png', destinationUrl: 'https://www.acme.example/support', alt: 'Support week' },
      });
    expect(res.status).toBe(201);
    await finished(res.body.deployJobId);
    const support = await emailsOf('Support');
    expect(gmail.calls.slice(before).map((c) => c.sendAsEmail).sort()).toEqual(support);
    expect(gmail.signatures.get(support[0]!)).toContain('alt="Support week"');
  });

  it('counts a user Gmail refuses as failed and carries on; a 401 holds the job for an admin', async () => {
    const [first, second] = await emailsOf();
    gmail.unknown.add(first!);
    const res = await env.http.post('/api/signatures/deploy').set(auth()).send({ force: true });
    const job = await finished(res.body.jobId);
    expect(job.status).toBe('done');
    expect(job.counts).toMatchObject({ failed: 1, pushed: (await emailsOf()).length - 1 });
    const failed = await env.deps.db.collection('tenants/acme/signatureDeployments').where('status', '==', 'failed').get();
    expect(failed.docs.map((d) => d.data())).toEqual([expect.objectContaining({ errorStatus: 404, hash: null })]);
    const listed = await env.http.get('/api/signatures/deployments').query({ status: 'failed' }).set(auth());
    expect(listed.body.deployments).toEqual([expect.objectContaining({ userId: failed.docs[0]!.id, status: 'failed', errorStatus: 404, templateId: expect.any(String) })]);
    gmail.unknown.clear();

    gmail.failures.set(second!, [401]);
    const again = await env.http.post('/api/signatures/deploy').set(auth()).send({ force: true });
    const held = await finished(again.body.jobId);
    expect(held.status).toBe('held');
    expect(held.error.code).toBe('gmail_unauthorized');
  });

  it('refuses a tenant whose directory is not Google Workspace', async () => {
    const res = await env.http.post('/api/signatures/deploy').set('Authorization', `Bearer ${await env.token(DEMO.initechAdmin)}`).send({});
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('from the Outlook add-in');
    expect(await env.deps.db.collection('tenants/initech/jobs').count().get().then((s) => s.data().count)).toBe(0);
  });

  it('runs once a day per Google Workspace tenant, pushing only what changed since', async () => {
    const before = gmail.calls.length;
    await enqueueDailyDeploys(env.deps);
    await enqueueDailyDeploys(env.deps);
    const day = env.deps.now().toISOString().slice(0, 10);
    const job = await finished(`signatures-${day}`);
    expect(job.status).toBe('done');
    const total = (await emailsOf()).length;
    expect(job.progress).toEqual({ done: total, total });
    // The previous run was held after its first refusal: only the users it did not reach change.
    expect(gmail.calls.length - before).toBe(job.counts.pushed);
    expect(job.counts.unchanged).toBeGreaterThan(0);
    expect((await env.deps.db.collection('tenants/acme/jobs').where('kind', '==', 'signatures.deploy').where('createdBy', '==', 'system').get()).size).toBe(1);
    expect((await env.deps.db.collection('tenants/initech/jobs').get()).size).toBe(0);
  });
});

describe('re-deploying when a person changes', () => {
  it("pushes an employee's new title to their Gmail after they edit their profile, and only theirs", async () => {
    await env.deps.tasks.drain();
    const before = gmail.calls.length;
    const jane = await env.token(DEMO.acmeUser);
    const res = await env.http.patch('/api/me/profile').set('Authorization', `Bearer ${jane}`).send({ title: 'Chief Example Officer' });
    expect(res.status).toBe(200);
    await env.deps.tasks.drain();
    const pushed = gmail.calls.slice(before).filter((c) => c.status === 200);
    expect(pushed.map((c) => c.sendAsEmail)).toEqual([DEMO.acmeUser]);
    expect(gmail.signatures.get(DEMO.acmeUser)).toContain('Chief Example Officer');
  });
});

describe('automatic Gmail signatures are a tenant choice', () => {
  it('pushes nothing on an edit once the tenant turns them off, while an explicit deploy still runs', async () => {
    const off = await env.http.patch('/api/tenant/settings').set(auth()).send({ gmailSignatures: false });
    expect(off.status).toBe(200);
    await env.deps.tasks.drain();
    const before = gmail.calls.length;
    const jane = await env.token(DEMO.acmeUser);
    expect((await env.http.patch('/api/me/profile').set('Authorization', `Bearer ${jane}`).send({ title: 'Quiet Title' })).status).toBe(200);
    await env.deps.tasks.drain();
    expect(gmail.calls.length).toBe(before);

    const res = await env.http.post('/api/signatures/deploy').set(auth()).send({});
    expect(res.status).toBe(202);
    await finished(res.body.jobId);
    expect(gmail.signatures.get(DEMO.acmeUser)).toContain('Quiet Title');
    await env.http.patch('/api/tenant/settings').set(auth()).send({ gmailSignatures: true });
  });
});
