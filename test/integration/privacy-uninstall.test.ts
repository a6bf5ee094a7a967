import supertest from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { memoryLogger } from '../../functions/src/platform/logger.js';
import { startJob } from '../../functions/src/jobs/job-store.js';
import { createHooksApp } from '../../functions/src/privacy/hooks-app.js';
import { signWebhook } from '../../functions/src/privacy/verify-webhook.js';
import { tenantPaths } from '../support/privacy-fixtures.js';
import { createTestEnv, type TestEnv } from '../support/test-env.js';

let env: TestEnv;
let hooks: ReturnType<typeof supertest>;
beforeAll(async () => {
  env = await createTestEnv();
  hooks = supertest(createHooksApp(env.deps));
});

const secret = () => env.deps.config.webhookSecret;
function send(body: unknown, options: { timestamp?: number; signature?: string | null } = {}) {
  const raw = JSON.stringify(body);
  const ts = options.timestamp ?? Math.floor(Date.now() / 1000);
  const req = hooks.post('/hooks/uninstall').set('Content-Type', 'application/json');
  if (options.signature !== null) req.set('X-Herald-Timestamp', String(ts)).set('X-Herald-Signature', options.signature ?? signWebhook(secret(), ts, raw));
  return req.send(raw);
}

/** A fresh tenant with an owner, an admin, an employee account, directory users, audit, a pending job and a stored file. */
async function installedTenant() {
  const domain = `gone${Math.random().toString(36).slice(2, 8)}.example`;
  const owner = await env.account({ domain });
  const created = await env.http.post('/api/onboarding').set('Authorization', `Bearer ${owner.token}`).send({ companyName: 'Gone Corp', domain });
  expect(created.status).toBe(201);
  const tenantId = created.body.tenantId as string;
  // As the DNS, Google or Microsoft proof leaves it (tenant-trust.test.ts covers the proofs).
  await env.deps.db.doc(`tenants/${tenantId}`).update({ verifiedDomains: [domain] });
  const admin = await env.account({ domain, tenantId, role: 'admin' });
  const employee = await env.account({ domain, tenantId, role: 'user' });
  const now = new Date();
  for (let i = 0; i < 5; i++) {
    await env.deps.db.doc(`tenants/${tenantId}/users/u${i}`).set({
      email: `person${i}@${domain}`, firstName: 'P', lastName: String(i), title: '', workPhone: '', mobilePhone: '', addresses: [], groups: [],
      source: 'csv', contentHash: 'b'.repeat(64), overrides: {}, createdAt: now, updatedAt: now,
    });
  }
  const pending = await startJob(env.deps, { tenantId, kind: 'retention.sweep', createdBy: admin.uid, payload: {}, jobId: 'pending-one' });
  await env.deps.files.write(`tenants/${tenantId}/exports/x/users.jsonl`, '{}\n', 'application/x-ndjson');
  await env.deps.tasks.drain();
  await env.deps.db.doc(`tenants/${tenantId}/jobs/${pending}`).update({ status: 'queued' });
  return { tenantId, domain, owner, admin, employee };
}

describe('POST /hooks/uninstall authentication', () => {
  it('refuses unsigned, wrongly signed, expired and replayed requests, without touching the tenant', async () => {
    const body = { event: 'app.uninstalled', domain: 'acme.example' };
    const unsigned = await send(body, { signature: null });
    expect(unsigned.status).toBe(401);
    expect(unsigned.body.error.code).toBe('unauthenticated');

    const forged = await send(body, { signature: signWebhook('some-other-secret-of-at-least-32-chars!', Math.floor(Date.now() / 1000), JSON.stringify(body)) });
    expect(forged.status).toBe(401);

    // Signed over a different body: the signature does not cover what was sent.
    const ts = Math.floor(Date.now() / 1000);
    const swapped = await send(body, { timestamp: ts, signature: signWebhook(secret(), ts, JSON.stringify({ ...body, domain: 'initech.example' })) });
    expect(swapped.status).toBe(401);

    const expired = await send(body, { timestamp: Math.floor(Date.now() / 1000) - 600 });
    expect(expired.status).toBe(401);
    expect(expired.body.error.message).toContain('window');

    expect((await env.deps.db.doc('tenants/acme').get()).get('status')).toBe('active');
  });

  it('accepts a signed request once; the identical request again is a replay', async () => {
    const body = { event: 'app.uninstalled', domain: 'nobody-here.example' };
    const ts = Math.floor(Date.now() / 1000);
    const first = await send(body, { timestamp: ts });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ status: 'gone', deletionId: null });
    const replay = await send(body, { timestamp: ts });
    expect(replay.status).toBe(409);
    expect(replay.body.error.code).toBe('conflict');
  });

  it('rejects a body that is not an uninstall event, naming the field', async () => {
    const res = await send({ event: 'app.installed', domain: 'acme.example' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('body.event');
  });
});

