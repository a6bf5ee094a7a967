import { beforeAll, describe, expect, it } from 'vitest';
import { exportUser } from '../../functions/src/privacy/export-user.js';
import { ROLLUP_EMPLOYEES_PER_PAGE } from '../../functions/src/core/schemas/tracking.js';
import { enqueueRollups } from '../../functions/src/tracking/rollup-job.js';
import { lastFinishedDay, rollUpDay } from '../../functions/src/tracking/roll-up-day.js';
import { countFirestoreRequests } from '../support/count-firestore-requests.js';
import { createTestEnv, DEMO, type TestEnv } from '../support/test-env.js';

/**
 * Daily rollups of the counter shards, on the official Firestore emulator: a rollup is the sum of
 * its shards (every count field, any extra map of counts, each employee's entry), also after an
 * employee's erasure; reports read finished days from rollups only; the lazy roll-up is idempotent
 * under concurrent reports. The clock is fixed at noon UTC on 2026-12-02.
 */
const T = 'acme';
const C = 'spring-launch';
const JANE = 'u649905b987a36b6';
const JOHN = 'u32f7704e965ffbe';
const TEMP = 'u-fictitious-temp';
const NOW = new Date('2026-12-02T12:00:00Z');
const TODAY = '2026-12-02';
const YESTERDAY = '2026-12-01';

let env: TestEnv;
let admin: string;
let viewer: string;

const shards = (campaignId = C) => env.deps.db.collection(`tenants/${T}/campaigns/${campaignId}/counters`);
const rollups = (campaignId = C) => env.deps.db.collection(`tenants/${T}/campaigns/${campaignId}/counterRollups`);

/** The test's own oracle: every number of every document, summed by dotted path (ids, the shard number and the rollup's page data left out). */
function sumByPath(docs: Record<string, unknown>[]): Record<string, number> {
  const out: Record<string, number> = {};
  const walk = (v: unknown, path: string) => {
    if (typeof v === 'number') out[path] = (out[path] ?? 0) + v;
    else if (v && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype) for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k);
  };
  for (const d of docs) {
    const { shard: _s, rollup: _r, ...rest } = d;
    walk(rest, '');
  }
  return out;
}

/** Four shards of one day as several instances leave them, with an extra map of counts (`variants`) no rollup code knows of. */
async function seedDay(day: string, campaignId = C) {
  for (let i = 1; i <= 4; i++) {
    const employees: Record<string, Record<string, number>> = { [JANE]: { views: i, clicks: 1 }, [TEMP]: { clicks: 2 } };
    if (i % 2) employees[JOHN] = { views: 1 };
    await shards(campaignId).doc(`${day}_${i}`).set({
      campaignId, day, shard: i,
      views: i + 1, clicks: i, botViews: 0, botClicks: 1,
      botReasons: { view: {}, click: { user_agent: 1 } },
      devices: { desktop: i, mobile: 0 },
      variants: { A: { views: i, clicks: 1 }, B: { views: 2 } },
      employees, employeeIds: Object.keys(employees),
    });
  }
}

async function docsOf(q: FirebaseFirestore.Query) {
  return (await q.get()).docs.map((d) => d.data());
}

beforeAll(async () => {
  env = await createTestEnv({ now: () => NOW });
  admin = await env.token(DEMO.acmeAdmin);
  viewer = (await env.account({ domain: 'acme.example', tenantId: T, role: 'viewer' })).token;
  await env.deps.db.doc(`tenants/${T}/users/${TEMP}`).set({ ...(await env.deps.db.doc(`tenants/${T}/users/${JOHN}`).get()).data(), email: 'temp.person@acme.example', firstName: 'Temp', lastName: 'Person' });
});

