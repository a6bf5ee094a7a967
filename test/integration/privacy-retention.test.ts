import { Timestamp } from 'firebase-admin/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog, collectionId, pathRegex, type CollectionName } from '../../functions/src/core/catalog.js';
import { runAccessReview } from '../../functions/src/privacy/access-review.js';
import { sweepExpired, sweepGlobalExpired } from '../../functions/src/privacy/sweep-expired.js';
import { registerFixtureEntries, removeFixtureDocs, unregisterFixtureEntries } from '../support/catalog-fixtures.js';
import { fixtureEnvHooks } from '../support/fixture-env.js';
import { createTestEnv, DEMO, type TestEnv } from '../support/test-env.js';
import { fieldText } from '../support/field-text.js';

let env: TestEnv;
let admin: string;
const T = 'acme';
const days = (n: number) => new Date(Date.now() + n * 86_400_000);

fixtureEnvHooks((e, a) => {
  env = e;
  admin = a;
});

describe('retention sweep (backstop for Firestore TTL)', () => {
  it('deletes expired documents in top-level and nested collections of the tenant only', async () => {
    const db = env.deps.db;
    await db.doc(`tenants/${T}/campaigns/spring-launch/fxDaily/old`).set({ expireAt: days(-1) });
    await db.doc(`tenants/${T}/campaigns/spring-launch/fxDaily/fresh`).set({ expireAt: days(5) });
    await db.doc(`tenants/${T}/fxReceipts/old`).set({ uid: 'x', expireAt: days(-2) });
    await db.doc(`tenants/initech/campaigns/c1/fxDaily/old`).set({ expireAt: days(-1) });
    await db.doc('webhookNonces/old').set({ receivedAt: days(-3), expireAt: days(-2) });
    await db.doc('webhookNonces/fresh').set({ receivedAt: days(0), expireAt: days(1) });

    await sweepExpired(env.deps, { tenantId: T });
    expect((await db.doc(`tenants/${T}/campaigns/spring-launch/fxDaily/old`).get()).exists).toBe(false);
    expect((await db.doc(`tenants/${T}/fxReceipts/old`).get()).exists).toBe(false);
    expect((await db.doc(`tenants/${T}/campaigns/spring-launch/fxDaily/fresh`).get()).exists).toBe(true);
    expect((await db.doc(`tenants/initech/campaigns/c1/fxDaily/old`).get()).exists).toBe(true);

    expect(await sweepGlobalExpired(env.deps)).toBe(1);
    expect((await db.doc('webhookNonces/fresh').get()).exists).toBe(true);
  });
});

describe('PATCH /api/privacy/retention', () => {
  it('refuses to lengthen beyond the product maximum, naming the field', async () => {
    const res = await env.http.patch('/api/privacy/retention').set('Authorization', `Bearer ${admin}`).send({ auditRetentionDays: 800 });
    expect(res.status).toBe(400);
    expect(fieldText(res)).toContain('body.auditRetentionDays');
    const clicks = await env.http.patch('/api/privacy/retention').set('Authorization', `Bearer ${admin}`).send({ recipientClickRetentionDays: 366 });
    expect(clicks.status).toBe(400);
    expect(fieldText(clicks)).toContain('body.recipientClickRetentionDays');
  });

  it('shortens audit retention: new entries expire sooner and the sweep removes older ones', async () => {
    const db = env.deps.db;
    const old = await db.collection(`tenants/${T}/audit`).add({ actor: { uid: 'x', role: 'admin' }, action: 'test.old', target: null, meta: {}, at: days(-61), expireAt: days(300) });
    const recent = await db.collection(`tenants/${T}/audit`).add({ actor: { uid: 'x', role: 'admin' }, action: 'test.recent', target: null, meta: {}, at: days(-59), expireAt: days(300) });
    const res = await env.http.patch('/api/privacy/retention').set('Authorization', `Bearer ${admin}`).send({ auditRetentionDays: 60, recipientClickRetentionDays: 30 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ auditRetentionDays: 60, recipientClickRetentionDays: 30 });

    const entry = (await db.collection(`tenants/${T}/audit`).where('action', '==', 'privacy.retention_update').get()).docs[0]!.data();
    const lifetime = (entry.expireAt as Timestamp).toMillis() - (entry.at as Timestamp).toMillis();
    expect(lifetime).toBe(60 * 86_400_000);

    await sweepExpired(env.deps, { tenantId: T });
    expect((await old.get()).exists).toBe(false);
    expect((await recent.get()).exists).toBe(true);
  });

  it('lengthens audit retention up to the product maximum: the sweep keeps what the setting keeps', async () => {
    const db = env.deps.db;
    // Past the default (365 days), inside the 730 the tenant chose: kept. Past 730: swept.
    const kept = await db.collection(`tenants/${T}/audit`).add({ actor: { uid: 'x', role: 'admin' }, action: 'test.kept', target: null, meta: {}, at: days(-500), expireAt: days(230) });
    const gone = await db.collection(`tenants/${T}/audit`).add({ actor: { uid: 'x', role: 'admin' }, action: 'test.gone', target: null, meta: {}, at: days(-731), expireAt: days(1) });
    const res = await env.http.patch('/api/privacy/retention').set('Authorization', `Bearer ${admin}`).send({ auditRetentionDays: 730 });
    expect(res.status).toBe(200);
    const entry = (await db.collection(`tenants/${T}/audit`).where('action', '==', 'privacy.retention_update').orderBy('at', 'desc').limit(1).get()).docs[0]!.data();
    expect((entry.expireAt as Timestamp).toMillis() - (entry.at as Timestamp).toMillis()).toBe(730 * 86_400_000);

    await sweepExpired(env.deps, { tenantId: T });
    expect((await kept.get()).exists).toBe(true);
    expect((await gone.get()).exists).toBe(false);
  });
});

