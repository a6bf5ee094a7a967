import { Timestamp } from 'firebase-admin/firestore';
import supertest from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLinksApp, createLinksRuntime, type LinksDeps, type LinksRuntime } from '../../functions/src/links/links-app.js';
import { GroupCommitter } from '../../functions/src/tracking/group-committer.js';
import { LinkResolver } from '../../functions/src/tracking/link-resolver.js';
import { BurstTracker } from '../../functions/src/tracking/classify-hit.js';
import { ClientRepeats } from '../../functions/src/tracking/client-repeats.js';
import { LinkDayCap } from '../../functions/src/tracking/link-day-cap.js';
import { mintBannerLinks } from '../../functions/src/tracking/mint-links.js';
import { loadSignatureContext, signatureFor } from '../../functions/src/signatures/user-signature.js';
import type { UserDoc } from '../../functions/src/core/schemas/user.js';
import { countBilledOps } from '../bench/billed-ops.js';
import { utcDay } from '../../functions/src/tracking/build-hit.js';
import { VerifiedTokens } from '../../functions/src/tracking/verified-tokens.js';
import { createLocalServer } from '../../functions/src/local/local-server.js';
import { sweepExpired } from '../../functions/src/privacy/sweep-expired.js';
import { flakyFirestore } from '../fakes/flaky-firestore.js';
import { createTestEnv, DEMO, type TestEnv } from '../support/test-env.js';
import { fieldText } from '../support/field-text.js';

const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
const JANE = 'u649905b987a36b6';
const DESTINATION = 'https://www.acme.example/spring';
const FALLBACK = 'https://www.acme.example/';

let env: TestEnv;
let adminToken: string;
/** The seeded campaign's banner image (the local host serves the demo one). */
let IMAGE: string;

beforeAll(async () => {
  env = await createTestEnv();
  adminToken = await env.token(DEMO.acmeAdmin);
  IMAGE = (await env.deps.db.doc('tenants/acme/campaigns/spring-launch').get()).get('banner.imageUrl') as string;
});

function links(runtime?: LinksRuntime, deps: LinksDeps = env.deps) {
  const rt = runtime ?? createLinksRuntime(deps, { cacheTtlMs: 0 });
  return { http: supertest(createLinksApp(deps, rt)), rt };
}

async function mint(userId = JANE, campaignId = 'spring-launch') {
  const res = await env.http.post(`/api/campaigns/${campaignId}/links`).set('Authorization', `Bearer ${adminToken}`).send({ userId });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const { clickUrl, viewUrl } = res.body as { clickUrl: string; viewUrl: string };
  return { clickUrl, viewUrl, token: clickUrl.split('/c/')[1]!, click: new URL(clickUrl).pathname, view: new URL(viewUrl).pathname };
}

/** Sums of every counter shard of a campaign (all days). */
async function totals(campaignId = 'spring-launch', tenantId = 'acme') {
  const snap = await env.deps.db.collection(`tenants/${tenantId}/campaigns/${campaignId}/counters`).get();
  const t = { views: 0, clicks: 0, botViews: 0, botClicks: 0, reasons: {} as Record<string, number> };
  for (const d of snap.docs) {
    const x = d.data();
    t.views += x.views ?? 0;
    t.clicks += x.clicks ?? 0;
    t.botViews += x.botViews ?? 0;
    t.botClicks += x.botClicks ?? 0;
    for (const [action, reasons] of Object.entries((x.botReasons ?? {}) as Record<string, Record<string, number>>)) {
      for (const [r, n] of Object.entries(reasons)) t.reasons[`${action}.${r}`] = (t.reasons[`${action}.${r}`] ?? 0) + n;
    }
  }
  return t;
}

/** An employee's entries in the campaign's counter shards, found through the indexed id array. */
async function employeeCounts(userId: string, campaignId = 'spring-launch') {
  const snap = await env.deps.db.collection(`tenants/acme/campaigns/${campaignId}/counters`).where('employeeIds', 'array-contains', userId).get();
  const entries = snap.docs.map((d) => (d.get('employees') as Record<string, { clicks?: number; botClicks?: number }>)[userId] ?? {});
  return { clicks: entries.reduce((n, e) => n + (e.clicks ?? 0), 0), botClicks: entries.reduce((n, e) => n + (e.botClicks ?? 0), 0) };
}

