import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRAPH_USER_SELECT } from '../../functions/src/directory/sources/microsoft-source.js';
import { startFakeGraph, type FakeGraphUser } from '../fakes/microsoft-graph-fake.js';
import { createSyncTenant, recordEnqueued, runSync, usersOf } from '../support/directory-helpers.js';
import { createTestEnv, type TestEnv } from '../support/test-env.js';

const MS_TENANT = '0b8c7e6a-1111-4222-8333-944445555666';
const tenantId = 'umbrella';

const person = (i: number, extra: Partial<FakeGraphUser> = {}): FakeGraphUser => ({
  id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  mail: `person${i}@umbrella.example`,
  userPrincipalName: `person${i}@umbrella.onmicrosoft.example`,
  givenName: `Given${i}`,
  surname: `Family${i}`,
  jobTitle: `Title ${i}`,
  businessPhones: [`+44 20 7946 ${String(i).padStart(4, '0')}`],
  mobilePhone: null,
  streetAddress: `${i} Example Road`,
  postalCode: 'EC1A 1AA',
  city: 'London',
  country: 'United Kingdom',
  employeeId: `E${i}`,
  birthday: '1990-01-01',
  ...extra,
});

let fake: Awaited<ReturnType<typeof startFakeGraph>>;
let env: TestEnv;

beforeAll(async () => {
  const users = Array.from({ length: 8 }, (_, i) => person(i));
  fake = await startFakeGraph({
    tenantId: MS_TENANT,
    clientId: '5e7a1d2c-0000-4000-8000-00000000c0de',
    clientSecret: 'fake-secret-not-real',
    users,
    groups: [{ id: 'grp-1', displayName: 'Engineering', members: [users[0]!.id, users[1]!.id] }],
    pageSize: 3,
  });
  env = await createTestEnv({ env: fake.env() });
  await createSyncTenant(env.deps, tenantId, { microsoft: { tenantId: MS_TENANT } });
});
afterAll(() => fake.close());

