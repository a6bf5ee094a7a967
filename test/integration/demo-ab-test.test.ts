import { beforeAll, describe, expect, it } from 'vitest';
import type { AbTestReport } from '../../functions/src/api-types.js';
import { AB_CAMPAIGN_ID, seedDemoAbTest } from '../../functions/src/local/seed-ab-test.js';
import { seedDemoHistory } from '../../functions/src/local/seed-history.js';
import { createTestEnv, DEMO, type TestEnv } from '../support/test-env.js';

/** The `npm start` demo's running A/B test: real-looking figures in the A/B report, written once. */
const NOW = new Date('2026-12-02T12:00:00Z');
let env: TestEnv;
let admin: string;

beforeAll(async () => {
  env = await createTestEnv({ now: () => NOW });
  admin = await env.token(DEMO.acmeAdmin);
});

describe('the demo A/B test', () => {
  it("gives the campaign's test 20 finished days of people's views and clicks per variant, bots apart, and adds nothing on a second start", async () => {
    expect(await seedDemoAbTest(env.deps.db, NOW)).toEqual({ seededDays: 20 });
    await seedDemoHistory(env.deps.db, NOW);
    const res = await env.http.get(`/api/campaigns/${AB_CAMPAIGN_ID}/ab-test`).set('Authorization', `Bearer ${admin}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const r = res.body as AbTestReport;
    expect(r.state).toBe('running');
    expect(r.variants.map((v) => v.id)).toEqual(['collection', 'lookbook']);
    for (const v of r.variants) {
      expect(v.views).toBeGreaterThan(100);
      expect(v.clicks).toBeGreaterThan(0);
      expect(v.interval).not.toBeNull();
    }
    // The campaign's own report counts the scanners' clicks apart; the comparison holds people only.
    const report = await env.http.get(`/api/reports/campaigns/${AB_CAMPAIGN_ID}`).set('Authorization', `Bearer ${admin}`);
    expect(report.body.bot.clicks).toBeGreaterThan(0);
    const tested = r.variants.reduce((n, v) => n + v.clicks, 0);
    expect(tested).toBeLessThanOrEqual(report.body.clicks);

    expect(await seedDemoAbTest(env.deps.db, NOW)).toEqual({ seededDays: 0 });
    const again = (await env.http.get(`/api/campaigns/${AB_CAMPAIGN_ID}/ab-test`).set('Authorization', `Bearer ${admin}`)).body as AbTestReport;
    expect(again.variants).toEqual(r.variants);
  }, 120_000);
});