async function employeeClicks(userId: string, campaignId = 'spring-launch') {
  return (await employeeCounts(userId, campaignId)).clicks;
}

async function setCampaign(fields: Record<string, unknown>) {
  await env.deps.db.doc('tenants/acme/campaigns/spring-launch').update(fields);
}

describe('minting', () => {
  it('gives short signed click and view URLs on the link host, and the same codes on a second mint', async () => {
    const a = await mint();
    expect(a.clickUrl).toBe(`${env.deps.config.linkBaseUrl}/c/${a.token}`);
    expect(a.viewUrl).toBe(`${env.deps.config.linkBaseUrl}/v/${a.token}`);
    expect(a.token.length).toBeLessThanOrEqual(60);
    expect(a.clickUrl).not.toContain('acme.example');
    const b = await mint();
    expect(b.token).toBe(a.token);
    const audit = await env.deps.db.collection('tenants/acme/audit').where('action', '==', 'links.mint').get();
    expect(audit.size).toBe(2);
  });

  it('refuses unknown users and campaigns, naming them', async () => {
    const res = await env.http.post('/api/campaigns/spring-launch/links').set('Authorization', `Bearer ${adminToken}`).send({ userId: 'nobody' });
    expect(res.status).toBe(404);
    expect(fieldText(res)).toBe('body.userId: no such user');
    const res2 = await env.http.post('/api/campaigns/no-such/links').set('Authorization', `Bearer ${adminToken}`).send({ userId: JANE });
    expect(res2.status).toBe(404);
  });

  it('mints the banner links of a signature from the campaign and user already read: neither is read again per employee', async () => {
    const ctx = await loadSignatureContext(env.deps, 'acme', 'send');
    const user = (await env.deps.db.doc(`tenants/acme/users/${JANE}`).get()).data() as UserDoc;
    const { result, ops } = await countBilledOps(() => signatureFor(env.deps, ctx, JANE, user, env.deps.now()));
    expect(result.campaignId).toBe('spring-launch');
    const sent = await mint();
    expect(result.html).toContain(sent.clickUrl);
    expect(ops.readsBy['tenants/{}/campaigns'] ?? 0).toBe(0);
    expect(ops.readsBy['tenants/{}/users'] ?? 0).toBe(0);
    // The copies the caller read are still checked.
    await expect(mintBannerLinks(env.deps, { tenantId: 'acme', campaignId: 'spring-launch', userId: JANE }, { campaign: { kind: 'notification' }, user })).rejects.toThrow('not a banner campaign');
    await expect(mintBannerLinks(env.deps, { tenantId: 'acme', campaignId: 'spring-launch', userId: JANE }, { campaign: ctx.banners[0]!.doc, user: undefined })).rejects.toThrow('no such user');
  });
});

