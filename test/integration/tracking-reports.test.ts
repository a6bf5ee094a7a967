import supertest from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLinksApp, createLinksRuntime } from '../../functions/src/links/links-app.js';
import { BurstTracker, type Classification } from '../../functions/src/tracking/classify-hit.js';
import { buildHit, utcDay } from '../../functions/src/tracking/build-hit.js';
import { GroupCommitter } from '../../functions/src/tracking/group-committer.js';
import { ShardPicker } from '../../functions/src/tracking/shard-picker.js';
import { countFirestoreRequests } from '../support/count-firestore-requests.js';
import { lastFinishedDay } from '../../functions/src/tracking/roll-up-day.js';
import { mintBannerLinks } from '../../functions/src/tracking/mint-links.js';
import { createTestEnv, DEMO, type TestEnv } from '../support/test-env.js';
import { fieldText } from '../support/field-text.js';

const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';
const JANE = 'u649905b987a36b6';
const JOHN = 'u32f7704e965ffbe';

let env: TestEnv;
let viewer: string;
const today = utcDay(new Date());

const path = (url: string) => new URL(url).pathname;

beforeAll(async () => {
  env = await createTestEnv();
  viewer = (await env.account({ domain: 'acme.example', tenantId: 'acme', role: 'viewer' })).token;
  // No burst window: every hit below is a separate person, whatever this machine's speed, each
  // from its own address (one client's repeats count once).
  const app = supertest(createLinksApp(env.deps, { ...createLinksRuntime(env.deps), burst: new BurstTracker(0) }));
  let client = 0;
  const links = {
    get: (url: string) => app.get(url).set('X-Forwarded-For', `192.0.2.${++client}, 198.51.100.1`),
    head: (url: string) => app.head(url).set('X-Forwarded-For', `192.0.2.${++client}, 198.51.100.1`),
  };
  const jane = await mintBannerLinks(env.deps, { tenantId: 'acme', campaignId: 'spring-launch', userId: JANE });
  const john = await mintBannerLinks(env.deps, { tenantId: 'acme', campaignId: 'spring-launch', userId: JOHN });
  // Jane: 4 views, 2 clicks (one on a phone); John: 2 views, 1 click; plus 2 bot clicks and a HEAD.
  for (const [url, ua, n] of [
    [jane.viewUrl, CHROME, 4],
    [john.viewUrl, IPHONE, 2],
  ] as const) {
    for (let i = 0; i < n; i++) await links.get(path(url)).set('User-Agent', ua);
  }
  await links.get(path(jane.clickUrl)).set('User-Agent', CHROME);
  await links.get(path(john.clickUrl)).set('User-Agent', IPHONE);
  await links.get(path(john.clickUrl)).set('User-Agent', 'curl/8.5.0');
  await links.get(path(john.clickUrl)).set('User-Agent', 'python-requests/2.31');
  await links.head(path(jane.clickUrl)).set('User-Agent', CHROME);
});

