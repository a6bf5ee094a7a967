import supertest from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../functions/src/core/config.js';
import { createApiApp } from '../../functions/src/api/api-app.js';
import { createLocalDeps, type LocalDeps } from '../../functions/src/local/local-deps.js';
import { memoryLogger } from '../../functions/src/platform/logger.js';
import { createHooksApp } from '../../functions/src/privacy/hooks-app.js';
import { createLinksApp, createLinksRuntime } from '../../functions/src/links/links-app.js';
import { signWebhook } from '../../functions/src/privacy/verify-webhook.js';
import { liveEnvs } from '../support/catalog-guard.js';
import { documentVersions } from '../support/document-walk.js';
import { authEmulatorHost, DEMO_PASSWORD, signIn, testDatabase } from '../support/test-env.js';

/**
 * Two regions, two databases (one per Firebase project): everything an EU tenant does writes
 * nothing to the US database, and the other way round. Each flow is one entry in `flows`, so a new
 * area (clicks, sync, links) adds its own flow and is checked the same way.
 */
type RegionId = 'eu' | 'us';
interface Region {
  id: RegionId;
  deps: LocalDeps;
  api: ReturnType<typeof supertest>;
  hooks: ReturnType<typeof supertest>;
  links: ReturnType<typeof supertest>;
  domain: string;
  owner?: { uid: string; email: string; token: string };
  tenantId?: string;
  campaignId?: string;
  clickPath?: string;
}

const regions = {} as Record<RegionId, Region>;
let host: string;

function region(id: RegionId): Region {
  const config = readConfig({ ...process.env, GCLOUD_PROJECT: 'demo-herald', HERALD_REGION: id });
  const deps = createLocalDeps({ config, log: memoryLogger(), taskTimeScale: 0, ...testDatabase() });
  liveEnvs.add(deps);
  const links = supertest(createLinksApp(deps, createLinksRuntime(deps, { cacheTtlMs: 0 })));
  return { id, deps, api: supertest(createApiApp(deps)), hooks: supertest(createHooksApp(deps)), links, domain: `${id}${Math.random().toString(36).slice(2, 8)}.example` };
}

async function newAccount(r: Region, claims?: Record<string, string>) {
  const email = `t${Math.random().toString(36).slice(2, 10)}@${r.domain}`;
  const user = await r.deps.auth.createUser({ email, password: DEMO_PASSWORD, emailVerified: true });
  if (claims) await r.deps.auth.setCustomUserClaims(user.uid, claims);
  return { uid: user.uid, email, token: await signIn(host, email, DEMO_PASSWORD) };
}

/**
 * Every document of a region's database with its update time: any write or delete changes it
 * (on the emulator too, where there are no write counters; a write that changes nothing keeps the
 * update time there, and carries no data across anyway).
 */
const writes = async (r: Region) => [...(await documentVersions(r.deps))].sort((a, b) => a[0].localeCompare(b[0]));