describe('GET /c/<token> and /v/<token>', () => {
  it('redirects a person to the destination and counts the click for the campaign and the employee', async () => {
    const { click } = await mint();
    const before = await totals();
    const beforeJane = await employeeClicks(JANE);
    const res = await links().http.get(click).set('User-Agent', CHROME);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(DESTINATION);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    const after = await totals();
    expect(after.clicks - before.clicks).toBe(1);
    expect(after.botClicks).toBe(before.botClicks);
    expect((await employeeClicks(JANE)) - beforeJane).toBe(1);
    const counter = (await env.deps.db.collection('tenants/acme/campaigns/spring-launch/counters').get()).docs[0]!.data();
    expect(counter.day).toBe(utcDay(new Date()));
    expect(JSON.stringify(counter)).not.toMatch(/Chrome|Windows|127\.0\.0\.1|::1/);
  });

  it('answers a view with the banner image, revalidated on each open, and counts it', async () => {
    const { view } = await mint();
    const before = await totals();
    const res = await links().http.get(view).set('User-Agent', CHROME);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(IMAGE);
    expect(res.headers['cache-control']).toBe('no-cache, max-age=0');
    expect((await totals()).views - before.views).toBe(1);
  });

  it('keeps working for links in sent mail after the key rotates, and stops when the old key is removed', async () => {
    const { click: oldLink } = await mint();
    const keys = env.deps.config.linkKeys;
    const k2 = Buffer.alloc(32, 9).toString('base64');
    const rotated = { ...env.deps, config: { ...env.deps.config, linkKeys: { current: 'k2', keys: { ...keys.keys, k2 } } } };
    const newLinks = await mintBannerLinks(rotated, { tenantId: 'acme', campaignId: 'spring-launch', userId: JANE });
    const newLink = new URL(newLinks.clickUrl).pathname;
    expect(newLink).not.toBe(oldLink);
    const app = links(undefined, rotated).http;
    expect((await app.get(oldLink).set('User-Agent', CHROME)).headers.location).toBe(DESTINATION);
    expect((await app.get(newLink).set('User-Agent', CHROME)).headers.location).toBe(DESTINATION);
    const retired = links(undefined, { ...env.deps, config: { ...env.deps.config, linkKeys: { current: 'k2', keys: { k2 } } } }).http;
    expect((await retired.get(oldLink)).status).toBe(404);
    expect((await retired.get(newLink).set('User-Agent', CHROME)).status).toBe(302);
    // The old app, which does not know k2, rejects the new link.
    expect((await links().http.get(newLink)).status).toBe(404);
  });

  it('rejects every tampered token with a neutral 404, no Location and nothing counted', async () => {
    const { token } = await mint();
    const before = await totals();
    const { http } = links();
    const mutated = new Set<string>();
    for (let i = 0; i < token.length; i++) {
      for (const ch of ['A', 'z', '0', '-']) if (ch !== token[i]) mutated.add(token.slice(0, i) + ch + token.slice(i + 1));
    }
    mutated.add(token.slice(0, -1));
    mutated.add(token + 'A');
    for (const bad of mutated) {
      const res = await http.get(`/c/${bad}`).set('User-Agent', CHROME);
      expect(res.status, bad).toBe(404);
      expect(res.headers.location).toBeUndefined();
      expect(res.text).toContain('Link not found');
    }
    expect(await totals()).toEqual(before);
  });

  it('cannot be turned into an open redirect', async () => {
    const { click } = await mint();
    const { http } = links();
    for (const path of ['/c/https://evil.example', '/c/%2F%2Fevil.example', '/c//evil.example', '/c/..%2F..%2Fevil.example', `${click}/https://evil.example`]) {
      const res = await http.get(path);
      expect(res.headers.location, path).toBeUndefined();
      expect(res.status, path).toBe(404);
    }
    for (const query of ['?url=https://evil.example', '?redirect=//evil.example', '?to=javascript:alert(1)']) {
      const res = await http.get(click + query).set('User-Agent', CHROME);
      expect(res.headers.location).toBe(DESTINATION);
    }
  });

  it("sends links of an ended campaign to the tenant's fallback, still counted", async () => {
    const { click, view } = await mint();
    const before = await totals();
    await setCampaign({ endAt: Timestamp.fromDate(new Date(Date.now() - 60_000)) });
    try {
      const { http } = links();
      expect((await http.get(click).set('User-Agent', CHROME)).headers.location).toBe(FALLBACK);
      expect((await http.get(view).set('User-Agent', CHROME)).headers.location).toBe(IMAGE);
      expect((await totals()).clicks - before.clicks).toBe(1);
    } finally {
      await setCampaign({ endAt: null });
    }
  });

  it("sends links of a deleted campaign to the fallback, shows a blank banner and writes nothing", async () => {
    const ref = env.deps.db.doc('tenants/acme/campaigns/spring-launch');
    const saved = (await ref.get()).data()!;
    const { click, view } = await mint();
    await ref.delete();
    try {
      const { http } = links();
      const before = await totals();
      const res = await http.get(click).set('User-Agent', CHROME);
      expect(res.status).toBe(302);
      expect(res.headers.location).toBe(FALLBACK);
      const img = await http.get(view).set('User-Agent', CHROME);
      expect(img.status).toBe(200);
      expect(img.headers['content-type']).toBe('image/gif');
      expect(await totals()).toEqual(before);
    } finally {
      await ref.set(saved);
    }
  });

  it('answers 410 once the tenant is being deleted', async () => {
    const { click } = await mint();
    const before = await totals();
    await env.deps.db.doc('tenants/acme').update({ status: 'deleting' });
    try {
      const res = await links().http.get(click).set('User-Agent', CHROME);
      expect(res.status).toBe(410);
      expect(res.headers.location).toBeUndefined();
      expect(await totals()).toEqual(before);
    } finally {
      await env.deps.db.doc('tenants/acme').update({ status: 'active' });
    }
  });

  it('never counts HEAD as a click; counts it as a bot hit with its reason', async () => {
    const { click } = await mint();
    const before = await totals();
    const res = await links().http.head(click).set('User-Agent', CHROME);
    expect(res.status).toBe(302);
    const after = await totals();
    expect(after.clicks).toBe(before.clicks);
    expect(after.botClicks - before.botClicks).toBe(1);
    expect((after.reasons['click.head'] ?? 0) - (before.reasons['click.head'] ?? 0)).toBe(1);
  });

  it('counts bots and scanners separately, with their reasons, and people as clicks', async () => {
    const { click } = await mint();
    // A long burst window keeps the test independent of how fast this machine is.
    const { http } = links({ ...createLinksRuntime(env.deps, { cacheTtlMs: 0 }), burst: new BurstTracker(60_000) });
    const before = await totals();
    await http.get(click).set('User-Agent', 'curl/8.5.0');
    await http.get(click).set('User-Agent', CHROME).set('Sec-Purpose', 'prefetch');
    await http.get(click).set('User-Agent', CHROME).set('Referer', 'https://urldefense.proofpoint.com/v2/url?u=x');
    await http.get(click).set('User-Agent', CHROME); // looks like a person, but right after the others: a burst
    const other = await mint('u32f7704e965ffbe');
    await http.get(other.click).set('User-Agent', CHROME); // a person, first hit on this link
    const after = await totals();
    const delta = (k: string) => (after.reasons[k] ?? 0) - (before.reasons[k] ?? 0);
    expect(after.botClicks - before.botClicks).toBe(4);
    expect(after.clicks - before.clicks).toBe(1);
    expect([delta('click.user_agent'), delta('click.prefetch'), delta('click.scanner_referrer'), delta('click.burst')]).toEqual([1, 1, 1, 1]);
  });

  it('counts exactly under concurrency, sharing commits', async () => {
    const users = (await env.deps.db.collection('tenants/acme/users').limit(20).get()).docs.map((d) => d.id);
    const tokens = await Promise.all(users.map((u) => mint(u)));
    const { http, rt } = links();
    const perEmployee = async () => {
      let n = 0;
      for (const u of users) {
        const c = await employeeCounts(u);
        n += c.clicks + c.botClicks;
      }
      return n;
    };
    const before = await totals();
    const employeesBefore = await perEmployee();
    const commitsBefore = rt.committer.stats.commits;
    const responses = await Promise.all(Array.from({ length: 200 }, (_, i) => http.get(tokens[i % tokens.length]!.click).set('User-Agent', CHROME)));
    expect(responses.every((r) => r.status === 302)).toBe(true);
    const after = await totals();
    expect(after.clicks + after.botClicks - before.clicks - before.botClicks).toBe(200);
    expect(rt.committer.stats.committed).toBe(200);
    expect(rt.committer.stats.commits - commitsBefore).toBeLessThan(200);
    expect((await perEmployee()) - employeesBefore).toBe(200);
  });

  it('still redirects when Firestore fails or hangs, and logs without personal data', async () => {
    const { click, token } = await mint();
    const flaky = flakyFirestore(env.deps.db);
    const deps = { ...env.deps, db: flaky.db };
    const rt: LinksRuntime = {
      tokens: new VerifiedTokens(env.deps.config.linkKeys),
      resolver: new LinkResolver(flaky.db, { ttlMs: 0, refreshWaitMs: 200 }),
      committer: new GroupCommitter(flaky.db, { maxWaitMs: 200, onError: (e, hits) => env.log.error('tracking commit failed', { hits, error: (e as Error).name }) }),
      burst: new BurstTracker(),
      repeats: new ClientRepeats(),
      dailyCap: new LinkDayCap(flaky.db),
    };
    const { http } = links(rt, deps);
    expect((await http.get(click).set('User-Agent', CHROME)).headers.location).toBe(DESTINATION);
    const logged = env.log.entries.length;
    flaky.mode.fail = true;
    const failing = await http.get(click).set('User-Agent', CHROME);
    expect(failing.status).toBe(302);
    expect(failing.headers.location).toBe(DESTINATION);
    flaky.mode.fail = false;
    flaky.mode.hang = true;
    const hanging = await http.get(click).set('User-Agent', CHROME);
    expect(hanging.headers.location).toBe(DESTINATION);
    const entries = env.log.entries.slice(logged);
    expect(entries.map((e) => e.message)).toEqual(expect.arrayContaining(['tracking commit failed', 'tracking hit not confirmed']));
    expect(entries.map((e) => e.fields?.outcome)).toEqual(expect.arrayContaining(['failed', 'timeout']));
    const text = JSON.stringify(entries);
    for (const secret of [token, JANE, 'jane', '@acme.example', 'Chrome']) expect(text).not.toContain(secret);
  });
});

