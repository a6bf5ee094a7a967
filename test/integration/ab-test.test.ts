import supertest from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLinksApp, createLinksRuntime } from '../../functions/src/links/links-app.js';
import { assignVariant } from '../../functions/src/campaigns/variant-assignment.js';
import type { AbTestEnded, AbTestReport, CampaignSaved } from '../../functions/src/api-types.js';
import { createTestEnv, DEMO, type TestEnv } from '../support/test-env.js';
import { fieldText } from '../support/field-text.js';

const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
const BOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';

let env: TestEnv;
let admin: string;
let users: { id: string; email: string; firstName: string; lastName: string }[];

const banner = (name: string) => ({ imageUrl: `https://www.acme.example/banners/${name}.png`, destinationUrl: `https://www.acme.example/${name}?ref=sig`, alt: `Offer ${name}` });
const VARIANTS = [
  { id: 'blue', name: 'Blue button', weight: 1, banner: banner('blue') },
  { id: 'green-btn', name: 'Green button', weight: 1, banner: banner('green') },
];

beforeAll(async () => {
  env = await createTestEnv();
  admin = await env.token(DEMO.acmeAdmin);
  const snap = await env.deps.db.collection('tenants/acme/users').get();
  // Twelve people are enough to reach both variants (checked below) and keep the run short.
  users = snap.docs.slice(0, 12).map((d) => ({ id: d.id, email: String(d.get('email')), firstName: String(d.get('firstName') ?? ''), lastName: String(d.get('lastName') ?? '') }));
});

const api = {
  post: (path: string, body: object) => env.http.post(`/api${path}`).set('Authorization', `Bearer ${admin}`).send(body),
  patch: (path: string, body: object) => env.http.patch(`/api${path}`).set('Authorization', `Bearer ${admin}`).send(body),
  get: (path: string) => env.http.get(`/api${path}`).set('Authorization', `Bearer ${admin}`),
};