describe('GET /api/audit', () => {
  it('filters by action and pages newest first', async () => {
    for (let i = 0; i < 5; i++) {
      await env.deps.db.collection(`tenants/${T}/audit`).add({ actor: { uid: 'demo-acme-admin', role: 'admin' }, action: 'test.paged', target: { type: 't', id: `t${i}` }, meta: {}, at: days(-i / 100), expireAt: days(30) });
    }
    const seen: string[] = [];
    let pageToken: string | null = null;
    do {
      const res: any = await env.http.get('/api/audit').query({ action: 'test.paged', limit: 2, ...(pageToken ? { pageToken } : {}) }).set('Authorization', `Bearer ${admin}`);
      expect(res.status).toBe(200);
      seen.push(...res.body.entries.map((e: { target: { id: string } }) => e.target.id));
      pageToken = res.body.nextPageToken;
    } while (pageToken);
    expect(seen).toEqual(['t0', 't1', 't2', 't3', 't4']);
    const byTarget = await env.http.get('/api/audit').query({ targetId: 't3' }).set('Authorization', `Bearer ${admin}`);
    expect(byTarget.body.entries).toHaveLength(1);
    const two = await env.http.get('/api/audit').query({ targetId: 't3', action: 'test.paged' }).set('Authorization', `Bearer ${admin}`);
    expect(two.status).toBe(400);
  });
});

describe('monthly access review', () => {
  it('lists every account holding a role with its last action, flagging idle owners and admins', async () => {
    const domain = `review${Math.random().toString(36).slice(2, 8)}.example`;
    const owner = await env.account({ domain });
    const created = await env.http.post('/api/onboarding').set('Authorization', `Bearer ${owner.token}`).send({ companyName: 'Review Co', domain });
    const tenantId = created.body.tenantId as string;
    const idleAdmin = await env.account({ domain, tenantId, role: 'admin' });
    const employee = await env.account({ domain, tenantId, role: 'user' });
    await runAccessReview(env.deps, { tenantId });
    const owner2 = await env.token(owner.email); // claims now carry the tenant
    const res = await env.http.get('/api/privacy/access-review').set('Authorization', `Bearer ${owner2}`);
    expect(res.status).toBe(200);
    const byUid = Object.fromEntries(res.body.accounts.map((a: { uid: string }) => [a.uid, a]));
    expect(Object.keys(byUid).sort()).toEqual([owner.uid, idleAdmin.uid, employee.uid].sort());
    expect(byUid[owner.uid]).toMatchObject({ role: 'owner', flagged: false, lastActedAt: expect.any(String) });
    expect(byUid[idleAdmin.uid]).toMatchObject({ role: 'admin', flagged: true, lastActedAt: null });
    expect(byUid[employee.uid]).toMatchObject({ role: 'user', flagged: false });
    const audit = await env.deps.db.collection(`tenants/${tenantId}/audit`).where('action', '==', 'privacy.access_review').get();
    expect(audit.docs[0]!.get('meta')).toEqual({ accounts: 3, flagged: 1 });
  });
});

describe('TTL fields', () => {
  it('every document of an expiring collection carries expireAt', async () => {
    // Produce documents through the product's own paths first.
    await env.http.post('/api/privacy/exports').set('Authorization', `Bearer ${admin}`).send({});
    await env.http.post('/api/privacy/purge/campaign').set('Authorization', `Bearer ${admin}`).send({ campaignId: 'nothing-here' });
    await env.deps.tasks.drain();
    let checked = 0;
    for (const name of Object.keys(catalog) as CollectionName[]) {
      if (catalog[name].retention.kind !== 'ttl') continue;
      const pattern = pathRegex(catalog[name].path);
      for (const d of (await env.deps.db.collectionGroup(collectionId(name)).get()).docs) {
        if (!pattern.test(d.ref.path)) continue;
        expect(d.get('expireAt'), d.ref.path).toBeInstanceOf(Timestamp);
        checked++;
      }
    }
    const kinds = new Set<string>();
    for (const name of ['audit', 'jobs', 'exports', 'deletions'] as const) if ((await env.deps.db.collectionGroup(collectionId(name)).limit(1).get()).size) kinds.add(name);
    expect([...kinds].sort()).toEqual(['audit', 'deletions', 'exports', 'jobs']);
    expect(checked).toBeGreaterThan(10);
  });
});
