import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FieldValue, Timestamp } from 'firebase-admin/firestore';
import { runTask } from '../../functions/src/tasks/run-task.js';
import type { JobControl } from '../../functions/src/jobs/job-control.js';
import { runPurge } from '../../functions/src/privacy/purge-job.js';
import { recipientHash } from '../../functions/src/privacy/recipient-hash.js';
import { registerFixtureEntries, removeFixtureDocs, unregisterFixtureEntries } from '../support/catalog-fixtures.js';
import { subjectDocs, tenantPaths } from '../support/privacy-fixtures.js';
import { fixtureEnvHooks } from '../support/fixture-env.js';
import { createTestEnv, DEMO, type TestEnv } from '../support/test-env.js';
import { fieldText } from '../support/field-text.js';

let env: TestEnv;
let admin: string;
const T = 'acme';
const SHARED_SHARD = `tenants/${T}/campaigns/spring-launch/counters/2026-11-23_7`;
const future = () => Timestamp.fromDate(new Date(Date.now() + 86_400_000));

fixtureEnvHooks((e, a) => {
  env = e;
  admin = a;
});

/** An employee with a directory record, an Auth account in Acme, and data in every kind of collection. */
async function employeeWithData(tag: string) {
  const account = await env.account({ domain: 'acme.example', tenantId: T, role: 'user' });
  const userId = `u-${tag}-${Math.random().toString(36).slice(2, 8)}`;
  const db = env.deps.db;
  const now = new Date();
  await db.doc(`tenants/${T}/users/${userId}`).set({
    email: account.email, firstName: 'Test', lastName: tag, title: '', workPhone: '', mobilePhone: '', addresses: [], groups: ['Sales'],
    source: 'csv', contentHash: 'a'.repeat(64), overrides: {}, createdAt: now, updatedAt: now,
  });
  for (let i = 0; i < 3; i++) {
    await db.collection(`tenants/${T}/audit`).add({ actor: { uid: account.uid, role: 'user' }, action: 'test.act', target: { type: 'user', id: userId }, meta: {}, at: now, expireAt: future() });
  }
  await db.collection(`tenants/${T}/fxClicks`).add({ userId, campaignId: 'spring-launch', recipientHash: recipientHash(env.deps.config, `friend-${tag}@outside.example`), expireAt: future() });
  await db.collection(`tenants/${T}/campaigns/spring-launch/fxCounters`).add({ userId, views: 3 });
  // Their views in a campaign counter shard shared with colleagues (one entry each).
  await db.doc(SHARED_SHARD).set({ campaignId: 'spring-launch', day: '2026-11-23', shard: 7, views: FieldValue.increment(3), employees: { [userId]: { views: 3 } }, employeeIds: FieldValue.arrayUnion(userId) }, { merge: true });
  await db.collection(`tenants/${T}/fxReceipts`).add({ uid: account.uid, seen: true, expireAt: future() });
  await db.collection(`tenants/${T}/accessReviews`).add({ review: '2026-10', uid: account.uid, role: 'user', lastActedAt: null, lastSignInAt: null, flagged: false, at: now, expireAt: future() });
  return { ...account, userId };
}

async function finish(jobId: string) {
  await env.deps.tasks.drain();
  const job = await env.http.get(`/api/jobs/${jobId}`).set('Authorization', `Bearer ${admin}`);
  expect(job.body.status).toBe('done');
  return job.body;
}