describe('recipient-level tracking', () => {
  async function recipientLink(recipient: string) {
    const res = await env.http.post('/api/campaigns/spring-launch/recipient-links').set('Authorization', `Bearer ${await env.token(DEMO.acmeUser)}`).send({ recipients: [recipient] });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const url = (res.body.links as { recipient: string; clickUrl: string }[])[0]!.clickUrl;
    expect(url).not.toContain('example.net');
    return new URL(url).pathname;
  }

  it('records nothing personal about the recipient by default', async () => {
    const path = await recipientLink('pat.recipient@example.net');
    const before = await totals();
    const res = await links().http.get(path).set('User-Agent', CHROME);
    expect(res.headers.location).toBe(DESTINATION);
    expect((await env.deps.db.collection('tenants/acme/recipientClicks').get()).size).toBe(0);
    expect((await totals()).clicks - before.clicks).toBe(1);
  });

  it('stores the recipient sealed and hashed, with an expiry, once the tenant opts in; admins read it, audited', async () => {
    await env.deps.db.doc('tenants/acme').update({ 'settings.recipientTracking': { enabled: true, retentionDays: 30 } });
    try {
      const path = await recipientLink('Robin.Reader@Example.NET');
      await links().http.get(path).set('User-Agent', CHROME);
      const clicks = await env.deps.db.collection('tenants/acme/recipientClicks').get();
      expect(clicks.size).toBe(1);
      const stored = clicks.docs[0]!.data();
      expect(JSON.stringify(stored).toLowerCase()).not.toContain('robin');
      expect(stored.userId).toBe(JANE);
      expect(stored.recipientHash).toMatch(/^[0-9a-f]{64}$/);
      const days = ((stored.expireAt as Timestamp).toMillis() - (stored.at as Timestamp).toMillis()) / 86_400_000;
      expect(days).toBe(30);

      const report = await env.http.get('/api/reports/campaigns/spring-launch/recipients').set('Authorization', `Bearer ${adminToken}`);
      expect(report.status).toBe(200);
      expect(report.body.clicks).toEqual([expect.objectContaining({ recipient: 'robin.reader@example.net', userId: JANE, bot: false })]);
      const audit = await env.deps.db.collection('tenants/acme/audit').where('action', '==', 'recipients.read').get();
      expect(audit.size).toBe(1);
      const employee = await env.http.get('/api/reports/campaigns/spring-launch/recipients').set('Authorization', `Bearer ${await env.token(DEMO.acmeUser)}`);
      expect(employee.status).toBe(403);

      // The catalog's TTL retention applies: the daily sweep removes the click once it expires.
      await sweepExpired({ ...env.deps, now: () => new Date(Date.now() + 29 * 86_400_000) }, { tenantId: 'acme' });
      expect((await env.deps.db.collection('tenants/acme/recipientClicks').get()).size).toBe(1);
      await sweepExpired({ ...env.deps, now: () => new Date(Date.now() + 31 * 86_400_000) }, { tenantId: 'acme' });
      expect((await env.deps.db.collection('tenants/acme/recipientClicks').get()).size).toBe(0);
    } finally {
      await env.deps.db.doc('tenants/acme').update({ 'settings.recipientTracking': { enabled: false, retentionDays: 90 } });
    }
  });

  it('lets an employee mint only their own recipient links', async () => {
    const res = await env.http
      .post('/api/campaigns/spring-launch/recipient-links')
      .set('Authorization', `Bearer ${await env.token(DEMO.acmeUser)}`)
      .send({ userId: 'u32f7704e965ffbe', recipients: ['x@example.net'] });
    expect(res.status).toBe(403);
    const bad = await env.http.post('/api/campaigns/spring-launch/recipient-links').set('Authorization', `Bearer ${adminToken}`).send({ userId: JANE, recipients: ['not-an-email'] });
    expect(bad.status).toBe(400);
    expect(fieldText(bad)).toContain('body.recipients.0');
  });
});