const flows: { name: string; run: (r: Region) => Promise<void> }[] = [
  {
    name: 'onboarding',
    run: async (r) => {
      r.owner = await newAccount(r);
      const res = await r.api.post('/api/onboarding').set('Authorization', `Bearer ${r.owner.token}`).send({ companyName: `Co ${r.id}`, domain: r.domain });
      expect(res.status).toBe(201);
      expect(res.body.region).toBe(r.id);
      r.tenantId = res.body.tenantId;
      r.owner.token = await signIn(host, r.owner.email, DEMO_PASSWORD);
      // The domain proved as a DNS TXT proof would (the proofs are tested in tenant-trust.test.ts).
      await r.deps.db.doc(`tenants/${r.tenantId}`).update({ verifiedDomains: [r.domain] });
      const now = new Date();
      await r.deps.db.doc(`tenants/${r.tenantId}/users/leaver`).set({
        email: `leaver@${r.domain}`, firstName: 'L', lastName: 'Eaver', title: '', workPhone: '', mobilePhone: '', addresses: [], groups: [],
        source: 'csv', contentHash: 'd'.repeat(64), overrides: {}, createdAt: now, updatedAt: now,
      });
    },
  },
  {
    name: 'API calls',
    run: async (r) => {
      for (const path of ['/api/tenant', '/api/users', '/api/audit', '/api/privacy/register', '/api/me/export']) {
        const res = await r.api.get(path).set('Authorization', `Bearer ${r.owner!.token}`);
        expect(res.status, path).toBe(200);
      }
      const retention = await r.api.patch('/api/privacy/retention').set('Authorization', `Bearer ${r.owner!.token}`).send({ auditRetentionDays: 200 });
      expect(retention.status).toBe(200);
    },
  },
  {
    name: 'banner clicks and views',
    run: async (r) => {
      const auth = { Authorization: `Bearer ${r.owner!.token}` };
      const campaign = await r.api.post('/api/campaigns').set(auth).send({
        kind: 'banner',
        name: 'Launch',
        startAt: '2026-01-01T00:00:00Z',
        banner: { imageUrl: `https://assets.${r.domain}/b.png`, destinationUrl: `https://www.${r.domain}/launch` },
      });
      expect(campaign.status).toBe(201);
      r.campaignId = campaign.body.id;
      const minted = await r.api.post(`/api/campaigns/${r.campaignId}/links`).set(auth).send({ userId: 'leaver' });
      expect(minted.status).toBe(200);
      r.clickPath = new URL(minted.body.clickUrl).pathname;
      const click = await r.links.get(r.clickPath).set('User-Agent', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36');
      expect(click.status).toBe(302);
      expect(click.headers.location).toBe(`https://www.${r.domain}/launch`);
    },
  },
  {
    name: 'directory import (CSV)',
    run: async (r) => {
      const csv = `email,firstName,lastName\nnew.person@${r.domain},New,Person\n`;
      const res = await r.api.post('/api/directory/import').set('Authorization', `Bearer ${r.owner!.token}`).set('Content-Type', 'text/csv').send(csv);
      expect(res.status).toBe(200);
      expect(res.body.created).toBe(1);
    },
  },
  {
    name: 'purge',
    run: async (r) => {
      const res = await r.api.post('/api/privacy/purge').set('Authorization', `Bearer ${r.owner!.token}`).send({ userIds: ['leaver'] });
      expect(res.status).toBe(202);
      await r.deps.tasks.drain();
      expect((await r.deps.db.doc(`deletions/${res.body.deletionId}`).get()).get('status')).toBe('done');
    },
  },
  {
    name: 'tenant export',
    run: async (r) => {
      const res = await r.api.post('/api/privacy/exports').set('Authorization', `Bearer ${r.owner!.token}`).send({});
      await r.deps.tasks.drain();
      const manifest = await r.api.get(`/api/privacy/exports/${res.body.jobId}`).set('Authorization', `Bearer ${r.owner!.token}`);
      expect(manifest.body.status).toBe('done');
    },
  },
  {
    name: 'uninstall',
    run: async (r) => {
      const raw = JSON.stringify({ event: 'app.uninstalled', domain: r.domain });
      const ts = Math.floor(Date.now() / 1000);
      const res = await r.hooks.post('/hooks/uninstall').set('Content-Type', 'application/json').set('X-Herald-Timestamp', String(ts)).set('X-Herald-Signature', signWebhook(r.deps.config.webhookSecret, ts, raw)).send(raw);
      expect(res.status).toBe(202);
      await r.deps.tasks.drain();
      expect((await r.deps.db.doc(`tenants/${r.tenantId}`).get()).exists).toBe(false);
    },
  },
];

beforeAll(() => {
  host = authEmulatorHost();
  regions.eu = region('eu');
  regions.us = region('us');
});

describe.each(['eu', 'us'] as const)('a %s tenant', (id) => {
  const other = id === 'eu' ? 'us' : 'eu';
  it.each(flows.map((f) => [f.name, f] as const))('%s writes nothing to the other region', async (_name, flow) => {
    const before = await writes(regions[other]);
    const own = await writes(regions[id]);
    await flow.run(regions[id]);
    expect(await writes(regions[other])).toEqual(before);
    expect(await writes(regions[id])).not.toEqual(own);
  });
});

describe('the other region', () => {
  it("does not know a tenant it does not hold, and refuses its tokens", async () => {
    const r = region('us');
    const eu = regions.eu;
    const domain = `x${Math.random().toString(36).slice(2, 8)}.example`;
    const owner = await newAccount({ ...eu, domain });
    const created = await eu.api.post('/api/onboarding').set('Authorization', `Bearer ${owner.token}`).send({ companyName: 'Only EU', domain });
    await eu.deps.db.doc(`tenants/${created.body.tenantId}`).update({ verifiedDomains: [domain] });
    const token = await signIn(host, owner.email, DEMO_PASSWORD);
    const before = await writes(r);
    expect((await eu.api.get('/api/locate').query({ domain })).body).toEqual({ region: 'eu' });
    expect((await r.api.get('/api/locate').query({ domain })).status).toBe(404);
    expect((await r.api.get('/api/tenant').set('Authorization', `Bearer ${token}`)).status).toBe(404);
    expect((await r.api.post('/api/privacy/purge').set('Authorization', `Bearer ${token}`).send({ userIds: ['x'] })).status).toBe(404);
    expect(await writes(r)).toEqual(before);
  });
});

describe('tracked links across regions', () => {
  it('rejects a link minted in the other region, writing nothing', async () => {
    const eu = region('eu');
    const us = region('us');
    const owner = await newAccount(eu);
    const onboard = await eu.api.post('/api/onboarding').set('Authorization', `Bearer ${owner.token}`).send({ companyName: 'Linked EU', domain: eu.domain });
    const token = await signIn(host, owner.email, DEMO_PASSWORD);
    const tenantId = onboard.body.tenantId as string;
    // Proved as a DNS TXT proof would: banner destinations must be on a verified domain.
    await eu.deps.db.doc(`tenants/${tenantId}`).update({ verifiedDomains: [eu.domain] });
    const now = new Date();
    await eu.deps.db.doc(`tenants/${tenantId}/users/sender`).set({
      email: `sender@${eu.domain}`, firstName: 'S', lastName: 'Ender', title: '', workPhone: '', mobilePhone: '', addresses: [], groups: [],
      source: 'csv', contentHash: 'e'.repeat(64), overrides: {}, createdAt: now, updatedAt: now,
    });
    const campaign = await eu.api.post('/api/campaigns').set('Authorization', `Bearer ${token}`).send({
      kind: 'banner', name: 'EU only', startAt: '2026-01-01T00:00:00Z',
      banner: { imageUrl: `https://assets.${eu.domain}/b.png`, destinationUrl: `https://www.${eu.domain}/x` },
    });
    const minted = await eu.api.post(`/api/campaigns/${campaign.body.id}/links`).set('Authorization', `Bearer ${token}`).send({ userId: 'sender' });
    const path = new URL(minted.body.clickUrl).pathname;
    expect((await eu.links.get(path)).status).toBe(302);

    const before = await writes(us);
    const elsewhere = await us.links.get(path);
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.headers.location).toBeUndefined();
    expect(await writes(us)).toEqual(before);
  });
});
