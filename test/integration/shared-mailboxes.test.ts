import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGraph, type FakeGraphUser } from '../fakes/microsoft-graph-fake.js';
import { createSyncTenant, recordEnqueued, runSync, usersOf } from '../support/directory-helpers.js';
import { createTestEnv, type TestEnv } from '../support/test-env.js';
import { fieldText } from '../support/field-text.js';

const MS_TENANT = '0b8c7e6a-2222-4333-8444-955556666777';
const tenantId = 'mbx';

const guid = (n: number) => `00000000-0000-4000-9000-${String(n).padStart(12, '0')}`;
const person = (i: number, extra: Partial<FakeGraphUser> = {}): FakeGraphUser => ({
  id: guid(i),
  mail: `person${i}@mbx.example`,
  userPrincipalName: `person${i}@mbx.example`,
  givenName: `Given${i}`,
  surname: `Family${i}`,
  jobTitle: `Title ${i}`,
  ...extra,
});
/** A shared mailbox as the Microsoft 365 admin center creates one: a user object with sign-in blocked. */
const shared = (i: number, address: string, displayName: string): FakeGraphUser => ({
  id: guid(100 + i),
  mail: address,
  userPrincipalName: address,
  displayName,
  accountEnabled: false,
  userPurpose: 'shared',
});

let fake: Awaited<ReturnType<typeof startFakeGraph>>;
let env: TestEnv;
let admin: string;
const as = (token: string) => ({ Authorization: `Bearer ${token}` });

const mailboxDocs = async () => {
  const snap = await env.deps.db.collection(`tenants/${tenantId}/sharedMailboxes`).get();
  return new Map(snap.docs.map((d) => [d.get('address') as string, d.data()]));
};
const purposeCalls = () =>
  fake.requests
    .filter((r) => r.path === '/v1.0/$batch')
    .flatMap((r) => (JSON.parse(r.body) as { requests: { url: string }[] }).requests.map((q) => q.url));

beforeAll(async () => {
  fake = await startFakeGraph({
    tenantId: MS_TENANT,
    clientId: '5e7a1d2c-0000-4000-8000-00000000c0de',
    clientSecret: 'fake-secret-not-real',
    users: [
      ...Array.from({ length: 4 }, (_, i) => person(i)),
      // A leaver whose sign-in was blocked: still a person (a user mailbox), as before.
      person(4, { accountEnabled: false }),
      shared(1, 'support@mbx.example', 'Support'),
      // On a domain the tenant did not prove: never stored.
      shared(2, 'desk@partner.example', 'Partner desk'),
    ],
    pageSize: 3,
  });
  env = await createTestEnv({ env: fake.env() });
  await createSyncTenant(env.deps, tenantId, { microsoft: { tenantId: MS_TENANT } });
  admin = (await env.account({ domain: 'mbx.example', tenantId, role: 'admin' })).token;
});
afterAll(() => fake.close());

