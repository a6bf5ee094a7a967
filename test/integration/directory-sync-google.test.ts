import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { searchKeysOf } from '../../functions/src/core/search-keys.js';
import { enqueueDirectorySyncs } from '../../functions/src/directory/enqueue-syncs.js';
import { DIRECTORY_SCOPES } from '../../functions/src/google/directory-client.js';
import { GOOGLE_GROUP_FIELDS, GOOGLE_MEMBER_FIELDS, GOOGLE_USER_FIELDS } from '../../functions/src/directory/sources/google-source.js';
import { FAKE_GOOGLE_CUSTOMER_ID, fakeGoogleUsers, startFakeGoogle } from '../fakes/google-directory-fake.js';
import { createSyncTenant, purgeJobs, recordEnqueued, runSync, usersOf } from '../support/directory-helpers.js';
import { countFirestoreRequests } from '../support/count-firestore-requests.js';
import { authEmulatorHost, createTestEnv, DEMO, DEMO_PASSWORD, signIn, type TestEnv } from '../support/test-env.js';

let fake: Awaited<ReturnType<typeof startFakeGoogle>>;
let env: TestEnv;
let admin: string;
let n = 0;
/** Each test gets its own tenant, so tests do not see each other's users. */
let tenantId: string;
const google = { customerId: 'my_customer', adminEmail: 'it-admin@globex.example' };

beforeAll(async () => {
  fake = await startFakeGoogle({ users: [], pageSize: 10 });
  env = await createTestEnv({ env: fake.env() });
  admin = await env.token(DEMO.acmeAdmin);
});
afterAll(() => fake.close());
beforeEach(async () => {
  tenantId = `globex${++n}`;
  fake.state.users = fakeGoogleUsers(25, `${tenantId}.example`);
  fake.state.groups = [
    { id: 'g-sales', name: 'Sales', members: fake.state.users.slice(0, 5).map((u) => u.id) },
    { id: 'g-paris', name: 'Paris Office', members: fake.state.users.slice(3, 8).map((u) => u.id) },
  ];
  fake.state.failUsersPage = () => null;
  fake.state.attempts.clear();
  fake.requests.length = 0;
  await createSyncTenant(env.deps, tenantId, { google });
});

