import supertest from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLinksApp, createLinksRuntime } from '../../functions/src/links/links-app.js';
import { assignVariant } from '../../functions/src/campaigns/variant-assignment.js';
import type { AbTestReport, CampaignSaved } from '../../functions/src/api-types.js';
import { countFirestoreRequests } from '../support/count-firestore-requests.js';
import { createTestEnv, DEMO, type TestEnv } from '../support/test-env.js';

/**
 * The A/B report's days (issue 24): it reads finished days from their daily rollups and today from
 * its shards, like the campaign report, counted from the Firestore client's own request log; and a
 * test started after another was cleared counts from zero, even with the same variant ids. Hits go
 * through the real links app on a clock the test moves from day to day.
 */
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
const BOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
const T = 'acme';
const banner = (name: string) => ({ imageUrl: `https://www.acme.example/banners/${name}.png`, destinationUrl: `https://www.acme.example/${name}`, alt: `Offer ${name}` });
const VARIANTS = [
  { id: 'blue', name: 'Blue button', weight: 1, banner: banner('blue') },
  { id: 'green', name: 'Green button', weight: 1, banner: banner('green') },
];

let clock = new Date('2026-11-29T10:00:00Z');
let env: TestEnv;
let admin: string;
let viewer: string;
let userIds: string[];

beforeAll(async () => {
  env = await createTestEnv({ now: () => clock });
  admin = await env.token(DEMO.acmeAdmin);
  viewer = (await env.account({ domain: 'acme.example', tenantId: T, role: 'viewer' })).token;
  userIds = (await env.deps.db.collection(`tenants/${T}/users`).get()).docs.slice(0, 12).map((d) => d.id);
});

const api = {
  post: (path: string, body: object) => env.http.post(`/api${path}`).set('Authorization', `Bearer ${admin}`).send(body),
  patch: (path: string, body: object) => env.http.patch(`/api${path}`).set('Authorization', `Bearer ${admin}`).send(body),
  report: (campaignId: string) => env.http.get(`/api/campaigns/${campaignId}/ab-test`).set('Authorization', `Bearer ${viewer}`),
};

type Tally = Record<string, { views: number; clicks: number }>;
const zero = (): Tally => Object.fromEntries(VARIANTS.map((v) => [v.id, { views: 0, clicks: 0 }]));
const counted = (r: AbTestReport): Tally => Object.fromEntries(r.variants.map((v) => [v.id, { views: v.views, clicks: v.clicks }]));

/** Each of `users` views and clicks their link once as a person, and a crawler clicks it too; returns what the comparison must count. */
async function traffic(campaignId: string, users: string[], into: Tally): Promise<void> {
  const http = supertest(createLinksApp(env.deps, createLinksRuntime(env.deps, { cacheTtlMs: 0, maxWaitMs: 10_000 })));
  for (const userId of users) {
    const res = await api.post(`/campaigns/${campaignId}/links`, { userId });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const click = new URL(res.body.clickUrl as string).pathname;
    const view = new URL(res.body.viewUrl as string).pathname;
    expect((await http.get(view).set('User-Agent', CHROME)).status).toBe(302);
    expect((await http.get(click).set('User-Agent', CHROME)).status).toBe(302);
    expect((await http.get(click).set('User-Agent', BOT)).status).toBe(302);
    const v = assignVariant(VARIANTS, campaignId, userId).id;
    into[v]!.views++;
    into[v]!.clicks++;
  }
}

describe('the A/B report over the days of its test', () => {
  it('reads finished days from rollups only and today from its shards, and a test restarted with the same variant ids starts from zero', async () => {
    clock = new Date('2026-11-29T10:00:00Z');
    const created = await api.post('/campaigns', { kind: 'banner', name: 'Rollup test', startAt: '2026-11-29T09:00:00Z', priority: 100, abTest: { variants: VARIANTS } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = (created.body as CampaignSaved).id;
    expect((created.body as CampaignSaved).abTest?.startedAt).toBe('2026-11-29T10:00:00.000Z');

    const expected = zero();
    await traffic(id, userIds, expected);
    clock = new Date('2026-11-30T15:00:00Z');
    await traffic(id, userIds.slice(0, 6), expected);
    clock = new Date('2026-12-02T12:00:00Z');
    await traffic(id, userIds.slice(6, 10), expected);

    const first = await api.report(id);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(counted(first.body as AbTestReport)).toEqual(expected);

    // Warm: the finished days of the test (29 Nov to 1 Dec) from their rollups, today from its shards.
    const { result: second, readPaths, aggregationQueries } = await countFirestoreRequests(() => api.report(id));
    expect(aggregationQueries).toBe(0);
    expect(second.body).toEqual(first.body);
    const dayOf = (p: string) => p.split('/').at(-1)!.split('_')[0];
    const mine = readPaths.filter((p) => p.startsWith(`tenants/${T}/campaigns/${id}/`));
    expect(new Set(mine.filter((p) => p.includes('/counters/')).map(dayOf))).toEqual(new Set(['2026-12-02']));
    expect(mine.filter((p) => p.includes('/counterRollups/')).map(dayOf).sort()).toEqual(['2026-11-29', '2026-11-30', '2026-12-01']);
    expect(mine.filter((p) => !/\/(counters|counterRollups)\//.test(p))).toEqual([]);
    expect(readPaths.filter((p) => p.startsWith(`tenants/${T}/campaigns/`) && !p.startsWith(`tenants/${T}/campaigns/${id}/`))).toEqual([`tenants/${T}/campaigns/${id}`]);
    expect(second.body.variants.every((v: { views: number }) => v.views > 0)).toBe(true);

    // Cleared, then a new test with the same variant ids on the same day: today's shards still hold
    // the first test's counts, and none of them reach the new one.
    expect((await api.patch(`/campaigns/${id}`, { abTest: null })).status).toBe(200);
    const restarted = await api.patch(`/campaigns/${id}`, { abTest: { variants: VARIANTS } });
    expect(restarted.status, JSON.stringify(restarted.body)).toBe(200);
    expect(counted((await api.report(id)).body as AbTestReport)).toEqual(zero());
    const fresh = zero();
    await traffic(id, userIds.slice(0, 3), fresh);
    expect(counted((await api.report(id)).body as AbTestReport)).toEqual(fresh);

    // Changing the running test's shares keeps its counts (the same test).
    const reweighted = await api.patch(`/campaigns/${id}`, { abTest: { variants: VARIANTS.map((v, i) => ({ ...v, weight: i + 1 })) } });
    expect(reweighted.status, JSON.stringify(reweighted.body)).toBe(200);
    expect(counted((await api.report(id)).body as AbTestReport)).toEqual(fresh);
  }, 120_000);
});
