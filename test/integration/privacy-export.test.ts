import { Timestamp } from 'firebase-admin/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog, type CollectionName } from '../../functions/src/core/catalog.js';
import { registerFixtureEntries, removeFixtureDocs, unregisterFixtureEntries } from '../support/catalog-fixtures.js';
import { countFirestoreRequests } from '../support/count-firestore-requests.js';
import { subjectDocs, tenantPaths } from '../support/privacy-fixtures.js';
import { fixtureEnvHooks } from '../support/fixture-env.js';
import type { TestEnv } from '../support/test-env.js';

let env: TestEnv;
let admin: string;
const T = 'acme';
const COLLEAGUE = 'u-colleague-0001';
const names = () => Object.keys(catalog) as CollectionName[];

fixtureEnvHooks((e, a) => {
  env = e;
  admin = a;
});

async function employee() {
  const account = await env.account({ domain: 'acme.example', tenantId: T, role: 'user' });
  const userId = `u-exp-${Math.random().toString(36).slice(2, 8)}`;
  const now = new Date();
  const later = Timestamp.fromDate(new Date(Date.now() + 86_400_000));
  const db = env.deps.db;
  await db.doc(`tenants/${T}/users/${userId}`).set({
    email: account.email, firstName: 'Exa', lastName: 'Mple', title: 'Tester', workPhone: '', mobilePhone: '', addresses: [], groups: ['Sales'],
    source: 'csv', contentHash: 'c'.repeat(64), overrides: {}, createdAt: now, updatedAt: now,
  });
  await db.collection(`tenants/${T}/audit`).add({ actor: { uid: 'demo-acme-admin', role: 'admin' }, action: 'users.update', target: { type: 'user', id: userId }, meta: {}, at: now, expireAt: later });
  for (let i = 0; i < 3; i++) await db.collection(`tenants/${T}/fxClicks`).add({ userId, campaignId: 'spring-launch', recipientHash: 'f'.repeat(64), expireAt: later });
  await db.collection(`tenants/${T}/campaigns/spring-launch/fxCounters`).add({ userId, views: 2 });
  // Their entry in a campaign counter shard they share with a colleague.
  const shard = db.doc(`tenants/${T}/campaigns/spring-launch/counters/2026-11-23_${userId}`);
  await shard.set({ campaignId: 'spring-launch', day: '2026-11-23', shard: 9, views: 7, clicks: 1, employees: { [userId]: { views: 2 }, [COLLEAGUE]: { views: 5, clicks: 1 } }, employeeIds: [userId, COLLEAGUE] });
  await db.collection(`tenants/${T}/fxReceipts`).add({ uid: account.uid, seen: true, expireAt: later });
  return { ...account, userId };
}

async function expectedPaths(userId: string, uid: string) {
  const paths = new Set([...(await subjectDocs(env.deps.db, T, 'userId', userId)), ...(await subjectDocs(env.deps.db, T, 'authUid', uid))]);
  const all = await tenantPaths(env.deps.db, T);
  return [...paths].filter((p) => catalog[all.get(p)!].export.user).sort();
}

function exportedPaths(body: { collections: Record<string, { documents: { path: string }[] }> }) {
  return Object.values(body.collections).flatMap((c) => c.documents.map((d) => d.path)).sort();
}

describe('user export (Art. 15/20)', () => {
  it('gives an employee every document about them, per catalog category with purpose, legal basis and retention', async () => {
    const me = await employee();
    const expected = await expectedPaths(me.userId, me.uid);
    const res = await env.http.get('/api/me/export').set('Authorization', `Bearer ${me.token}`);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.collections).sort()).toEqual(names().filter((n) => catalog[n].export.user && catalog[n].path.startsWith('tenants/{tenantId}/')).sort());
    for (const c of Object.values(res.body.collections) as { purpose: string; legalBasis: { text: string }; retention: string }[]) {
      expect(c.purpose).toBeTruthy();
      expect(c.legalBasis.text).toMatch(/^Art\. 6/);
      expect(c.retention).toBeTruthy();
    }
    expect(exportedPaths(res.body)).toEqual(expected);
    // The export itself is audited (after it was built).
    expect((await expectedPaths(me.userId, me.uid)).length).toBe(expected.length + 1);
    expect(res.body.collections.users.documents[0].data).toMatchObject({ email: me.email, title: 'Tester' });
    expect(res.body.collections.fxClicks.documents).toHaveLength(3);
    // From the shared counter shard, their own entry and the shard's ids only: not the colleague's, not the totals.
    expect(res.body.collections.counters.documents).toEqual([
      { path: `tenants/${T}/campaigns/spring-launch/counters/2026-11-23_${me.userId}`, data: { campaignId: 'spring-launch', day: '2026-11-23', employees: { [me.userId]: { views: 2 } } } },
    ]);
    expect(JSON.stringify(res.body)).not.toContain(COLLEAGUE);
    expect(JSON.stringify(res.body)).not.toContain('jane.doe@');
  });

  it('reads only the subject\'s own documents (indexed lookups, no scan)', async () => {
    const me = await employee();
    const expected = await expectedPaths(me.userId, me.uid);
    // Reads as the Firestore client received them (the same on the emulator and in memory).
    const { result: res, documentReads: reads } = await countFirestoreRequests(() => env.http.get(`/api/privacy/export/users/${me.userId}`).set('Authorization', `Bearer ${admin}`));
    expect(res.status).toBe(200);
    expect(exportedPaths(res.body)).toEqual(expected);
    // Own documents, the directory record looked up once more, the tenant (authorization and audit).
    expect(reads).toBeGreaterThanOrEqual(expected.length);
    expect(reads).toBeLessThanOrEqual(expected.length + 4);
    const audit = await env.deps.db.collection(`tenants/${T}/audit`).where('action', '==', 'privacy.export_user').get();
    expect(audit.docs.map((d) => d.get('target.id'))).toContain(me.userId);
  });
});

// The whole-tenant export (streamed parts, resume, round trip, downloads): tenant-export-stream.test.ts.

describe('record of processing (Art. 30)', () => {
  it('lists every catalog entry, as JSON and as a readable document', async () => {
    const json = await env.http.get('/api/privacy/register').set('Authorization', `Bearer ${admin}`);
    expect(json.status).toBe(200);
    expect(json.body.activities.map((a: { collection: string }) => a.collection).sort()).toEqual(names().sort());
    expect(json.body.region).toMatchObject({ id: 'eu' });
    for (const a of json.body.activities) {
      expect(a.purpose && a.legalBasis.text && a.retention && a.recipients && a.erasure).toBeTruthy();
    }
    expect(json.body.securityMeasures.length).toBeGreaterThan(5);
    const md = await env.http.get('/api/privacy/register').query({ format: 'markdown' }).set('Authorization', `Bearer ${admin}`);
    expect(md.headers['content-type']).toContain('text/markdown');
    for (const name of names()) expect(md.text).toContain(`\`${catalog[name].path}\``);
  });
});