describe('whole-tenant deletion', () => {
  it('marks the tenant deleting at once, then deletes its data, files, Auth accounts and pending jobs, and certifies it', async () => {
    const t = await installedTenant();
    const before = await tenantPaths(env.deps.db, t.tenantId);
    expect(before.size).toBe(12); // tenant, the members entries of owner, admin and employee, 5 users, the onboarding audit entries (tenant, first owner), the pending job

    // Hold the queue so the state between acceptance and deletion can be observed.
    const runner = env.deps.tasks.runner!;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    env.deps.tasks.runner = async (...args) => {
      await gate;
      return runner(...args);
    };
    try {
      const res = await send({ event: 'app.uninstalled', domain: t.domain.toUpperCase() });
      expect(res.status).toBe(202);
      expect(res.body).toEqual({ status: 'deleting', deletionId: `${t.tenantId}-tenant` });
      expect((await env.deps.db.doc(`tenants/${t.tenantId}`).get()).get('status')).toBe('deleting');
      const api = await env.http.get('/api/tenant').set('Authorization', `Bearer ${t.admin.token}`);
      expect(api.status).toBe(410);

      // The marketplace retries with a fresh signature: same answer, nothing enqueued twice.
      const again = await send({ event: 'app.uninstalled', domain: t.domain });
      expect(again.status).toBe(202);
      expect(again.body.deletionId).toBe(res.body.deletionId);
    } finally {
      release();
      env.deps.tasks.runner = runner;
    }
    await env.deps.tasks.drain();

    expect(await tenantPaths(env.deps.db, t.tenantId)).toEqual(new Map());
    expect(await env.deps.files.list(`tenants/${t.tenantId}/`)).toEqual([]);
    for (const who of [t.owner, t.admin, t.employee]) await expect(env.deps.auth.getUser(who.uid)).rejects.toMatchObject({ code: 'auth/user-not-found' });
    // Other tenants are untouched.
    expect((await env.deps.db.doc('tenants/acme').get()).get('status')).toBe('active');
    expect((await tenantPaths(env.deps.db, 'acme')).size).toBeGreaterThan(30);

    const cert = (await env.deps.db.doc(`deletions/${t.tenantId}-tenant`).get()).data()!;
    expect(cert).toMatchObject({ status: 'done', verified: true, reason: 'uninstall', subject: { kind: 'tenant', count: 1 }, authAccountsDeleted: 3, storedFilesDeleted: 1 });
    expect(cert.collections.users.deleted).toBe(5);
    expect(cert.collections.tenants.deleted).toBe(1);
    expect(cert.collections.jobs.deleted).toBe(1);
    const total = Object.values(cert.collections as Record<string, { deleted: number }>).reduce((n, c) => n + c.deleted, 0);
    expect(total).toBe(before.size);
    expect(JSON.stringify(cert)).not.toContain(t.domain);

    // Delivered again (Cloud Tasks at-least-once): nothing changes.
    await env.deps.tasks.runner!('privacy.purge', { tenantId: t.tenantId, subject: { kind: 'tenant' }, reason: 'uninstall' }, 2);
    expect((await env.deps.db.doc(`deletions/${t.tenantId}-tenant`).get()).data()).toEqual(cert);
  });
});

