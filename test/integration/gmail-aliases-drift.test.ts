import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueDailyDriftChecks } from '../../functions/src/signatures/enqueue-daily-deploys.js';
import { FakeGmail } from '../fakes/fake-gmail.js';
import { createTestEnv, DEMO, type TestEnv } from '../support/test-env.js';

const JANE = DEMO.acmeUser;
/** A Workspace alias of Jane's on Acme's verified domain, with a template assigned to it. */
const SALES = 'sales@acme.example';
/** A custom "from" address on a domain Acme never proved: never pushed, even though Gmail verified it. */
const PARTNER = 'jane.doe@partner-example.org';
/** A custom "from" on Acme's domain that Gmail has not verified yet: never pushed. */
const PENDING = 'events@acme.example';

let env: TestEnv;
let janeId_: string;
let gmail: FakeGmail;
let admin: string;

// Gmail rewrites the HTML it stores (here: wraps it), so what a push sent never hashes like what Gmail holds.
const gmailRewrites = (html: string) => (html === '' ? '' : `<div dir="ltr">${html}</div>`);

beforeAll(async () => {
  gmail = await new FakeGmail({ normalise: gmailRewrites }).start();
  gmail.aliases.set(JANE, [{ sendAsEmail: SALES }, { sendAsEmail: PARTNER, verificationStatus: 'accepted' }, { sendAsEmail: PENDING, verificationStatus: 'pending' }]);
  env = await createTestEnv({ env: gmail.env(), now: () => new Date(Date.now() + offset) });
  admin = await env.token(DEMO.acmeAdmin);
  janeId_ = await janeId();
});
afterAll(() => gmail.stop());

const auth = () => ({ Authorization: `Bearer ${admin}` });

async function finished(jobId: string) {
  await env.deps.tasks.drain();
  const res = await env.http.get(`/api/jobs/${jobId}`).set(auth());
  expect(res.status).toBe(200);
  return res.body;
}

/** The test's clock runs this far ahead of the real one: each drift check is on a new day. */
let offset = 0;
/** Runs the day's drift check (the daily fan-out, then the job) and answers its job. */
async function driftCheck() {
  offset += 24 * 3600_000;
  await enqueueDailyDriftChecks(env.deps);
  return finished(`signatures-drift-${env.deps.now().toISOString().slice(0, 10)}`);
}

/** Every deployment record's last update time: a run that writes nothing leaves them all as they were. */
async function updateTimes(): Promise<Map<string, number>> {
  const snap = await env.deps.db.collection('tenants/acme/signatureDeployments').get();
  return new Map(snap.docs.map((d) => [d.id, d.updateTime.toMillis()]));
}

async function janeId(): Promise<string> {
  const snap = await env.deps.db.collection('tenants/acme/users').where('email', '==', JANE).get();
  return snap.docs[0]!.id;
}

describe('Gmail aliases', () => {
  it("pushes each verified alias its assigned template and never touches an alias off the tenant's verified domains", async () => {
    const created = await env.http.post('/api/templates').set(auth()).send({ name: 'Sales desk', html: '<p>{{firstName}} for the sales desk, <a href="mailto:{{email}}">{{email}}</a></p>' });
    expect(created.status).toBe(201);
    const assigned = await env.http.put('/api/template-assignments').set(auth()).send({ templateId: created.body.id, target: { kind: 'address', address: SALES } });
    expect(assigned.status).toBe(200);
    // The assignment re-deploys by itself; the explicit deployment below is counted on its own.
    await env.deps.tasks.drain();
    const readsBefore = gmail.reads.length;
    const res = await env.http.post('/api/signatures/deploy').set(auth()).send({ force: true });
    const job = await finished(res.body.jobId);
    expect(job.status).toBe('done');
    expect(job.counts).toMatchObject({ aliases_pushed: 1, aliases_skipped_unverified: 2, aliases_failed: 0 });

    const patched = gmail.calls.map((c) => c.sendAsEmail);
    expect(patched).toContain(SALES);
    expect(patched).not.toContain(PARTNER);
    expect(patched).not.toContain(PENDING);
    // The alias's own template, with the alias as the address and the sender's own name; the primary keeps Jane's.
    expect(gmail.signatures.get(SALES)).toContain('Jane for the sales desk');
    expect(gmail.signatures.get(SALES)).toContain('href="mailto:sales@acme.example"');
    expect(gmail.signatures.get(JANE)).toContain('Jane Doe');
    expect(gmail.signatures.get(JANE)).not.toContain('sales desk');
    // One list per user per deployment, as that user.
    const lists = gmail.reads.slice(readsBefore).filter((r) => r.method === 'list' && r.subject === JANE);
    expect(lists).toHaveLength(1);

    const listed = await env.http.get('/api/signatures/deployments').query({ limit: 500 }).set(auth());
    const jane = listed.body.deployments.find((d: { userId: string }) => d.userId === janeId_);
    expect(jane.aliases).toEqual([
      expect.objectContaining({ address: PENDING, status: 'skipped_unverified' }),
      expect.objectContaining({ address: PARTNER, status: 'skipped_unverified' }),
      expect.objectContaining({ address: SALES, status: 'deployed', templateId: created.body.id, drift: null }),
    ]);
    // Only hashes are kept, never a signature.
    const stored = JSON.stringify((await env.deps.db.doc(`tenants/acme/signatureDeployments/${janeId_}`).get()).data());
    expect(stored).not.toContain('sales desk');
  });

  it('pushes nothing again when no alias changed', async () => {
    const before = gmail.calls.length;
    const res = await env.http.post('/api/signatures/deploy').set(auth()).send({});
    const job = await finished(res.body.jobId);
    expect(job.counts).toMatchObject({ pushed: 0, aliases_pushed: 0, aliases_unchanged: 1, aliases_skipped_unverified: 2 });
    expect(gmail.calls.length).toBe(before);
  });
});


