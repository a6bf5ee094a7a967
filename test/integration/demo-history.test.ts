import { beforeAll, describe, expect, it } from 'vitest';
import { HISTORY_DAYS, LAUNCH_DAY, seedDemoHistory } from '../../functions/src/local/seed-history.js';
import { createTestEnv, DEMO, type TestEnv } from '../support/test-env.js';

/**
 * `npm start`'s demo history (local/seed-history.ts): 60 days of views, clicks and filtered bot
 * hits written through the tracker's own writers, read back through the reports API.
 */
const NOW = new Date('2026-11-30T15:00:00Z');
const FROM = '2026-10-01';
const TO = '2026-11-29';
let env: TestEnv;
let admin: string;

interface Day {
  day: string;
  views: number;
  clicks: number;
  ctr: number;
  bot: { views: number; clicks: number };
}
const report = async (e: TestEnv, token: string, range: { from: string; to: string } = { from: FROM, to: TO }) => {
  const res = await e.http.get('/api/reports/campaigns/spring-launch').query(range).set('Authorization', `Bearer ${token}`);
  expect(res.status).toBe(200);
  return res.body as Day & { days: Day[]; botReasons: { view: Record<string, number>; click: Record<string, number> }; devices: Record<string, number>; topEmployees: { userId: string; name: string; views: number }[] };
};
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

beforeAll(async () => {
  env = await createTestEnv({ now: () => NOW });
  admin = await env.token(DEMO.acmeAdmin);
  expect(await seedDemoHistory(env.deps.db, NOW)).toMatchObject({ seededDays: HISTORY_DAYS, keptDays: 0 });
});

describe('demo history', () => {
  it('gives the demo campaign 60 days of views and clicks, with totals that are the sum of the days', async () => {
    const r = await report(env, admin);
    expect(r.days.map((d) => d.day)).toHaveLength(60);
    expect(r.days[0]!.day).toBe(FROM);
    expect(r.days.every((d) => d.views > 0)).toBe(true);
    expect(r.days.filter((d) => d.clicks > 0).length).toBeGreaterThan(45);
    expect(r.views).toBe(sum(r.days.map((d) => d.views)));
    expect(r.clicks).toBe(sum(r.days.map((d) => d.clicks)));
    expect(r.bot.views).toBe(sum(r.days.map((d) => d.bot.views)));
    expect(r.bot.clicks).toBe(sum(r.days.map((d) => d.bot.clicks)));
    expect(r.ctr).toBeGreaterThanOrEqual(0.01);
    expect(r.ctr).toBeLessThanOrEqual(0.03);
    // Today is the demo's own: nothing seeded.
    expect((await report(env, admin, { from: '2026-11-30', to: '2026-11-30' })).views).toBe(0);
  });

  it('has curves: weekends quieter than weekdays, and a launch bump', async () => {
    const { days } = await report(env, admin);
    const weekend = days.filter((d) => [0, 6].includes(new Date(`${d.day}T00:00:00Z`).getUTCDay()));
    const weekdays = days.filter((d) => !weekend.includes(d));
    const mean = (ds: Day[]) => sum(ds.map((d) => d.views)) / ds.length;
    expect(mean(weekend)).toBeLessThan(mean(weekdays) / 2);
    const peak = Math.max(...days.map((d) => d.views));
    expect(days.slice(0, LAUNCH_DAY).every((d) => d.views < peak * 0.6)).toBe(true);
    expect(days.findIndex((d) => d.views === peak)).toBeGreaterThanOrEqual(LAUNCH_DAY);
    expect(days.findIndex((d) => d.views === peak)).toBeLessThan(LAUNCH_DAY + 7);
  });

  it('files bot hits under their reasons, people under their devices, and counts per employee', async () => {
    const r = await report(env, admin);
    expect(r.bot.views).toBeGreaterThan(0);
    expect(r.bot.clicks).toBeGreaterThan(0);
    expect(sum(Object.values(r.botReasons.view))).toBe(r.bot.views);
    expect(sum(Object.values(r.botReasons.click))).toBe(r.bot.clicks);
    expect(Object.values(r.botReasons.view).filter((n) => n > 0).length).toBeGreaterThanOrEqual(4);
    expect(sum(Object.values(r.devices))).toBe(r.views + r.clicks);
    expect(r.topEmployees.length).toBeGreaterThan(0);
    expect(r.topEmployees[0]!.views).toBeGreaterThan(0);
    expect(r.topEmployees[0]!.name).not.toBe('');
  });

  it('is idempotent: a second run adds nothing', async () => {
    const before = await report(env, admin);
    expect(await seedDemoHistory(env.deps.db, NOW)).toEqual({ seededDays: 0, keptDays: HISTORY_DAYS, hits: 0 });
    expect(await report(env, admin)).toEqual(before);
  });

  it('is deterministic: another database seeded for the same day has the same numbers', async () => {
    const other = await createTestEnv({ now: () => NOW });
    await seedDemoHistory(other.deps.db, NOW);
    expect(await report(other, await other.token(DEMO.acmeAdmin))).toEqual(await report(env, admin));
  });
});