describe('which tenant an uninstall deletes', () => {
  /** A tenant that typed `domain` in as pending (never proved it), its id sorting before every other. */
  async function squatter(domain: string) {
    const id = `0000squat${Math.random().toString(36).slice(2, 8)}`;
    const now = new Date();
    await env.deps.db.doc(`tenants/${id}`).set({
      name: 'Squatter', region: env.deps.config.region, status: 'active', domains: ['squatter.example', domain], verifiedDomains: ['squatter.example'],
      googleCustomerId: null, entraTenantId: null, directorySource: 'csv',
      settings: { auditRetentionDays: 365, fallbackUrl: null, gmailSignatures: false, recipientTracking: { enabled: false, retentionDays: 90 } },
      createdAt: now, updatedAt: now,
    });
    await env.deps.db.doc(`tenants/${id}/users/s1`).set({
      email: 'someone@squatter.example', firstName: 'S', lastName: 'Q', title: '', workPhone: '', mobilePhone: '', addresses: [], groups: [],
      source: 'csv', contentHash: 'c'.repeat(64), overrides: {}, createdAt: now, updatedAt: now,
    });
    return id;
  }

  it("deletes the tenant that verified the domain, never one that only lists it as pending", async () => {
    const t = await installedTenant();
    const squat = await squatter(t.domain);
    const squatBefore = await tenantPaths(env.deps.db, squat);
    const res = await send({ event: 'app.uninstalled', domain: t.domain });
    expect(res.status).toBe(202);
    expect(res.body.deletionId).toBe(`${t.tenantId}-tenant`);
    await env.deps.tasks.drain();
    expect(await tenantPaths(env.deps.db, t.tenantId)).toEqual(new Map());
    expect((await env.deps.db.doc(`tenants/${squat}`).get()).get('status')).toBe('active');
    expect(await tenantPaths(env.deps.db, squat)).toEqual(squatBefore);
  });

  it('deletes nothing for a domain only pending tenants list', async () => {
    const domain = `pending${Math.random().toString(36).slice(2, 8)}.example`;
    const squat = await squatter(domain);
    const res = await send({ event: 'app.uninstalled', domain });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'gone', deletionId: null });
    expect((await env.deps.db.doc(`tenants/${squat}`).get()).get('status')).toBe('active');
  });

  it('refuses, deletes nothing and alerts the operator when two tenants verified the domain', async () => {
    const a = await installedTenant();
    const b = await installedTenant();
    // Proofs refuse a domain another tenant verified; data written before they existed may still hold one twice.
    await env.deps.db.doc(`tenants/${b.tenantId}`).update({ verifiedDomains: [b.domain, a.domain] });
    const log = memoryLogger();
    const res = await supertest(createHooksApp({ ...env.deps, log }))
      .post('/hooks/uninstall')
      .set('Content-Type', 'application/json')
      .set('X-Herald-Timestamp', String(Math.floor(Date.now() / 1000)))
      .set('X-Herald-Signature', signWebhook(secret(), Math.floor(Date.now() / 1000), JSON.stringify({ event: 'app.uninstalled', domain: a.domain })))
      .send(JSON.stringify({ event: 'app.uninstalled', domain: a.domain }));
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('conflict');
    expect(res.body.error.message).toContain('body.domain');
    await env.deps.tasks.drain();
    for (const t of [a, b]) expect((await env.deps.db.doc(`tenants/${t.tenantId}`).get()).get('status')).toBe('active');
    const alert = log.entries.find((e) => e.level === 'error');
    expect(alert).toMatchObject({ message: 'tenant uninstall refused', fields: { alert: 'operator', reason: 'ambiguous_domain' } });
    expect(JSON.stringify(log.entries)).not.toContain(a.domain);
  });

  it("refuses when the relay names a Google customer the domain's tenant is not bound to", async () => {
    const t = await installedTenant();
    await env.deps.db.doc(`tenants/${t.tenantId}`).update({ googleCustomerId: 'C0bound' });
    const wrong = await send({ event: 'app.uninstalled', domain: t.domain, googleCustomerId: 'C0other' });
    expect(wrong.status).toBe(409);
    expect(wrong.body.error.message).toContain('body.googleCustomerId');
    expect((await env.deps.db.doc(`tenants/${t.tenantId}`).get()).get('status')).toBe('active');
    const right = await send({ event: 'app.uninstalled', domain: t.domain, googleCustomerId: 'C0bound' });
    expect(right.status).toBe(202);
    await env.deps.tasks.drain();
    expect(await tenantPaths(env.deps.db, t.tenantId)).toEqual(new Map());
  });
});