async function createTest(name: string, priority = 1): Promise<CampaignSaved> {
  const res = await api.post('/campaigns', { kind: 'banner', name, startAt: new Date(Date.now() - 60_000).toISOString(), priority, abTest: { variants: VARIANTS } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as CampaignSaved;
}

async function mint(campaignId: string, userId: string) {
  const res = await api.post(`/campaigns/${campaignId}/links`, { userId });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return { click: new URL(res.body.clickUrl as string).pathname, view: new URL(res.body.viewUrl as string).pathname };
}

function links() {
  return supertest(createLinksApp(env.deps, createLinksRuntime(env.deps, { cacheTtlMs: 0 })));
}

describe('A/B test from creation to a kept winner', () => {
  it('shows each employee their variant, tags clicks with UTM (never personal), counts people only, reports, and keeps every link working after the end', async () => {
    expect((await api.patch('/tenant/settings', { utm: { enabled: true, source: 'acme-mail' } })).status).toBe(200);
    // The highest priority, for everyone: every employee's signature shows this campaign.
    const campaign = await createTest('Winter offer: blue or green?', 100);
    expect(campaign.abTest?.variants.map((v) => v.id)).toEqual(['blue', 'green-btn']);
    // The first variant stands as the campaign's banner (shown when an employee is unknown).
    expect(campaign.banner).toEqual({ ...VARIANTS[0]!.banner });

    const http = links();
    const expected = new Map<string, { views: number; clicks: number }>(VARIANTS.map((v) => [v.id, { views: 0, clicks: 0 }]));
    const sent: { userId: string; variant: string; click: string; view: string }[] = [];
    for (const u of users) {
      const variant = assignVariant(VARIANTS, campaign.id, u.id);
      const { click, view } = await mint(campaign.id, u.id);
      sent.push({ userId: u.id, variant: variant.id, click, view });
      const v = await http.get(view).set('User-Agent', CHROME);
      expect(v.headers.location).toBe(variant.banner.imageUrl);
      const c = await http.get(click).set('User-Agent', CHROME);
      expect(c.status).toBe(302);
      const target = new URL(c.headers.location as string);
      expect(`${target.origin}${target.pathname}`).toBe(variant.banner.destinationUrl.split('?')[0]);
      // The destination's own parameter stays; ours are added once; nothing about the employee.
      expect([...target.searchParams]).toEqual([
        ['ref', 'sig'],
        ['utm_source', 'acme-mail'],
        ['utm_medium', 'email-signature'],
        ['utm_campaign', 'winter-offer-blue-or-green'],
        ['utm_content', variant.id],
      ]);
      // What we added, beyond the destination as the admin saved it, names no one.
      const added = String(c.headers.location).slice(variant.banner.destinationUrl.length).toLowerCase();
      for (const personal of [u.id, u.email, u.email.split('@')[0]!, u.firstName, u.lastName].filter((s) => s.length > 2)) {
        expect(added).not.toContain(personal.toLowerCase());
      }
      // A scanner's click redirects the same but never enters the comparison.
      expect((await http.get(click).set('User-Agent', BOT)).status).toBe(302);
      expected.get(variant.id)!.views++;
      expected.get(variant.id)!.clicks++;
    }
    expect(new Set(sent.map((s) => s.variant)).size).toBe(2);

    // The signature a user sends shows their variant's banner (alt text and image).
    for (const variant of VARIANTS) {
      const someone = sent.find((s) => s.variant === variant.id)!;
      const sig = await api.get(`/users/${someone.userId}/signature`);
      expect(sig.status, JSON.stringify(sig.body)).toBe(200);
      expect((sig.body as { campaignId: string }).campaignId).toBe(campaign.id);
      const html = (sig.body as { html: string }).html;
      expect(html).toContain(variant.banner.imageUrl);
      expect(html).toContain(variant.banner.alt);
      for (const other of VARIANTS.filter((v) => v !== variant)) expect(html).not.toContain(other.banner.imageUrl);
    }

    const report = (await api.get(`/campaigns/${campaign.id}/ab-test`)).body as AbTestReport;
    expect(report.state).toBe('running');
    expect(report.variants.map((v) => ({ id: v.id, views: v.views, clicks: v.clicks }))).toEqual(VARIANTS.map((v) => ({ id: v.id, ...expected.get(v.id)! })));
    for (const v of report.variants) if (v.views) expect(v.interval!.low).toBeLessThanOrEqual(v.ctr);
    expect(report.verdict.kind).toBe('not_enough_data');

    // End the test keeping green: every link already sent, blue ones too, now shows and leads to green.
    const ended = await api.post(`/campaigns/${campaign.id}/ab-test/end`, { winnerId: 'green-btn' });
    expect(ended.status, JSON.stringify(ended.body)).toBe(200);
    expect((ended.body as AbTestEnded).state).toBe('ended');
    expect((ended.body as AbTestEnded).winnerId).toBe('green-btn');
    const after = (await api.get(`/campaigns/${campaign.id}`)).body as CampaignSaved;
    expect(after.banner).toEqual(VARIANTS[1]!.banner);
    const http2 = links();
    for (const s of sent) {
      expect((await http2.get(s.view).set('User-Agent', CHROME)).headers.location).toBe(VARIANTS[1]!.banner.imageUrl);
      const c = new URL((await http2.get(s.click).set('User-Agent', CHROME)).headers.location as string);
      expect(c.pathname).toBe('/green');
      expect(c.searchParams.getAll('utm_content')).toEqual(['green-btn']);
    }
    // Clicks after the end count in the campaign, not in the finished comparison.
    const final = (await api.get(`/campaigns/${campaign.id}/ab-test`)).body as AbTestReport;
    expect(final.variants.map((v) => v.clicks)).toEqual(report.variants.map((v) => v.clicks));
    const audit = await env.deps.db.collection('tenants/acme/audit').where('action', '==', 'campaign.ab_test_end').get();
    expect(audit.size).toBe(1);

    // Ending twice, or changing the variants of an ended test, is refused; nothing changes.
    expect((await api.post(`/campaigns/${campaign.id}/ab-test/end`, { winnerId: 'blue' })).status).toBe(412);
    expect((await api.patch(`/campaigns/${campaign.id}`, { abTest: { variants: VARIANTS } })).status).toBe(412);
    expect(((await api.get(`/campaigns/${campaign.id}`)).body as CampaignSaved).banner).toEqual(VARIANTS[1]!.banner);
    await api.patch('/tenant/settings', { utm: { enabled: false } });
  }, 120_000);

  it('refuses bad tests with the field named, and stores nothing', async () => {
    const base = { kind: 'banner', name: 'Bad test', startAt: '2026-01-01T00:00:00Z' };
    const one = await api.post('/campaigns', { ...base, abTest: { variants: [VARIANTS[0]] } });
    expect(one.status).toBe(400);
    expect(JSON.stringify(one.body)).toContain('body.abTest.variants');
    const dup = await api.post('/campaigns', { ...base, abTest: { variants: [VARIANTS[0], { ...VARIANTS[1], id: 'blue' }] } });
    // (A dotted or spaced id could split the counters' field path: only slugs are taken.)
    expect(dup.status).toBe(400);
    expect(fieldText(dup)).toContain('body.abTest.variants.1.id');
    const slug = await api.post('/campaigns', { ...base, abTest: { variants: [VARIANTS[0], { ...VARIANTS[1], id: 'Green Button!' }] } });
    expect(slug.status).toBe(400);
    expect(JSON.stringify(slug.body)).toContain('body.abTest.variants.1.id');
    const offsite = await api.post('/campaigns', { ...base, abTest: { variants: [VARIANTS[0], { ...VARIANTS[1], banner: { ...VARIANTS[1]!.banner, destinationUrl: 'https://evil.example/' } }] } });
    expect(offsite.status).toBe(400);
    expect(JSON.stringify(offsite.body)).toContain('body.abTest.variants.1.banner.destinationUrl');
    const utm = await api.post('/campaigns', { ...base, banner: banner('x'), utm: { source: 'jane.doe@acme.example' } });
    expect(utm.status).toBe(400);
    expect(JSON.stringify(utm.body)).toContain('body.utm.source');
    const names = (await env.deps.db.collection('tenants/acme/campaigns').where('name', '==', 'Bad test').get()).size;
    expect(names).toBe(0);

    const campaign = await createTest('Refusals');
    const wrongWinner = await api.post(`/campaigns/${campaign.id}/ab-test/end`, { winnerId: 'purple' });
    expect(wrongWinner.status).toBe(400);
    expect(fieldText(wrongWinner)).toContain('body.winnerId');
    const bannerWhileRunning = await api.patch(`/campaigns/${campaign.id}`, { banner: banner('x') });
    expect(bannerWhileRunning.status).toBe(400);
    expect(fieldText(bannerWhileRunning)).toContain('body.banner');
    const noTest = await api.get('/campaigns/spring-launch/ab-test');
    expect(noTest.status).toBe(412);
  });

  it("lets a viewer read the report but not end the test, and no other tenant's admin reach either", async () => {
    const campaign = await createTest('Seams');
    const other = await env.token(DEMO.initechAdmin);
    const read = await env.http.get(`/api/campaigns/${campaign.id}/ab-test`).set('Authorization', `Bearer ${other}`);
    expect([403, 404]).toContain(read.status);
    const end = await env.http.post(`/api/campaigns/${campaign.id}/ab-test/end`).set('Authorization', `Bearer ${other}`).send({ winnerId: 'blue' });
    expect([403, 404]).toContain(end.status);
    const user = await env.token(DEMO.acmeUser);
    const byUser = await env.http.post(`/api/campaigns/${campaign.id}/ab-test/end`).set('Authorization', `Bearer ${user}`).send({ winnerId: 'blue' });
    expect(byUser.status).toBe(403);
    expect(((await api.get(`/campaigns/${campaign.id}/ab-test`)).body as AbTestReport).state).toBe('running');
  });
});