describe('Google Workspace sync', () => {
  it('pages through users.list, asks only for the needed fields, and stores the eight fields', async () => {
    const job = await runSync(env.deps, tenantId);
    expect(job).toMatchObject({ status: 'done', error: null, progress: { done: 25, total: 25 } });
    expect(job.counts).toMatchObject({ listed: 25, created: 25, updated: 0, unchanged: 0, removed: 0 });

    const calls = fake.usersRequests();
    expect(calls.map((c) => c.query.pageToken ?? null)).toEqual([null, 'o10', 'o20']);
    // The customer bound from the admin's proof, never `my_customer`: Google refuses another customer's listing.
    for (const c of calls) expect(c.query).toMatchObject({ customer: FAKE_GOOGLE_CUSTOMER_ID, maxResults: '500', fields: GOOGLE_USER_FIELDS });
    expect(fake.requests.find((r) => r.path === '/admin/directory/v1/groups')?.query.fields).toBe(GOOGLE_GROUP_FIELDS);
    expect(fake.requests.find((r) => r.path.endsWith('/members'))?.query.fields).toBe(GOOGLE_MEMBER_FIELDS);
    const assertion = fake.state.tokenEndpoint.assertions.at(-1)!;
    expect(assertion.sub).toBe(google.adminEmail);
    expect(assertion.scope.split(' ').sort()).toEqual([...DIRECTORY_SCOPES].sort());

    const users = await usersOf(env.deps, tenantId);
    expect(users.size).toBe(25);
    const p4 = users.get(`person4@${tenantId}.example`)!.data;
    expect(p4).toMatchObject({
      firstName: 'Given4',
      lastName: 'Family4',
      title: 'Title 4',
      workPhone: '+33 1 00 00 0004',
      mobilePhone: '+33 6 00 00 0004',
      addresses: ['4 Example Street, 75000 Paris, France'],
      groups: ['Paris Office', 'Sales'],
      source: 'google',
      externalId: fake.state.users[4]!.id,
    });
    // Nothing beyond the eight fields, bookkeeping and the search keys derived from the name and
    // email (core/search-keys.ts): no recovery email, home phone or home address.
    expect(Object.keys(p4).sort()).toEqual(
      ['addresses', 'contentHash', 'createdAt', 'email', 'externalId', 'firstName', 'groups', 'lastName', 'mobilePhone', 'overrides', 'searchKeys', 'source', 'title', 'updatedAt', 'workPhone'].sort(),
    );
    expect(p4.searchKeys).toEqual(searchKeysOf({ email: `person4@${tenantId}.example`, firstName: 'Given4', lastName: 'Family4' }));
    expect(JSON.stringify(p4)).not.toContain('private');
  });

  it('writes nothing when the directory did not change, and only the changed users otherwise', async () => {
    await runSync(env.deps, tenantId);
    const before = await usersOf(env.deps, tenantId);
    const again = await runSync(env.deps, tenantId);
    expect(again.counts).toMatchObject({ created: 0, updated: 0, unchanged: 25, removed: 0 });
    const after = await usersOf(env.deps, tenantId);
    expect([...after].map(([e, u]) => [e, u.updateTime])).toEqual([...before].map(([e, u]) => [e, u.updateTime]));

    fake.state.users[7]!.organizations = [{ title: 'Chief Example Officer', primary: true }];
    fake.state.users[12]!.phones = [];
    const third = await runSync(env.deps, tenantId);
    expect(third.counts).toMatchObject({ created: 0, updated: 2, unchanged: 23 });
    const latest = await usersOf(env.deps, tenantId);
    const changed = [...latest].filter(([e, u]) => u.updateTime !== after.get(e)!.updateTime).map(([e]) => e);
    expect(changed.sort()).toEqual([`person12@${tenantId}.example`, `person7@${tenantId}.example`]);
    expect(latest.get(`person7@${tenantId}.example`)!.data.title).toBe('Chief Example Officer');
    expect(latest.get(`person12@${tenantId}.example`)!.data.workPhone).toBe('');
  });

  it('backs off on 403 rateLimitExceeded, 429 and 5xx without losing a page', async () => {
    fake.state.failUsersPage = (page, attempt) => {
      if (page === 0 && attempt === 1) return { status: 403, reason: 'rateLimitExceeded' };
      if (page === 1 && attempt <= 2) return { status: 429 };
      if (page === 2 && attempt === 1) return { status: 503 };
      return null;
    };
    const job = await runSync(env.deps, tenantId);
    expect(job.status).toBe('done');
    expect(job.counts.created).toBe(25);
    expect(fake.usersRequests()).toHaveLength(3 + 4);
    expect((await usersOf(env.deps, tenantId)).size).toBe(25);
  });

  it('deletes nobody when the source fails on page 3 of 5', async () => {
    fake.state.users = fakeGoogleUsers(50, `${tenantId}.example`);
    await runSync(env.deps, tenantId);
    // Ten people leave, and the listing then breaks on its third page every time.
    fake.state.users = fake.state.users.slice(0, 40).concat(fakeGoogleUsers(5, `${tenantId}.example`, 100));
    fake.state.attempts.clear();
    fake.state.failUsersPage = (page) => (page === 2 ? { status: 500 } : null);
    const job = await runSync(env.deps, tenantId);
    expect(job.status).toBe('failed');
    expect(job.counts.removed ?? 0).toBe(0);
    expect(await purgeJobs(env.deps, tenantId)).toEqual([]);
    const users = await usersOf(env.deps, tenantId);
    expect(users.size).toBe(50);
  });

  it('holds a mass removal until an admin confirms, then hands exactly those users to the purge', async () => {
    fake.state.users = fakeGoogleUsers(40, `${tenantId}.example`);
    await runSync(env.deps, tenantId);
    const leaving = fake.state.users.slice(10, 30).map((u) => u.primaryEmail);
    fake.state.users = fake.state.users.filter((u) => !leaving.includes(u.primaryEmail));

    const held = await runSync(env.deps, tenantId);
    expect(held.status).toBe('held');
    expect(held.error?.code).toBe('mass_removal');
    expect(held.error?.message).toContain('20 users');
    expect(held.counts.pendingRemovals).toBe(20);
    expect(await purgeJobs(env.deps, tenantId)).toEqual([]);
    expect((await usersOf(env.deps, tenantId)).size).toBe(40);

    const { token } = await env.account({ domain: `${tenantId}.example`, tenantId, role: 'admin' });
    const before = await usersOf(env.deps, tenantId);
    const enqueued = recordEnqueued(env.deps);
    const confirm = await env.http.post(`/api/directory/syncs/${held.id}/confirm`).set('Authorization', `Bearer ${token}`);
    expect(confirm.status).toBe(202);
    await env.deps.tasks.drain();
    const confirmed = await env.http.get(`/api/jobs/${confirm.body.jobId}`).set('Authorization', `Bearer ${token}`);
    expect(confirmed.body).toMatchObject({ status: 'done', counts: { removed: 20 } });

    const leavingIds = leaving.map((e) => before.get(e)!.id).sort();
    const purges = await purgeJobs(env.deps, tenantId);
    expect(purges).toHaveLength(1);
    expect(purges[0]).toMatchObject({ kind: 'privacy.purge', createdBy: 'system:sync', status: 'done' });
    // The purge ran: the leavers' directory records are gone, everyone else stays.
    const users = await usersOf(env.deps, tenantId);
    expect(users.size).toBe(20);
    for (const e of leaving) expect(users.has(e)).toBe(false);
    const purgeTask = enqueued.find((t) => t.name === 'privacy.purge')!;
    expect(purgeTask.payload).toEqual({ tenantId, jobId: purges[0]!.id, subject: { kind: 'users', userIds: leavingIds }, reason: 'directory_sync' });

    const again = await env.http.post(`/api/directory/syncs/${held.id}/confirm`).set('Authorization', `Bearer ${token}`);
    expect(again.status).toBe(409);
    const audit = await env.deps.db.collection(`tenants/${tenantId}/audit`).where('action', '==', 'directory.sync_confirm').get();
    expect(audit.docs.map((d) => d.get('target'))).toEqual([{ type: 'job', id: held.id }]);
  });

  it('hands a few leavers to the purge without asking', async () => {
    await runSync(env.deps, tenantId);
    const gone = fake.state.users.splice(3, 2);
    const before = await usersOf(env.deps, tenantId);
    const enqueued = recordEnqueued(env.deps);
    const job = await runSync(env.deps, tenantId);
    expect(job).toMatchObject({ status: 'done', counts: { removed: 2, unchanged: 23 } });
    const ids = gone.map((u) => before.get(u.primaryEmail)!.id).sort();
    const users = await usersOf(env.deps, tenantId);
    expect(users.size).toBe(23);
    for (const u of gone) expect(users.has(u.primaryEmail)).toBe(false);
    const task = enqueued.find((t) => t.name === 'privacy.purge')!;
    expect(task.payload.subject).toEqual({ kind: 'users', userIds: ids });
    expect(task.payload.reason).toBe('directory_sync');
  });

  it('resumes from the last page after a crash mid-sync, and still finds who left', async () => {
    await runSync(env.deps, tenantId);
    const gone = fake.state.users.splice(24, 1)[0]!;
    const goneId = (await usersOf(env.deps, tenantId)).get(gone.primaryEmail)!.id;
    fake.state.users.push(...fakeGoogleUsers(3, `${tenantId}.example`, 500));
    fake.requests.length = 0;
    fake.state.attempts.clear();
    // The first delivery dies on the second page (every backoff attempt fails); the retry succeeds.
    fake.state.failUsersPage = (page, attempt) => (page === 1 && attempt <= 6 ? { status: 503 } : null);
    const enqueued = recordEnqueued(env.deps);
    const job = await runSync(env.deps, tenantId);
    expect(job.status).toBe('done');
    const snap = await env.deps.db.doc(`tenants/${tenantId}/jobs/${job.id}`).get();
    expect(snap.get('attempts')).toBe(2);
    const tokens = fake.usersRequests().map((r) => r.query.pageToken ?? null);
    // Delivery 1: page 1, then page 2 six times. Delivery 2 resumes at page 2, then re-lists (reads only) to see who is still there.
    expect(tokens.slice(0, 7)).toEqual([null, 'o10', 'o10', 'o10', 'o10', 'o10', 'o10']);
    expect(tokens[7]).toBe('o10');
    expect(job.counts).toMatchObject({ created: 3, removed: 1, listed: 27 });
    const users = await usersOf(env.deps, tenantId);
    expect(users.size).toBe(27);
    expect(users.has(gone.primaryEmail)).toBe(false);
    const purge = enqueued.find((t) => t.name === 'privacy.purge')!;
    expect(purge.payload.subject.userIds).toEqual([goneId]);
  });

  it('fetches the next page while one is committed, and a failed commit is never checkpointed as written', async () => {
    // The database refuses the second page's commit once (as an unreachable backend would).
    const db = env.deps.db;
    const realBatch = db.batch.bind(db);
    let commits = 0;
    db.batch = () => {
      const batch = realBatch();
      const commit = batch.commit.bind(batch);
      batch.commit = () => (++commits === 2 ? Promise.reject(Object.assign(new Error('14 UNAVAILABLE: the backend is unreachable'), { code: 14 })) : commit());
      return batch;
    };
    try {
      const job = await runSync(env.deps, tenantId);
      expect(job.status).toBe('done');
      const snap = await env.deps.db.doc(`tenants/${tenantId}/jobs/${job.id}`).get();
      expect(snap.get('attempts')).toBe(2);
      const tokens = fake.usersRequests().map((r) => r.query.pageToken ?? null);
      // Delivery 1 fetched page 3 while page 2 was being committed, then failed on that commit;
      // delivery 2 resumed at page 2 (page 1's checkpoint), not page 3.
      expect(tokens).toEqual([null, 'o10', 'o20', 'o10', 'o20', null, 'o10', 'o20']);
      // Page 3, read but never committed by delivery 1, is counted once.
      expect(job.counts).toMatchObject({ listed: 25, created: 25, updated: 0, removed: 0 });
      expect((await usersOf(env.deps, tenantId)).size).toBe(25);
    } finally {
      db.batch = realBatch;
    }
  });

  it('commits a full page in commits of 100, two at a time, and a refused one fails the delivery without losing anyone', async () => {
    fake.state.users = fakeGoogleUsers(250, `${tenantId}.example`);
    const db = env.deps.db;
    const realBatch = db.batch.bind(db);
    const sizes: number[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    db.batch = () => {
      const batch = realBatch();
      const commit = batch.commit.bind(batch);
      const writable = batch as unknown as { set: (...args: unknown[]) => unknown };
      const set = writable.set.bind(batch);
      let writes = 0;
      writable.set = (...args) => (writes++, set(...args));
      batch.commit = async () => {
        sizes.push(writes);
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        try {
          if (sizes.length === 2) throw Object.assign(new Error('14 UNAVAILABLE: the backend is unreachable'), { code: 14 });
          return await commit();
        } finally {
          inFlight--;
        }
      };
      return batch;
    };
    try {
      // This suite's pages hold 10; here one page holds all 250, as Google's hold up to 500.
      fake.state.usersPageCap = 500;
      const job = await runSync(env.deps, tenantId);
      expect(job.status).toBe('done');
      expect((await env.deps.db.doc(`tenants/${tenantId}/jobs/${job.id}`).get()).get('attempts')).toBe(2);
      expect(sizes.slice(0, 2)).toEqual([100, 100]);
      expect(maxInFlight).toBe(2);
      expect(job.counts.listed).toBe(250);
      expect(job.counts.created! + job.counts.unchanged!).toBe(250);
      expect((await usersOf(env.deps, tenantId)).size).toBe(250);
    } finally {
      db.batch = realBatch;
      fake.state.usersPageCap = 10;
    }
  });

  it('keeps self-service overrides over later syncs until the user clears them', async () => {
    await runSync(env.deps, tenantId);
    const email = `person6@${tenantId}.example`;
    const account = await env.deps.auth.createUser({ email, password: DEMO_PASSWORD, emailVerified: true });
    await env.deps.auth.setCustomUserClaims(account.uid, { tid: tenantId, role: 'user' });
    await env.deps.db.doc(`tenants/${tenantId}/members/${account.uid}`).set({ role: 'user', grantedBy: 'test', grantedAt: new Date() });
    const token = await signIn(authEmulatorHost(), email, DEMO_PASSWORD);

    const edit = await env.http.patch('/api/me/profile').set('Authorization', `Bearer ${token}`).send({ title: 'Signature Enthusiast', mobilePhone: '' });
    expect(edit.status).toBe(200);
    expect(edit.body).toMatchObject({ email, title: 'Signature Enthusiast', mobilePhone: '', overridden: ['mobilePhone', 'title'] });

    fake.state.users[6]!.organizations = [{ title: 'Changed At Source', primary: true }];
    fake.state.users[6]!.name.familyName = 'Renamed';
    const job = await runSync(env.deps, tenantId);
    expect(job.counts.updated).toBe(1);
    const mine = await env.http.get('/api/me/profile').set('Authorization', `Bearer ${token}`);
    expect(mine.body).toMatchObject({ title: 'Signature Enthusiast', lastName: 'Renamed', mobilePhone: '' });

    const cleared = await env.http.patch('/api/me/profile').set('Authorization', `Bearer ${token}`).send({ title: null });
    expect(cleared.body).toMatchObject({ title: 'Changed At Source', overridden: ['mobilePhone'] });
  });

  it('keeps tenants apart: a sync touches only its own tenant', async () => {
    const other = `${tenantId}other`;
    await createSyncTenant(env.deps, other, { google: { customerId: 'C01other', adminEmail: 'admin@other.example' } });
    await runSync(env.deps, other);
    const otherBefore = await usersOf(env.deps, other);
    const acmeBefore = await usersOf(env.deps, 'acme');

    fake.state.users = fake.state.users.slice(0, 24);
    const job = await runSync(env.deps, tenantId);
    expect(job.status).toBe('done');
    expect((await usersOf(env.deps, tenantId)).size).toBe(24);
    const otherAfter = await usersOf(env.deps, other);
    expect([...otherAfter].map(([e, u]) => [e, u.updateTime])).toEqual([...otherBefore].map(([e, u]) => [e, u.updateTime]));
    expect((await usersOf(env.deps, 'acme')).size).toBe(acmeBefore.size);
    expect(await purgeJobs(env.deps, other)).toEqual([]);
    expect(fake.state.tokenEndpoint.assertions.some((a) => a.sub === 'admin@other.example')).toBe(true);
  });
});

describe('sync routes and schedule', () => {
  it('starts a sync from the API, refuses a second one while it runs, and lists the history', async () => {
    const { token } = await env.account({ domain: `${tenantId}.example`, tenantId, role: 'admin' });
    const start = await env.http.post('/api/directory/sync').set('Authorization', `Bearer ${token}`);
    expect(start.status).toBe(202);
    const busy = await env.http.post('/api/directory/sync').set('Authorization', `Bearer ${token}`);
    expect(busy.status).toBe(409);
    await env.deps.tasks.drain();
    const job = await env.http.get(`/api/jobs/${start.body.jobId}`).set('Authorization', `Bearer ${token}`);
    expect(job.body).toMatchObject({ status: 'done', progress: { done: 25, total: 25 }, counts: { created: 25 }, error: null });
    const history = await env.http.get('/api/directory/syncs').set('Authorization', `Bearer ${token}`);
    expect(history.body.syncs.map((s: { id: string }) => s.id)).toEqual([start.body.jobId]);
    const csvTenant = await env.http.post('/api/directory/sync').set('Authorization', `Bearer ${await env.token(DEMO.initechAdmin)}`);
    expect(csvTenant.status).toBe(412);
    expect(admin).toBeTruthy();
  });

  it('the daily schedule enqueues one sync per syncing tenant, once a day', async () => {
    await enqueueDirectorySyncs(env.deps);
    await enqueueDirectorySyncs(env.deps);
    await env.deps.tasks.drain();
    const day = env.deps.now().toISOString().slice(0, 10);
    const mine = await env.deps.db.doc(`tenants/${tenantId}/jobs/sync-${day}`).get();
    expect(mine.get('kind')).toBe('directory.sync');
    expect(mine.get('createdBy')).toBe('system:schedule');
    expect((await env.deps.db.doc(`tenants/initech/jobs/sync-${day}`).get()).exists).toBe(false);
    const history = await env.deps.db.collection(`tenants/${tenantId}/jobs`).where('kind', '==', 'directory.sync').get();
    expect(history.size).toBe(1);
  });

  it('reads the tenant document once in the daily fan-out and once in each sync', async () => {
    const tenantReads = (paths: string[]) => paths.filter((p) => p === `tenants/${tenantId}`).length;
    // Tasks start as soon as they are enqueued, so the fan-out and the sync it starts are counted together:
    // the fan-out lists the active tenants (ids only), reads each one to skip CSV tenants and starts
    // the sync from what it read; the sync reads it once for its source, its domains and the Gmail
    // push of the users it changed (25 created here).
    const daily = await countFirestoreRequests(async () => {
      await enqueueDirectorySyncs(env.deps);
      await env.deps.tasks.drain();
    });
    const day = env.deps.now().toISOString().slice(0, 10);
    expect((await env.deps.db.doc(`tenants/${tenantId}/jobs/sync-${day}`).get()).get('status')).toBe('done');
    fake.state.users[7]!.organizations = [{ title: 'Chief Example Officer', primary: true }];
    const again = await countFirestoreRequests(() => runSync(env.deps, tenantId));
    expect(again.result.counts).toMatchObject({ updated: 1 });
    expect({ daily: tenantReads(daily.readPaths), sync: tenantReads(again.readPaths) }).toEqual({ daily: 3, sync: 1 });
  });
});