describe('tenant isolation', () => {
  it("counts another tenant's links under that tenant only", async () => {
    const initechUser = (await env.deps.db.collection('tenants/initech/users').limit(1).get()).docs[0]!.id;
    const now = new Date();
    await env.deps.db.doc('tenants/initech/campaigns/autumn').set({
      kind: 'banner', name: 'Autumn', status: 'active', startAt: now, endAt: null, targetGroups: [], priority: 50,
      banner: { imageUrl: 'https://assets.initech.example/autumn.png', destinationUrl: 'https://www.initech.example/autumn', alt: '' },
      createdAt: now, updatedAt: now,
    });
    const links = await mintBannerLinks(env.deps, { tenantId: 'initech', campaignId: 'autumn', userId: initechUser });
    const acmeBefore = await totals();
    const res = await supertest(createLinksApp(env.deps, createLinksRuntime(env.deps))).get(new URL(links.clickUrl).pathname).set('User-Agent', CHROME);
    expect(res.headers.location).toBe('https://www.initech.example/autumn');
    expect((await totals('autumn', 'initech')).clicks).toBe(1);
    expect(await totals()).toEqual(acmeBefore);
    // Initech's campaign is not reachable through Acme's API, and Acme's not through Initech's.
    const acmeAdmin = await env.http.get('/api/reports/campaigns/autumn').set('Authorization', `Bearer ${adminToken}`);
    expect(acmeAdmin.status).toBe(404);
    const initechMint = await env.http.post('/api/campaigns/spring-launch/links').set('Authorization', `Bearer ${await env.token(DEMO.initechAdmin)}`).send({ userId: JANE });
    expect(initechMint.status).toBe(404);
  });
});

