import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { doc } from '../../functions/src/core/catalog.js';
import { enqueueDirectorySyncs } from '../../functions/src/directory/enqueue-syncs.js';
import { getJob } from '../../functions/src/jobs/job-store.js';
import { enqueueDailyDeploys, enqueueDailyDriftChecks } from '../../functions/src/signatures/enqueue-daily-deploys.js';
import { FakeGmail } from '../fakes/fake-gmail.js';
import { fakeGoogleUsers, startFakeGoogle } from '../fakes/google-directory-fake.js';
import { countFirestoreRequests } from '../support/count-firestore-requests.js';
import { createSyncTenant, usersOf } from '../support/directory-helpers.js';
import { createTestEnv, type TestEnv } from '../support/test-env.js';

/**
 * The daily Gmail deployment looks at everyone only when a tenant-wide input changed since its last
 * complete pass; otherwise at the users written since and the failed pushes. Each change below must
 * still reach Gmail on the day it applies, and a quiet day must push nothing and read no user.
 */
const TENANT = 'dailyco';
const DOMAIN = `${TENANT}.example`;
const PEOPLE = 30;
const DAY = 86_400_000;

let fake: Awaited<ReturnType<typeof startFakeGoogle>>;
let gmail: FakeGmail;
let env: TestEnv;
let admin: string;
let offset = 0;

beforeAll(async () => {
  fake = await startFakeGoogle({ users: fakeGoogleUsers(PEOPLE, DOMAIN), pageSize: 100 });
  gmail = await new FakeGmail({ tokenEndpoint: fake.state.tokenEndpoint }).start();
  env = await createTestEnv({ seed: null, env: { ...fake.env(), GMAIL_API_ROOT_URL: gmail.env().GMAIL_API_ROOT_URL! }, now: () => new Date(Date.UTC(2026, 11, 2, 4, 30) + offset) });
  await createSyncTenant(env.deps, TENANT, { google: { customerId: 'my_customer', adminEmail: `it-admin@${DOMAIN}` } });
  await doc(env.deps.db, 'tenants', { tenantId: TENANT }).update({ 'settings.gmailSignatures': true });
  admin = (await env.account({ domain: DOMAIN, tenantId: TENANT, role: 'admin' })).token;
  await day();
  const template = await env.http.post('/api/templates').set(auth()).send({ name: 'Standard', html: '<p>{{firstName}} {{lastName}}{{#title}}, {{title}}{{/title}}</p>{{banner}}' });
  expect(template.status).toBe(201);
  const assigned = await env.http.put('/api/template-assignments').set(auth()).send({ templateId: template.body.id, target: { kind: 'everyone' } });
  expect(assigned.status).toBe(200);
  templateId = template.body.id;
  await env.deps.tasks.drain();
});
afterAll(async () => {
  await gmail.stop();
  await fake.close();
});

let templateId = '';
const auth = () => ({ Authorization: `Bearer ${admin}` });
const email = (i: number) => `person${i}@${DOMAIN}`;

/** A new day: the directory sync (with the redeploy it starts for the users it changed), then the daily deployment, counted. */
async function day() {
  // The sync an hour before the deployment, as scheduled (03:30 and 04:30 UTC).
  offset += DAY - 3600_000;
  await enqueueDirectorySyncs(env.deps);
  await env.deps.tasks.drain();
  offset += 3600_000;
  const before = gmail.calls.length;
  const { documentReads, readPaths } = await countFirestoreRequests(async () => {
    await enqueueDailyDeploys(env.deps);
    await env.deps.tasks.drain();
  });
  const job = await getJob(env.deps, TENANT, `signatures-${env.deps.now().toISOString().slice(0, 10)}`);
  expect(job.status).toBe('done');
  return { job, pushedTo: gmail.calls.slice(before).map((c) => c.sendAsEmail).sort(), documentReads, readPaths };
}

const readsOf = (paths: string[], collection: string) => paths.filter((p) => p.startsWith(`tenants/${TENANT}/${collection}/`)).length;