describe('GET /api/reports/campaigns/:campaignId', () => {
  it('sums every shard: views, clicks, CTR, bot hits by reason, days and top employees', async () => {
    const res = await env.http.get('/api/reports/campaigns/spring-launch').set('Authorization', `Bearer ${viewer}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const r = res.body;
    expect(r.to).toBe(today);
    expect(r.days).toHaveLength(30);
    expect(r.views).toBe(6);
    expect(r.bot.views).toBe(0);
    expect(r.raw).toEqual({ views: 6, clicks: 5 });
    expect(r.clicks).toBe(2);
    expect(r.bot.clicks).toBe(3);
    expect(r.botReasons.click).toEqual({ user_agent: 2, head: 1 });
    expect(r.ctr).toBe(0.3333);
    expect(r.devices).toEqual({ desktop: 5, mobile: 3 });
    const day = r.days.find((d: { day: string }) => d.day === today);
    expect(day).toEqual({ day: today, views: 6, clicks: 2, ctr: 0.3333, bot: { views: 0, clicks: 3 } });
    expect(r.days.filter((d: { day: string }) => d.day !== today).every((d: { views: number; clicks: number }) => d.views === 0 && d.clicks === 0)).toBe(true);
    expect(r.topEmployees).toEqual([
      { userId: JANE, name: 'Jane Doe', views: 4, clicks: 1 },
      { userId: JOHN, name: 'John Roe', views: 2, clicks: 1 },
    ]);
  });

  it('answers CSV on Accept: text/csv with the same numbers', async () => {
    const json = (await env.http.get('/api/reports/campaigns/spring-launch').query({ from: today, to: today }).set('Authorization', `Bearer ${viewer}`)).body;
    const res = await env.http.get('/api/reports/campaigns/spring-launch').query({ from: today, to: today }).set('Authorization', `Bearer ${viewer}`).set('Accept', 'text/csv');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const lines = res.text.trim().split('\r\n');
    expect(lines[0]).toBe('day,views,clicks,ctr,botViews,botClicks');
    expect(json.clicks).toBe(2);
    expect(lines.slice(1)).toEqual([`${today},6,2,0.3333,0,3`, 'total,6,2,0.3333,0,3']);
  });

  it('validates the range, naming the field', async () => {
    const bad = await env.http.get('/api/reports/campaigns/spring-launch').query({ from: '2026-13-01' }).set('Authorization', `Bearer ${viewer}`);
    expect(bad.status).toBe(400);
    expect(fieldText(bad)).toContain('query.from');
    const reversed = await env.http.get('/api/reports/campaigns/spring-launch').query({ from: '2026-02-01', to: '2026-01-01' }).set('Authorization', `Bearer ${viewer}`);
    expect(reversed.status).toBe(400);
    const long = await env.http.get('/api/reports/campaigns/spring-launch').query({ from: '2020-01-01', to: '2026-01-01' }).set('Authorization', `Bearer ${viewer}`);
    expect(long.status).toBe(400);
    expect(long.body.error.message).toContain('366 days');
  });
});

describe('GET /api/reports/campaigns', () => {
  it("totals every banner campaign of the caller's tenant, as JSON or CSV", async () => {
    const res = await env.http.get('/api/reports/campaigns').set('Authorization', `Bearer ${viewer}`);
    expect(res.status).toBe(200);
    expect(res.body.clicks).toBe(2);
    expect(res.body.campaigns).toEqual([expect.objectContaining({ campaignId: 'spring-launch', name: 'Spring launch', clicks: 2, bot: expect.objectContaining({ clicks: 3 }) })]);
    const csv = await env.http.get('/api/reports/campaigns').set('Authorization', `Bearer ${viewer}`).set('Accept', 'text/csv');
    expect(csv.text.split('\r\n').slice(0, 2)).toEqual(['campaignId,name,status,views,clicks,ctr,botViews,botClicks', 'spring-launch,Spring launch,active,6,2,0.3333,0,3']);
  });

  it('is isolated between tenants', async () => {
    const initech = await env.token(DEMO.initechAdmin);
    const own = await env.http.get('/api/reports/campaigns').set('Authorization', `Bearer ${initech}`);
    expect(own.status).toBe(200);
    expect(own.body.campaigns).toEqual([]);
    expect(own.body.clicks).toBe(0);
    const theirs = await env.http.get('/api/reports/campaigns/spring-launch').set('Authorization', `Bearer ${initech}`);
    expect(theirs.status).toBe(404);
    const recipients = await env.http.get('/api/reports/campaigns/spring-launch/recipients').set('Authorization', `Bearer ${initech}`);
    expect(recipients.status).toBe(404);
  });
});

/**
 * Real Firestore sums several fields in one aggregation query only over the documents that hold
 * every summed field; counter shards hold the fields their hits incremented (all of them since
 * every write carries them all, only some in shards written before).
 */
describe('campaign reports on shards holding different fields', () => {
  const days = Array.from({ length: 30 }, (_, i) => utcDay(new Date(Date.now() - i * 86_400_000)));
  let shardEnv: TestEnv;
  let staff: string;

  beforeAll(async () => {
    shardEnv = await createTestEnv();
    staff = (await shardEnv.account({ domain: 'acme.example', tenantId: 'acme', role: 'viewer' })).token;
    for (const id of ['legacy-shards', 'hot-shards']) {
      await shardEnv.deps.db.doc(`tenants/acme/campaigns/${id}`).set({ ...(await shardEnv.deps.db.doc('tenants/acme/campaigns/spring-launch').get()).data(), name: id });
    }
  });

  it('sums shards written before every shard held every field', async () => {
    const counters = shardEnv.deps.db.collection('tenants/acme/campaigns/legacy-shards/counters');
    const base = { campaignId: 'legacy-shards', day: today };
    await counters.doc(`${today}_0`).set({ ...base, shard: 0, views: 2, clicks: 1, devices: { desktop: 3 } });
    await counters.doc(`${today}_1`).set({ ...base, shard: 1, views: 4 });
    await counters.doc(`${today}_2`).set({ ...base, shard: 2, botClicks: 1, botReasons: { click: { user_agent: 1 } } });
    await counters.doc(`${days[3]}_0`).set({ campaignId: 'legacy-shards', day: days[3], shard: 0, clicks: 5, devices: { mobile: 5 } });
    const res = await shardEnv.http.get('/api/reports/campaigns/legacy-shards').set('Authorization', `Bearer ${staff}`);
    expect(res.status).toBe(200);
    expect({ views: res.body.views, clicks: res.body.clicks, bot: res.body.bot }).toEqual({ views: 6, clicks: 6, bot: { views: 0, clicks: 1 } });
    expect(res.body.botReasons).toEqual({ view: {}, click: { user_agent: 1 } });
    expect(res.body.devices).toEqual({ desktop: 3, mobile: 5 });
    expect(res.body.days.find((d: { day: string }) => d.day === today)).toMatchObject({ views: 6, clicks: 1, bot: { views: 0, clicks: 1 } });
    expect(res.body.days.find((d: { day: string }) => d.day === days[3])).toMatchObject({ views: 0, clicks: 5 });
    const all = await shardEnv.http.get('/api/reports/campaigns').set('Authorization', `Bearer ${staff}`);
    expect(all.body.campaigns.find((c: { campaignId: string }) => c.campaignId === 'legacy-shards')).toMatchObject({ views: 6, clicks: 6, bot: { views: 0, clicks: 1 } });
  });

  it('answers a 30-day report of shards written by several instances from daily rollups and today\'s shards, sums right', async () => {
    // Three instances (their own shard offsets), each hit kind on each day: every shard is written
    // by a commit that incremented only some of its fields.
    const instances = [0, 170, 340].map((offset) => new GroupCommitter(shardEnv.deps.db, { shards: new ShardPicker(512, 1000, offset) }));
    const kinds: { action: 'click' | 'view'; classification: Classification }[] = [
      { action: 'view', classification: { bot: false, device: 'desktop' } },
      { action: 'click', classification: { bot: false, device: 'mobile' } },
      { action: 'click', classification: { bot: true, reason: 'user_agent' } },
    ];
    const writes: Promise<unknown>[] = [];
    for (const day of days) {
      const at = new Date(`${day}T12:00:00Z`);
      kinds.forEach((kind, i) => writes.push(instances[i]!.record(buildHit({ tenantId: 'acme', campaignId: 'hot-shards', userId: JANE, at, ...kind }))));
    }
    expect(new Set(await Promise.all(writes))).toEqual(new Set(['committed']));
    const ask = () => shardEnv.http.get('/api/reports/campaigns/hot-shards').set('Authorization', `Bearer ${staff}`);
    // The first report rolls the finished days up; the next reads them from their rollups.
    expect((await ask()).status).toBe(200);
    const { result: res, aggregationQueries, readPaths } = await countFirestoreRequests(ask);
    expect(res.status).toBe(200);
    expect({ views: res.body.views, clicks: res.body.clicks, bot: res.body.bot }).toEqual({ views: 30, clicks: 30, bot: { views: 0, clicks: 30 } });
    expect(res.body.devices).toEqual({ desktop: 30, mobile: 30 });
    expect(res.body.botReasons.click).toEqual({ user_agent: 30 });
    expect(res.body.days.every((d: { views: number; clicks: number; bot: { clicks: number } }) => d.views === 1 && d.clicks === 1 && d.bot.clicks === 1)).toBe(true);
    expect(res.body.topEmployees).toEqual([{ userId: JANE, name: 'Jane Doe', views: 30, clicks: 30 }]);
    // No aggregation query: one rollup per finished day, the shards of the days not yet finished.
    expect(aggregationQueries).toBe(0);
    const finished = lastFinishedDay(new Date());
    const dayOf = (p: string) => p.split('/').at(-1)!.split('_')[0]!;
    expect(readPaths.filter((p) => p.includes('/counters/')).every((p) => dayOf(p) > finished)).toBe(true);
    expect(new Set(readPaths.filter((p) => p.includes('/counterRollups/')).map(dayOf))).toEqual(new Set(days.filter((d) => d <= finished)));
  });
});

describe('top employees across data shapes', () => {
  it("adds the per-employee shards written before the counts moved into the campaign's shards", async () => {
    const day = '2026-01-05';
    const counters = env.deps.db.collection('tenants/acme/campaigns/spring-launch/counters');
    await counters.doc(`${day}_0`).set({ campaignId: 'spring-launch', day, shard: 0, views: 9, clicks: 3, botViews: 0, botClicks: 0, employees: { [JANE]: { views: 6, clicks: 2 }, [JOHN]: { views: 3, clicks: 1 } }, employeeIds: [JANE, JOHN] });
    await env.deps.db.doc(`tenants/acme/campaigns/spring-launch/employeeCounters/${JOHN}_${day}_0`).set({ campaignId: 'spring-launch', userId: JOHN, day, shard: 0, views: 4, clicks: 4, botViews: 0, botClicks: 0 });
    const res = await env.http.get('/api/reports/campaigns/spring-launch').query({ from: day, to: day }).set('Authorization', `Bearer ${viewer}`);
    expect(res.status).toBe(200);
    expect(res.body.topEmployees).toEqual([
      { userId: JOHN, name: 'John Roe', views: 7, clicks: 5 },
      { userId: JANE, name: 'Jane Doe', views: 6, clicks: 2 },
    ]);
  });
});