describe('the local host', () => {
  it('serves /c and /v from the links app, as the Hosting rewrites do', async () => {
    const { click, view } = await mint();
    const local = supertest(createLocalServer({ deps: env.deps, hostingDir: '/nonexistent', authEmulatorUrl: 'http://127.0.0.1:9099' }));
    expect((await local.get(click).set('User-Agent', CHROME)).headers.location).toBe(DESTINATION);
    expect((await local.get(view).set('User-Agent', CHROME)).headers.location).toBe(IMAGE);
    const bad = await local.get('/c/not-a-token');
    expect(bad.status).toBe(404);
    expect(bad.text).toContain('Link not found');
  });
});

describe('minting under concurrency', () => {
  it('gives one employee and campaign the same links however many mints race', async () => {
    const env = await createTestEnv();
    const users = await env.deps.db.collection('tenants/acme/users').limit(12).get();
    const first = await Promise.all(users.docs.map((u) => mintBannerLinks(env.deps, { tenantId: 'acme', campaignId: 'spring-launch', userId: u.id })));
    const again = await Promise.all(users.docs.map((u) => mintBannerLinks(env.deps, { tenantId: 'acme', campaignId: 'spring-launch', userId: u.id })));
    expect(again).toEqual(first);
    expect(new Set(first.map((l) => l.clickUrl)).size).toBe(users.size);
  });
});