describe('user purge', () => {
  it('erases every document of the users (by email), their Auth account, pseudonymises their audit trail, and touches nobody else', async () => {
    const victim = await employeeWithData('victim');
    const bystander = await employeeWithData('bystander');
    const shardBefore = (await env.deps.db.doc(SHARED_SHARD).get()).data()!;
    const before = await tenantPaths(env.deps.db, T);
    const auditBefore = (await env.deps.db.collection(`tenants/${T}/audit`).get()).size;

    const res = await env.http.post('/api/privacy/purge').set('Authorization', `Bearer ${admin}`).send({ emails: [victim.email.toUpperCase(), 'nobody@acme.example'] });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ jobId: expect.any(String), users: 1, notFound: 1 });
    const job = await finish(res.body.jobId);
    expect(job.progress).toEqual({ done: 1, total: 1 });

    expect(await subjectDocs(env.deps.db, T, 'userId', victim.userId)).toEqual([]);
    expect(await subjectDocs(env.deps.db, T, 'authUid', victim.uid)).toEqual([]);
    await expect(env.deps.auth.getUser(victim.uid)).rejects.toMatchObject({ code: 'auth/user-not-found' });

    // Audit entries stay (accountability) with a pseudonym in place of the ids.
    const audit = await env.deps.db.collection(`tenants/${T}/audit`).where('action', '==', 'test.act').get();
    const pseudonymised = audit.docs.filter((d) => String(d.get('actor.uid')).startsWith('pseudo_'));
    expect(pseudonymised).toHaveLength(3);
    expect(new Set(pseudonymised.map((d) => d.get('actor.uid'))).size).toBe(1);
    expect(pseudonymised.every((d) => String(d.get('target.id')).startsWith('pseudo_'))).toBe(true);
    expect((await env.deps.db.collection(`tenants/${T}/audit`).get()).size).toBeGreaterThanOrEqual(auditBefore);

    // The bystander keeps everything, and nothing else in the tenant went missing.
    expect((await subjectDocs(env.deps.db, T, 'userId', bystander.userId)).length).toBe(7);
    // The shared counter shard lost the victim's entry only; the campaign's totals stay.
    const shard = (await env.deps.db.doc(SHARED_SHARD).get()).data()!;
    expect(shard.views).toBe(shardBefore.views);
    expect(Object.keys(shard.employees)).toEqual(Object.keys(shardBefore.employees).filter((id) => id !== victim.userId));
    expect(shard.employees[bystander.userId]).toEqual({ views: 3 });
    expect(shard.employeeIds).not.toContain(victim.userId);
    expect(shard.employeeIds).toContain(bystander.userId);
    expect((await subjectDocs(env.deps.db, T, 'authUid', bystander.uid)).length).toBe(6); // 3 audit entries, receipt, access review, members entry
    const after = await tenantPaths(env.deps.db, T);
    const gone = [...before.keys()].filter((p) => !after.has(p));
    expect(gone.every((p) => ['users', 'fxClicks', 'fxCounters', 'fxReceipts', 'accessReviews', 'members'].includes(before.get(p)!))).toBe(true);
    expect(gone).toHaveLength(6);
    await expect(env.deps.auth.getUser(bystander.uid)).resolves.toBeTruthy();

    // The certificate: counts and categories, no personal data.
    const certs = await env.http.get('/api/privacy/deletions').set('Authorization', `Bearer ${admin}`);
    const cert = certs.body.deletions.find((d: { id: string }) => d.id === `${T}-${res.body.jobId}`);
    const one = await env.http.get(`/api/privacy/deletions/${cert.id}`).set('Authorization', `Bearer ${admin}`);
    expect(one.body).toMatchObject({
      status: 'done',
      verified: true,
      reason: 'admin_request',
      subject: { kind: 'users', count: 1 },
      authAccountsDeleted: 1,
      collections: { users: { deleted: 1, pseudonymised: 0 }, audit: { deleted: 0, pseudonymised: 3 }, fxClicks: { deleted: 1, pseudonymised: 0 }, fxCounters: { deleted: 1, pseudonymised: 0 }, fxReceipts: { deleted: 1, pseudonymised: 0 } },
    });
    expect(one.body.categories).toEqual(expect.arrayContaining(['contact', 'identity', 'usage']));
    const text = JSON.stringify(one.body);
    for (const secret of [victim.email, victim.uid, victim.userId, 'victim']) expect(text).not.toContain(secret);

    // Hits still queued for the erased employee are screened by the hit queue's drain for a lease after the purge (tracking/hit-screen.ts).
    const screenUntil = (await env.deps.db.doc(`tenants/${T}`).get()).get('hitsScreenUntil').toDate() as Date;
    expect(screenUntil.getTime()).toBeGreaterThan(env.deps.now().getTime());

    // The purge itself is in the audit log, with the job id only.
    const actions = (await env.deps.db.collection(`tenants/${T}/audit`).get()).docs.map((d) => d.get('action'));
    expect(actions).toEqual(expect.arrayContaining(['privacy.purge_users', 'privacy.purge_completed']));
  });

  it('runs again harmlessly (double delivery) and certificates belong to their tenant only', async () => {
    const victim = await employeeWithData('twice');
    const res = await env.http.post('/api/privacy/purge').set('Authorization', `Bearer ${admin}`).send({ userIds: [victim.userId] });
    await finish(res.body.jobId);
    const payload = { tenantId: T, jobId: res.body.jobId, subject: { kind: 'users', userIds: [victim.userId] }, reason: 'admin_request' };
    const certBefore = (await env.deps.db.doc(`deletions/${T}-${res.body.jobId}`).get()).data();
    await runTask(env.deps, 'privacy.purge', payload, 1);
    const control: JobControl = { jobId: res.body.jobId, attempt: 2, cursor: null, progress: async () => {}, checkpoint: async () => {} };
    await runPurge(env.deps, payload as never, control);
    expect((await env.deps.db.doc(`deletions/${T}-${res.body.jobId}`).get()).data()).toEqual(certBefore);

    const other = await env.http.get(`/api/privacy/deletions/${T}-${res.body.jobId}`).set('Authorization', `Bearer ${await env.token(DEMO.initechAdmin)}`);
    expect(other.status).toBe(404);
  });

  it('rejects bad input naming the field', async () => {
    const both = await env.http.post('/api/privacy/purge').set('Authorization', `Bearer ${admin}`).send({ userIds: ['a'], emails: ['a@acme.example'] });
    expect(both.status).toBe(400);
    expect(fieldText(both)).toContain('body.userIds');
    const bad = await env.http.post('/api/privacy/purge').set('Authorization', `Bearer ${admin}`).send({ emails: ['not-an-email'] });
    expect(bad.status).toBe(400);
    expect(fieldText(bad)).toContain('body.emails.0');
    expect(bad.body.error.message).not.toContain('not-an-email');
  });
});

