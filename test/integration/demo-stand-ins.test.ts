import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ENTRA_TENANT, DEMO_FAILURES, DEMO_GOOGLE_SUPER_ADMIN, startDemoStandIns, type DemoStandIns } from '../../functions/src/local/demo-stand-ins.js';
import { createTestEnv, DEMO, demoSeed, type TestEnv } from '../support/test-env.js';

/**
 * `npm start`'s stand-ins of Google's and Microsoft's APIs, seeded from the demo's own staff, as the
 * API meets them: Acme syncs from its simulated Workspace and pushes to Gmail (one person fails, with
 * Gmail's status), Initech's admin consents on the simulated Microsoft page and syncs from Graph.
 */
let standIns: DemoStandIns;
let env: TestEnv;

beforeAll(async () => {
  standIns = await startDemoStandIns(demoSeed());
  env = await createTestEnv({ env: { ...standIns.env, DIRECTORY_RETRY_BASE_MS: '5' } });
});
afterAll(() => standIns?.stop());

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

async function finished(token: string, jobId: string) {
  await env.deps.tasks.drain();
  return (await env.http.get(`/api/jobs/${jobId}`).set(bearer(token))).body;
}

describe("the demo's simulated Google Workspace (Acme)", () => {
  it('syncs Acme’s fictitious staff through the Admin SDK stand-in, unchanged, with their groups', async () => {
    const admin = await env.token(DEMO.acmeAdmin);
    const saved = await env.http.put('/api/directory/settings').set(bearer(admin)).send({ source: 'google', google: { customerId: 'my_customer', adminEmail: DEMO.acmeAdmin } });
    expect(saved.status).toBe(200);
    const before = (await env.deps.db.collection('tenants/acme/users').get()).size;
    const started = await env.http.post('/api/directory/sync').set(bearer(admin)).send({});
    expect(started.status).toBe(202);
    const job = await finished(admin, started.body.jobId);
    expect(job.status).toBe('done');
    const users = await env.deps.db.collection('tenants/acme/users').get();
    expect(users.size).toBe(before);
    const jane = users.docs.find((d) => d.get('email') === DEMO.acmeUser)!;
    expect(jane.get('groups')).toEqual(expect.arrayContaining(['Sales', 'Paris Office']));
  });

  it("proves Acme's Workspace with the console's Google sign-in (the Auth emulator's token), answered by the stand-in's tokeninfo and Admin SDK", async () => {
    // The Auth emulator gives every Google sign-in one token; the stand-in answers it for the owner who connects.
    const owner = await env.account({ domain: 'acme.example', tenantId: 'acme', role: 'owner' });
    standIns.googleSignInAs(owner.email);
    const res = await env.http.post('/api/tenant/google/connect').set(bearer(owner.token)).send({ accessToken: 'FirebaseAuthEmulatorFakeAccessToken_google.com' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ googleCustomerId: 'C01acme00' });
    standIns.googleSignInAs(DEMO_GOOGLE_SUPER_ADMIN);
  });

  it('pushes to the Gmail stand-in: everyone deployed but the person with no mailbox, who fails with Gmail’s 404', async () => {
    const admin = await env.token(DEMO.acmeAdmin);
    const started = await env.http.post('/api/signatures/deploy').set(bearer(admin)).send({});
    const job = await finished(admin, started.body.jobId);
    expect(job.counts.failed).toBe(1);
    // Jane's team alias gets her signature; her alias on a domain Acme never proved is skipped, never written.
    expect(job.counts).toMatchObject({ aliases_pushed: 1, aliases_skipped_unverified: 1 });
    const failed = (await env.http.get('/api/signatures/deployments?status=failed').set(bearer(admin))).body.deployments;
    expect(failed).toHaveLength(1);
    expect(failed[0].errorStatus).toBe(404);
    const kim = (await env.deps.db.collection('tenants/acme/users').where('email', '==', DEMO_FAILURES.noMailbox).get()).docs[0]!;
    expect(failed[0].userId).toBe(kim.id);
  });
});

describe("the demo's simulated Microsoft 365 (Initech)", () => {
  it('walks the admin-consent round trip on the stand-in’s page, syncs Initech’s staff from Graph, and an employee’s simulated Outlook add-in is counted', async () => {
    const owner = await env.account({ domain: 'initech.example', tenantId: 'initech', role: 'owner' });
    const consent = await env.http.get('/api/tenant/microsoft/consent?domain=initech.example').set(bearer(owner.token));
    expect(consent.status).toBe(200);
    const link = new URL(consent.body.adminConsentUrl);
    link.searchParams.set('redirect_uri', 'http://localhost:5000/directory/connect');
    const page = await fetch(link);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Demo: Microsoft 365 is simulated');
    const accept = new URL(/href="([^"]*\/adminconsent\/accept[^"]*)"/.exec(html)![1]!.replace(/&amp;/g, '&'), link);
    const back = await fetch(accept, { redirect: 'manual' });
    expect(back.status).toBe(302);
    const answer = Object.fromEntries(new URL(back.headers.get('location')!).searchParams);
    expect(answer).toMatchObject({ admin_consent: 'True', tenant: DEMO_ENTRA_TENANT });

    const done = await env.http.post('/api/tenant/microsoft/consent/complete').set(bearer(owner.token)).send(answer);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ entraTenantId: DEMO_ENTRA_TENANT });

    const saved = await env.http.put('/api/directory/settings').set(bearer(owner.token)).send({ source: 'microsoft', microsoft: { tenantId: DEMO_ENTRA_TENANT } });
    expect(saved.status).toBe(200);
    const started = await env.http.post('/api/directory/sync').set(bearer(owner.token)).send({});
    expect(started.status).toBe(202);
    const job = await finished(owner.token, started.body.jobId);
    expect(job.status).toBe('done');
    const emails = (await env.deps.db.collection('tenants/initech/users').where('source', '==', 'microsoft').get()).docs.map((d) => d.get('email'));
    expect(emails).toContain('wren.quillfeather@initech.example');

    const template = await env.http.post('/api/templates').set(bearer(owner.token)).send({ name: 'Initech', html: '<p>{{firstName}} {{lastName}}</p>' });
    expect(template.status).toBe(201);
    const assigned = await env.http.put('/api/template-assignments').set(bearer(owner.token)).send({ templateId: template.body.id, target: { kind: 'everyone' }, priority: 50 });
    expect(assigned.status).toBe(200);

    // An employee's simulated Outlook (the demo's controls) fetches their signature through the add-in's API: usage counts them.
    const server = env.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      standIns.setHeraldUrl(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
      const composed = await standIns.outlookCompose('wren.quillfeather@initech.example');
      expect(composed).toEqual({ status: 200, message: expect.stringContaining('inserted their signature') });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
    const usage = await env.http.get('/api/addins/outlook/usage').set(bearer(owner.token));
    expect(usage.body.days.at(-1).employees).toBe(1);
  });
});