describe('Microsoft 365 sync', () => {
  it('does a full users/delta round with $select, paging through nextLinks, and stores the deltaLink', async () => {
    const job = await runSync(env.deps, tenantId);
    expect(job).toMatchObject({ status: 'done', counts: { listed: 8, created: 8, removed: 0 } });
    const deltaCalls = fake.requests.filter((r) => r.path === '/v1.0/users/delta');
    expect(deltaCalls).toHaveLength(3);
    expect(deltaCalls[0]!.query.$select).toBe(GRAPH_USER_SELECT);
    expect(deltaCalls.slice(1).every((r) => r.query.$skiptoken)).toBe(true);
    expect(fake.requests.find((r) => r.path === '/v1.0/groups')?.query.$select).toBe('id,displayName');
    // The only identity-platform call is the token POST (metadata is preset), and it is cached.
    const login = fake.requests.filter((r) => !r.path.startsWith('/v1.0/'));
    expect(login.map((r) => `${r.method} ${r.path}`)).toEqual([`POST /${MS_TENANT}/oauth2/v2.0/token`]);

    const users = await usersOf(env.deps, tenantId);
    expect(users.get('person0@umbrella.example')!.data).toMatchObject({
      firstName: 'Given0',
      lastName: 'Family0',
      title: 'Title 0',
      workPhone: '+44 20 7946 0000',
      addresses: ['0 Example Road, EC1A 1AA London, United Kingdom'],
      groups: ['Engineering'],
      source: 'microsoft',
    });
    expect(JSON.stringify([...users.values()].map((u) => u.data))).not.toContain('1990-01-01');
    const settings = await env.deps.db.doc(`tenants/${tenantId}/directorySync/current`).get();
    expect(settings.get('deltaLink')).toMatch(/\/users\/delta\?\$deltatoken=/);
  });

  it('later syncs fetch only changes from the deltaLink and hand @removed users to the purge', async () => {
    const before = await usersOf(env.deps, tenantId);
    fake.requests.length = 0;
    fake.state.upsert(person(2, { jobTitle: 'Promoted' }));
    fake.state.upsert(person(20));
    fake.state.remove(person(5).id);
    const enqueued = recordEnqueued(env.deps);
    const job = await runSync(env.deps, tenantId);
    expect(job).toMatchObject({ status: 'done', counts: { listed: 2, created: 1, updated: 1, removed: 1 } });
    const deltaCalls = fake.requests.filter((r) => r.path === '/v1.0/users/delta');
    expect(deltaCalls).toHaveLength(1);
    expect(deltaCalls[0]!.query.$deltatoken).toBeTruthy();

    const after = await usersOf(env.deps, tenantId);
    expect(after.get('person2@umbrella.example')!.data.title).toBe('Promoted');
    const untouched = [...after].filter(([e]) => !['person2@umbrella.example', 'person20@umbrella.example'].includes(e));
    for (const [email, u] of untouched) expect(u.updateTime, email).toBe(before.get(email)!.updateTime);
    const purge = enqueued.find((t) => t.name === 'privacy.purge')!;
    expect(purge.payload).toMatchObject({ subject: { kind: 'users', userIds: [before.get('person5@umbrella.example')!.id] }, reason: 'directory_sync' });
  });

  it('honours Retry-After on 429', async () => {
    fake.requests.length = 0;
    fake.state.upsert(person(3, { jobTitle: 'Throttled But Synced' }));
    fake.state.throttle = { remaining: 1, retryAfter: '1' };
    const job = await runSync(env.deps, tenantId);
    expect(job.status).toBe('done');
    const graphCalls = fake.requests.filter((r) => r.path.startsWith('/v1.0/'));
    expect(graphCalls.length).toBeGreaterThan(1);
    const warned = env.log.entries.filter((e) => e.message === 'microsoft graph: backing off');
    expect(warned.at(-1)?.fields).toMatchObject({ waitMs: 1000 });
    expect((await usersOf(env.deps, tenantId)).get('person3@umbrella.example')!.data.title).toBe('Throttled But Synced');
  });

  it("never hands a colleague's record, and so their object id, to a directory object whose mail was set to the colleague's address", async () => {
    const before = await usersOf(env.deps, tenantId);
    // A new object whose mail an admin set to person1's address, and person4 given person0's.
    fake.state.upsert(person(30, { mail: 'person1@umbrella.example' }));
    fake.state.upsert(person(4, { mail: 'person0@umbrella.example', jobTitle: 'Now someone else' }));
    const job = await runSync(env.deps, tenantId);
    expect(job).toMatchObject({ status: 'done', counts: { addressConflicts: 2, removed: 0 } });
    const after = await usersOf(env.deps, tenantId);
    expect(after.get('person1@umbrella.example')).toMatchObject({ id: before.get('person1@umbrella.example')!.id, data: { externalId: person(1).id, firstName: 'Given1' } });
    expect(after.get('person0@umbrella.example')).toMatchObject({ id: before.get('person0@umbrella.example')!.id, data: { externalId: person(0).id, firstName: 'Given0' } });
    expect(after.get('person4@umbrella.example')!.data).toMatchObject({ externalId: person(4).id, title: 'Title 4' });
    expect([...after.values()].some((u) => u.data.externalId === person(30).id)).toBe(false);
    expect(after.size).toBe(before.size);
    fake.state.remove(person(30).id);
    fake.state.upsert(person(4));
  });

  it('fails without touching anyone when the app secret is refused', async () => {
    const bad = await createTestEnv({ env: { ...fake.env(), MICROSOFT_CLIENT_SECRET: 'wrong-secret' } });
    await createSyncTenant(bad.deps, tenantId, { microsoft: { tenantId: MS_TENANT } });
    const job = await runSync(bad.deps, tenantId);
    expect(job.status).toBe('failed');
    expect((await usersOf(bad.deps, tenantId)).size).toBe(0);
  });
});