describe('recipient and campaign purges', () => {
  it('erases every click of one recipient, and only theirs', async () => {
    const db = env.deps.db;
    const hash = recipientHash(env.deps.config, 'Pat.Recipient@Outside.example ');
    for (let i = 0; i < 4; i++) await db.collection(`tenants/${T}/fxClicks`).add({ userId: 'u649905b987a36b6', campaignId: 'spring-launch', recipientHash: hash, expireAt: future() });
    const otherHash = recipientHash(env.deps.config, 'someone.else@outside.example');
    await db.collection(`tenants/${T}/fxClicks`).add({ userId: 'u649905b987a36b6', campaignId: 'spring-launch', recipientHash: otherHash, expireAt: future() });
    await db.collection(`tenants/initech/fxClicks`).add({ recipientHash: hash, expireAt: future() });

    const res = await env.http.post('/api/privacy/purge/recipient').set('Authorization', `Bearer ${admin}`).send({ email: 'pat.recipient@outside.example' });
    expect(res.status).toBe(202);
    await finish(res.body.jobId);
    expect(await subjectDocs(db, T, 'recipientHash', hash)).toEqual([]);
    expect(await subjectDocs(db, T, 'recipientHash', otherHash)).toHaveLength(1);
    expect(await subjectDocs(db, 'initech', 'recipientHash', hash)).toHaveLength(1);
    const cert = (await db.doc(`deletions/${T}-${res.body.jobId}`).get()).data()!;
    expect(cert.collections).toEqual({ fxClicks: { deleted: 4, pseudonymised: 0 } });
    expect(JSON.stringify(cert)).not.toContain(hash);
  });

  it('erases a campaign with its counters and clicks, leaving other campaigns', async () => {
    const db = env.deps.db;
    const now = new Date();
    const campaign = { kind: 'banner', name: 'Doomed', status: 'active', startAt: now, endAt: null, targetGroups: [], priority: 50, banner: { imageUrl: 'https://img.acme.example/b.png', destinationUrl: 'https://www.acme.example/', alt: '' }, createdAt: now, updatedAt: now };
    await db.doc(`tenants/${T}/campaigns/doomed`).set(campaign);
    for (let i = 0; i < 3; i++) await db.collection(`tenants/${T}/campaigns/doomed/fxCounters`).add({ userId: 'u649905b987a36b6', views: i });
    await db.collection(`tenants/${T}/fxClicks`).add({ userId: 'u649905b987a36b6', campaignId: 'doomed', expireAt: future() });
    const springBefore = await subjectDocs(db, T, 'campaignId', 'spring-launch');

    const res = await env.http.post('/api/privacy/purge/campaign').set('Authorization', `Bearer ${admin}`).send({ campaignId: 'doomed' });
    expect(res.status).toBe(202);
    await finish(res.body.jobId);
    expect(await subjectDocs(db, T, 'campaignId', 'doomed')).toEqual([]);
    expect(await subjectDocs(db, T, 'campaignId', 'spring-launch')).toEqual(springBefore);
    const cert = (await db.doc(`deletions/${T}-${res.body.jobId}`).get()).data()!;
    expect(cert.collections).toEqual({ campaigns: { deleted: 1, pseudonymised: 0 }, fxCounters: { deleted: 3, pseudonymised: 0 }, fxClicks: { deleted: 1, pseudonymised: 0 } });
  });
});

describe('crash and resume', () => {
  it('resumes from where a killed delivery stopped and counts every document exactly once', async () => {
    const db = env.deps.db;
    const campaignId = 'big-one';
    const writer = db.bulkWriter({ throttling: false });
    for (let i = 0; i < 1600; i++) void writer.set(db.doc(`tenants/${T}/campaigns/${campaignId}/fxCounters/c${i}`), { views: i });
    await writer.close();
    const payload = { tenantId: T, jobId: 'resume-test', subject: { kind: 'campaign' as const, campaignId }, reason: 'admin_request' as const };
    let cursor: string | null = null;
    const progress: number[] = [];
    const control = (attempt: number): JobControl => ({
      jobId: 'resume-test',
      attempt,
      get cursor() {
        return cursor;
      },
      progress: async (done) => void progress.push(done),
      checkpoint: async (next) => void (cursor = next),
    });
    let attempts = 0;
    for (;;) {
      attempts++;
      try {
        // A zero budget stops each delivery after its first page, as a timeout would.
        await runPurge(env.deps, payload, control(attempts), { budgetMs: 0, pageSize: 500 });
        break;
      } catch (err) {
        expect((err as Error).message, (err as Error).message).toContain('resumes on retry');
      }
      expect(attempts).toBeLessThan(20);
    }
    expect(attempts).toBeGreaterThan(2);
    expect(await subjectDocs(db, T, 'campaignId', campaignId)).toEqual([]);
    const cert = (await db.doc(`deletions/${T}-resume-test`).get()).data()!;
    expect(cert.collections).toEqual({ fxCounters: { deleted: 1600, pseudonymised: 0 } });
    expect(cert.verified).toBe(true);
    expect(progress[progress.length - 1]).toBe(1600);
  });
});