describe('drift repair', () => {
  it('reads every deployed address back and writes nothing when Gmail holds what it stored (even though Gmail rewrote the HTML)', async () => {
    const times = await updateTimes();
    const before = gmail.calls.length;
    const readsBefore = gmail.reads.length;
    const job = await driftCheck();
    expect(job).toMatchObject({ kind: 'signatures.drift', status: 'done' });
    expect(job.counts).toMatchObject({ restored: 0, reported: 0, failed: 0 });
    expect(job.counts.checked).toBe(job.counts.unchanged);
    expect(job.progress.done).toBe(job.progress.total);
    const gets = gmail.reads.slice(readsBefore).filter((r) => r.method === 'get');
    expect(gets.map((r) => r.sendAsEmail)).toContain(SALES);
    expect(gets.map((r) => r.sendAsEmail)).not.toContain(PARTNER);
    expect(gmail.calls.length).toBe(before);
    expect(await updateTimes()).toEqual(times);
  });

  it('only reports a signature edited in Gmail under the default policy, once', async () => {
    gmail.edit(JANE, '<p>Jane, written by hand</p>');
    gmail.edit(SALES, '<p>the sales desk, by hand</p>');
    const before = gmail.calls.length;
    const job = await driftCheck();
    expect(job.counts).toMatchObject({ reported: 2, restored: 0 });
    expect(gmail.calls.length).toBe(before);
    expect(gmail.signatures.get(JANE)).toContain('written by hand');

    const drifted = await env.http.get('/api/signatures/deployments').query({ status: 'drifted' }).set(auth());
    expect(drifted.status).toBe(200);
    expect(drifted.body.deployments).toEqual([
      expect.objectContaining({
        userId: janeId_,
        drift: { at: expect.any(String), action: 'reported' },
        aliases: expect.arrayContaining([expect.objectContaining({ address: SALES, drift: { at: expect.any(String), action: 'reported' } })]),
      }),
    ]);

    // Reported already: the next day's check reads it again and writes nothing.
    const times = await updateTimes();
    const again = await driftCheck();
    expect(again.counts).toMatchObject({ reported: 0, already_reported: 2 });
    expect(await updateTimes()).toEqual(times);
  });

  it("restores Herald's signature once the admin chooses restore, then finds no drift", async () => {
    const policy = await env.http.patch('/api/tenant/settings').set(auth()).send({ gmailDriftPolicy: 'restore' });
    expect(policy.status).toBe(200);
    expect(policy.body.settings.gmailDriftPolicy).toBe('restore');
    const before = gmail.calls.length;
    const job = await driftCheck();
    expect(job.counts).toMatchObject({ restored: 2, reported: 0, failed: 0 });
    expect(gmail.calls.slice(before).map((c) => c.sendAsEmail).sort()).toEqual([JANE, SALES].sort());
    expect(gmail.signatures.get(JANE)).toContain('Jane Doe');
    expect(gmail.signatures.get(SALES)).toContain('Jane for the sales desk');
    const listed = await env.http.get('/api/signatures/deployments').query({ status: 'drifted' }).set(auth());
    expect(listed.body.deployments[0]).toMatchObject({ userId: janeId_, status: 'deployed', drift: { action: 'restored' } });

    const times = await updateTimes();
    const calls = gmail.calls.length;
    const quiet = await driftCheck();
    expect(quiet.counts).toMatchObject({ restored: 0, reported: 0 });
    expect(gmail.calls.length).toBe(calls);
    expect(await updateTimes()).toEqual(times);
  });

  it('is refused to anyone but an admin', async () => {
    const jane = await env.token(DEMO.acmeUser);
    expect((await env.http.patch('/api/tenant/settings').set('Authorization', `Bearer ${jane}`).send({ gmailDriftPolicy: 'report' })).status).toBe(403);
    expect((await env.http.get('/api/signatures/deployments').query({ status: 'drifted' }).set('Authorization', `Bearer ${jane}`)).status).toBe(403);
    const bad = await env.http.patch('/api/tenant/settings').set(auth()).send({ gmailDriftPolicy: 'overwrite' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('Signatures changed in Gmail');
  });
});