describe('the daily Gmail deployment', () => {
  it('pushes nothing after the deployment the assignment started, and a quiet day reads no user', async () => {
    // The first daily run after the template was assigned (its own deployment pushed everyone already).
    const first = await day();
    expect(first.pushedTo).toEqual([]);
    const quiet = await day();
    expect(quiet.pushedTo).toEqual([]);
    expect(quiet.job.progress).toMatchObject({ total: 0, done: 0 });
    expect(readsOf(quiet.readPaths, 'users')).toBe(0);
    expect(readsOf(quiet.readPaths, 'signatureDeployments')).toBe(0);
    // The tenant, its template, assignment, the job's own documents: a handful, far fewer than the people.
    expect(quiet.documentReads).toBeLessThan(PEOPLE / 2);
    expect(gmail.signatures.get(email(3))).toContain('Given3 Family3, Title 3');
  });

  it("a title changed at Google reaches that person's Gmail the same day, and only theirs", async () => {
    fake.state.users.find((u) => u.primaryEmail === email(4))!.organizations = [{ title: 'Head of Canaries', primary: true }];
    const before = gmail.calls.length;
    const { pushedTo, readPaths } = await day();
    // Pushed by the redeploy the sync started; the daily run looked at that one person again and found it done.
    expect(gmail.calls.slice(before).map((c) => c.sendAsEmail)).toEqual([email(4)]);
    expect(pushedTo).toEqual([]);
    expect(gmail.signatures.get(email(4))).toContain('Head of Canaries');
    expect(readsOf(readPaths, 'users')).toBe(1);
  });

  it('a person written without a redeploy (a sync resumed after a crash) is caught by the next daily run', async () => {
    const jane = (await usersOf(env.deps, TENANT)).get(email(5))!;
    await env.deps.db.doc(`tenants/${TENANT}/users/${jane.id}`).update({ title: 'Chief Example', updatedAt: env.deps.now() });
    const { pushedTo } = await day();
    expect(pushedTo).toEqual([email(5)]);
    expect(gmail.signatures.get(email(5))).toContain('Chief Example');
  });

  it('a campaign starting tomorrow reaches every signature on the day it starts, not before', async () => {
    const startAt = new Date(env.deps.now().getTime() + DAY / 2).toISOString();
    const created = await env.http
      .post('/api/campaigns')
      .set(auth())
      .send({ kind: 'banner', name: 'Winter fair', startAt, priority: 50, banner: { imageUrl: `https://${DOMAIN}/fair.png`, destinationUrl: `https://${DOMAIN}/fair`, alt: 'Winter fair' } });
    expect(created.status).toBe(201);
    await env.deps.tasks.drain();
    expect(gmail.signatures.get(email(1))).not.toContain('Winter fair');
    const starts = await day();
    expect(starts.pushedTo).toHaveLength(PEOPLE);
    expect(gmail.signatures.get(email(1))).toContain('alt="Winter fair"');
    const after = await day();
    expect(after.pushedTo).toEqual([]);
    expect(readsOf(after.readPaths, 'users')).toBe(0);
  });

  it('a template changed without its own deployment (a lost task) still reaches everyone the next day', async () => {
    await env.deps.db.doc(`tenants/${TENANT}/templates/${templateId}`).update({ html: '<p>{{firstName}} {{lastName}} | {{title}}</p>{{banner}}' });
    const { pushedTo } = await day();
    expect(pushedTo).toHaveLength(PEOPLE);
    expect(gmail.signatures.get(email(2))).toContain('Given2 Family2 | Title 2');
  });

  it('a push Gmail refused is tried again the next day; a leaver is not pushed and stops being looked at', async () => {
    gmail.unknown.add(email(6));
    await env.http.patch(`/api/templates/${templateId}`).set(auth()).send({ html: '<p>{{firstName}} {{lastName}} — {{title}}</p>{{banner}}' });
    await env.deps.tasks.drain();
    expect(gmail.signatures.get(email(6))).not.toContain('—');
    gmail.unknown.clear();
    // A leaver at Google the same day.
    fake.state.users.splice(fake.state.users.findIndex((u) => u.primaryEmail === email(7)), 1);
    const { pushedTo } = await day();
    expect(pushedTo).toEqual([email(6)]);
    expect(gmail.signatures.get(email(6))).toContain('Given6 Family6 — Title 6');
    expect((await usersOf(env.deps, TENANT)).has(email(7))).toBe(false);
    const quiet = await day();
    expect(quiet.pushedTo).toEqual([]);
    expect(readsOf(quiet.readPaths, 'users') + readsOf(quiet.readPaths, 'signatureDeployments')).toBe(0);
  });

  it("the day's drift check reads each deployment record once and no user, and writes nothing when Gmail holds what was pushed", async () => {
    offset += 3600_000;
    const records = (await env.deps.db.collection(`tenants/${TENANT}/signatureDeployments`).get()).size;
    const before = gmail.calls.length;
    const { readPaths } = await countFirestoreRequests(async () => {
      await enqueueDailyDriftChecks(env.deps);
      await env.deps.tasks.drain();
    });
    const job = await getJob(env.deps, TENANT, `signatures-drift-${env.deps.now().toISOString().slice(0, 10)}`);
    expect(job).toMatchObject({ status: 'done', progress: { done: records, total: records }, counts: { checked: records, unchanged: records, reported: 0 } });
    expect(readsOf(readPaths, 'signatureDeployments')).toBe(records);
    expect(readsOf(readPaths, 'users')).toBe(0);
    expect(gmail.calls.length).toBe(before);
  });
});