describe('the daily roll-up', () => {
  it('folds yesterday into one rollup equal to the sum of its shards (an unknown map of counts included), and again after an erasure', async () => {
    await seedDay(YESTERDAY);
    expect(lastFinishedDay(NOW)).toBe(YESTERDAY);
    await enqueueRollups(env.deps);
    await env.deps.tasks.drain();
    const rolled = await docsOf(rollups().where('day', '==', YESTERDAY));
    expect(rolled).toHaveLength(1);
    expect(rolled[0]!.rollup).toMatchObject({ page: 0, pages: 1, shards: 4 });
    const sums = sumByPath(rolled);
    expect(sums).toEqual(sumByPath(await docsOf(shards().where('day', '==', YESTERDAY))));
    // Explicit numbers too, so the oracle is not the only judge.
    expect(sums).toMatchObject({ views: 14, clicks: 10, botClicks: 4, 'botReasons.click.user_agent': 4, 'devices.desktop': 10, 'variants.A.views': 10, 'variants.A.clicks': 4, 'variants.B.views': 8 });
    expect(rolled[0]!.employees).toEqual({ [JANE]: { views: 10, clicks: 4 }, [JOHN]: { views: 2 }, [TEMP]: { clicks: 8 } });
    expect([...rolled[0]!.employeeIds].sort()).toEqual([JANE, JOHN, TEMP].sort());

    // A second run (a retried or duplicate delivery) rolls nothing again.
    const before = (await rollups().doc(`${YESTERDAY}_0`).get()).updateTime;
    await env.deps.tasks.enqueue('tracking.rollup', { tenantId: T });
    await env.deps.tasks.drain();
    expect((await rollups().doc(`${YESTERDAY}_0`).get()).updateTime?.isEqual(before!)).toBe(true);

    // Erasing an employee removes their entry from shards and rollups alike; the totals stay.
    const purge = await env.http.post('/api/privacy/purge').set('Authorization', `Bearer ${admin}`).send({ userIds: [TEMP] });
    expect(purge.status).toBe(202);
    await env.deps.tasks.drain();
    const afterShards = await docsOf(shards().where('day', '==', YESTERDAY));
    const afterRollups = await docsOf(rollups().where('day', '==', YESTERDAY));
    expect(afterShards.every((s) => !(TEMP in (s.employees as object)) && !(s.employeeIds as string[]).includes(TEMP))).toBe(true);
    expect(afterRollups[0]!.employees).toEqual({ [JANE]: { views: 10, clicks: 4 }, [JOHN]: { views: 2 } });
    expect(afterRollups[0]!.employeeIds).not.toContain(TEMP);
    expect(sumByPath(afterRollups)).toEqual(sumByPath(afterShards));
    expect(sumByPath(afterRollups).views).toBe(14);
  });

  it("exports an employee's own entry of a rollup, not the colleagues' nor the totals", async () => {
    const exported = await exportUser(env.deps, T, { userId: JANE, authUid: null });
    const docs = (exported.collections as Record<string, { documents: { path: string; data: Record<string, unknown> }[] }>).counterRollups!.documents;
    expect(docs).toEqual([{ path: `tenants/${T}/campaigns/${C}/counterRollups/${YESTERDAY}_0`, data: { campaignId: C, day: YESTERDAY, employees: { [JANE]: { views: 10, clicks: 4 } } } }]);
  });

  it('stores no rollup for a campaign without counts, nor for a deleted campaign', async () => {
    await env.deps.db.doc(`tenants/${T}/campaigns/quiet`).set({ ...(await env.deps.db.doc(`tenants/${T}/campaigns/${C}`).get()).data(), name: 'Quiet' });
    await env.deps.tasks.enqueue('tracking.rollup', { tenantId: T }, { id: 'rollup-quiet' });
    await env.deps.tasks.drain();
    expect((await rollups('quiet').get()).size).toBe(0);
    await seedDay('2026-11-28', 'gone');
    expect(await rollUpDay(env.deps, { tenantId: T, campaignId: 'gone', day: '2026-11-28', writeEmpty: true })).toEqual({ pages: [], created: false });
    expect((await rollups('gone').get()).size).toBe(0);
  });
});