describe('shared mailboxes from Microsoft 365', () => {
  it('lists shared mailboxes into their own collection, not into the people, asking only disabled accounts, 20 to a batch', async () => {
    const job = await runSync(env.deps, tenantId);
    expect(job).toMatchObject({ status: 'done', counts: { listed: 5, created: 5, sharedMailboxes: 1, sharedMailboxesOutsideVerifiedDomains: 1, removed: 0 } });
    const users = await usersOf(env.deps, tenantId);
    expect([...users.keys()].sort()).toEqual(['person0@mbx.example', 'person1@mbx.example', 'person2@mbx.example', 'person3@mbx.example', 'person4@mbx.example']);
    // Display names are read for the mailboxes only: a person's record has none.
    expect(JSON.stringify([...users.values()].map((u) => u.data))).not.toMatch(/displayName|accountEnabled/);

    const mailboxes = await mailboxDocs();
    expect([...mailboxes.keys()]).toEqual(['support@mbx.example']);
    expect(mailboxes.get('support@mbx.example')).toMatchObject({ displayName: 'Support', source: 'microsoft', externalId: guid(101) });

    // Only the three accounts with sign-in blocked were asked, by purpose only, in JSON batches.
    expect(purposeCalls().sort()).toEqual([guid(4), guid(101), guid(102)].map((id) => `/users/${id}/mailboxSettings/userPurpose`).sort());
    expect(fake.requests.filter((r) => r.path.includes('mailboxSettings'))).toHaveLength(0);
  });

  it('answers the console with the synced mailboxes, admins only', async () => {
    const res = await env.http.get('/api/directory/shared-mailboxes').set(as(admin));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ mailboxes: [{ address: 'support@mbx.example', displayName: 'Support', source: 'microsoft' }] });
    const editor = (await env.account({ domain: 'mbx.example', tenantId, role: 'editor' })).token;
    expect((await env.http.get('/api/directory/shared-mailboxes').set(as(editor))).status).toBe(403);
    // Another tenant's admin sees their own (none), never these.
    const acmeAdmin = await env.token('admin@acme.example');
    expect((await env.http.get('/api/directory/shared-mailboxes').set(as(acmeAdmin))).body).toEqual({ mailboxes: [] });
  });

  it("assigns a template to a synced mailbox with the console's payload, and refuses the unverified one and a person's own address", async () => {
    const template = (await env.http.post('/api/templates').set(as(admin)).send({ name: 'Support desk', html: '<p>{{firstName}} for Support</p>' })).body.id as string;
    // What the template editor sends for "A sending address": the chosen mailbox, the priority field as typed.
    const put = await env.http.put('/api/template-assignments').set(as(admin)).send({ templateId: template, target: { kind: 'address', address: 'support@mbx.example' }, priority: 50 });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ target: 'address', address: 'support@mbx.example' });
    const list = await env.http.get('/api/template-assignments').set(as(admin));
    expect(list.body.assignments).toEqual(expect.arrayContaining([expect.objectContaining({ templateId: template, target: 'address', address: 'support@mbx.example' })]));

    const partner = await env.http.put('/api/template-assignments').set(as(admin)).send({ templateId: template, target: { kind: 'address', address: 'desk@partner.example' }, priority: 50 });
    expect(partner.status).toBe(400);
    expect(fieldText(partner)).toContain('not on one of your verified domains');
    const own = await env.http.put('/api/template-assignments').set(as(admin)).send({ templateId: template, target: { kind: 'address', address: 'person1@mbx.example' }, priority: 50 });
    expect(own.status).toBe(400);
    expect(fieldText(own)).toContain("is a person's own address");
  });

  it('follows the delta: a mailbox removed at the source goes, a new one comes, a person turned shared mailbox leaves the people', async () => {
    const before = await usersOf(env.deps, tenantId);
    fake.requests.length = 0;
    fake.state.remove(guid(101));
    fake.state.upsert(shared(3, 'Sales@MBX.example', 'Sales team'));
    fake.state.upsert(person(2, { accountEnabled: false, userPurpose: 'shared', displayName: 'Former desk of Given2' }));
    const enqueued = recordEnqueued(env.deps);
    const job = await runSync(env.deps, tenantId);
    expect(job).toMatchObject({ status: 'done', counts: { sharedMailboxes: 2, sharedMailboxesRemoved: 1, removed: 1 } });
    expect(fake.requests.filter((r) => r.path === '/v1.0/users/delta')[0]!.query.$deltatoken).toBeTruthy();
    expect([...(await mailboxDocs()).keys()].sort()).toEqual(['person2@mbx.example', 'sales@mbx.example']);
    const purge = enqueued.find((t) => t.name === 'privacy.purge')!;
    expect(purge.payload).toMatchObject({ subject: { kind: 'users', userIds: [before.get('person2@mbx.example')!.id] }, reason: 'directory_sync' });
  });

  it('a mailbox turned back into a person leaves the mailboxes; one gone from a complete listing is removed', async () => {
    fake.state.upsert(person(2));
    await runSync(env.deps, tenantId);
    expect([...(await mailboxDocs()).keys()]).toEqual(['sales@mbx.example']);
    expect((await usersOf(env.deps, tenantId)).has('person2@mbx.example')).toBe(true);

    // A complete listing (the deltaLink dropped) in which the sales mailbox no longer appears.
    await env.deps.db.doc(`tenants/${tenantId}/directorySync/current`).set({ deltaLink: null }, { merge: true });
    fake.state.remove(guid(103));
    const job = await runSync(env.deps, tenantId);
    expect(job).toMatchObject({ status: 'done', counts: { sharedMailboxes: 0, sharedMailboxesRemoved: 1, removed: 0 } });
    expect((await mailboxDocs()).size).toBe(0);
  });

  it('retries a request throttled inside a batch, honouring its Retry-After', async () => {
    fake.state.upsert(shared(4, 'help@mbx.example', 'Help'));
    fake.state.batchThrottle = { remaining: 1, retryAfter: '1' };
    const job = await runSync(env.deps, tenantId);
    expect(job.status).toBe('done');
    expect(env.log.entries.filter((e) => e.message === 'microsoft graph: backing off').at(-1)?.fields).toMatchObject({ waitMs: 1000 });
    expect([...(await mailboxDocs()).keys()]).toEqual(['help@mbx.example']);
  });

  it('without MailboxSettings.Read, disabled accounts stay people, nothing is pruned, and the next sync asks again in full', async () => {
    fake.state.mailboxSettingsGranted = false;
    fake.state.upsert(shared(5, 'billing@mbx.example', 'Billing'));
    const job = await runSync(env.deps, tenantId);
    expect(job).toMatchObject({ status: 'done', counts: { sharedMailboxesUnchecked: 1, sharedMailboxesRemoved: 0 } });
    expect([...(await mailboxDocs()).keys()]).toEqual(['help@mbx.example']);
    expect((await usersOf(env.deps, tenantId)).has('billing@mbx.example')).toBe(true);
    expect((await env.deps.db.doc(`tenants/${tenantId}/directorySync/current`).get()).get('deltaScope')).toBeNull();

    // Granted: the next sync is a full round, which finds the mailbox and retires its person record.
    fake.state.mailboxSettingsGranted = true;
    fake.requests.length = 0;
    const again = await runSync(env.deps, tenantId);
    expect(fake.requests.filter((r) => r.path === '/v1.0/users/delta')[0]!.query.$deltatoken).toBeUndefined();
    expect(again).toMatchObject({ status: 'done', counts: { sharedMailboxes: 2, removed: 1 } });
    expect([...(await mailboxDocs()).keys()].sort()).toEqual(['billing@mbx.example', 'help@mbx.example']);
    expect((await usersOf(env.deps, tenantId)).has('billing@mbx.example')).toBe(false);
  });
});