describe('reports from rollups', () => {
  const DAYS = ['2026-11-25', '2026-11-26', '2026-11-27', TODAY];

  it('read each finished day from its rollup (rolled on first read) and only today from its shards', async () => {
    for (const day of DAYS) await seedDay(day);
    const ask = () => env.http.get(`/api/reports/campaigns/${C}`).query({ from: DAYS[0], to: TODAY }).set('Authorization', `Bearer ${viewer}`);
    const first = await ask();
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    // 4 seeded days (JOHN's shard entries intact; TEMP was erased only on 2026-12-01, so still here), yesterday's rollup.
    expect(first.body.views).toBe(14 * 5);
    expect(first.body.days.map((d: { views: number }) => d.views)).toEqual([14, 14, 14, 0, 0, 0, 14, 14]);
    expect(first.body.topEmployees.map((e: { userId: string; clicks: number }) => [e.userId, e.clicks])).toEqual([[TEMP, 32], [JANE, 20], [JOHN, 0]]);

    const { result: second, readPaths } = await countFirestoreRequests(() => ask());
    expect(second.body).toEqual(first.body);
    const counterDays = readPaths.filter((p) => p.includes('/counters/')).map((p) => p.split('/').at(-1)!.split('_')[0]);
    expect(new Set(counterDays)).toEqual(new Set([TODAY]));
    const rollupDays = readPaths.filter((p) => p.includes('/counterRollups/')).map((p) => p.split('/').at(-1)!.split('_')[0]).sort();
    // Every finished day of the range, empty ones included (stored by the first report), once each.
    expect(rollupDays).toEqual(['2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29', '2026-11-30', YESTERDAY]);
    // Besides the caller's tenant and membership (the API's checks): the campaign, and the names of the top employees.
    const others = readPaths.filter((p) => !/\/(counters|counterRollups)\//.test(p));
    expect(others.filter((p) => p.startsWith(`tenants/${T}/campaigns/`))).toEqual([`tenants/${T}/campaigns/${C}`]);
    expect(others.filter((p) => p.startsWith(`tenants/${T}/users/`)).sort()).toEqual([JANE, JOHN, TEMP].map((u) => `tenants/${T}/users/${u}`).sort());
  });

  it('sums rollup pages of a day with more employees than one page holds', async () => {
    const day = '2026-11-20';
    const employees: Record<string, { views: number; clicks: number }> = {};
    for (let i = 0; i < ROLLUP_EMPLOYEES_PER_PAGE + 150; i++) employees[`emp${String(i).padStart(5, '0')}`] = { views: 1, clicks: 0 };
    employees.zzz_last_page = { views: 1, clicks: 50 };
    await shards().doc(`${day}_0`).set({ campaignId: C, day, shard: 0, views: 2151, clicks: 50, botViews: 0, botClicks: 0, employees, employeeIds: Object.keys(employees) });
    const res = await env.http.get(`/api/reports/campaigns/${C}`).query({ from: day, to: day }).set('Authorization', `Bearer ${viewer}`);
    expect(res.status).toBe(200);
    expect(res.body.topEmployees[0]).toEqual({ userId: 'zzz_last_page', name: '', views: 1, clicks: 50 });
    const pages = await docsOf(rollups().where('day', '==', day));
    expect(pages.map((p) => (p.employeeIds as string[]).length).sort((a, b) => b - a)).toEqual([ROLLUP_EMPLOYEES_PER_PAGE, 151]);
    expect(sumByPath(pages)).toEqual(sumByPath(await docsOf(shards().where('day', '==', day))));
  });

  it('rolls a day up once, however many reports fold it at the same time', async () => {
    const day = '2026-11-15';
    await seedDay(day);
    const results = await Promise.all(Array.from({ length: 6 }, () => rollUpDay(env.deps, { tenantId: T, campaignId: C, day, writeEmpty: false })));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const stored = await docsOf(rollups().where('day', '==', day));
    expect(stored).toHaveLength(1);
    for (const r of results) expect(sumByPath(r.pages)).toEqual(sumByPath(stored));
  });

  it('stores nothing for an empty day far outside any report window', async () => {
    const res = await env.http.get(`/api/reports/campaigns/${C}`).query({ from: '2024-01-01', to: '2024-01-10' }).set('Authorization', `Bearer ${viewer}`);
    expect(res.status).toBe(200);
    expect(res.body.views).toBe(0);
    expect((await rollups().where('day', '<=', '2024-12-31').get()).size).toBe(0);
  });
});
