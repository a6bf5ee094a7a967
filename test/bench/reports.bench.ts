/**
 * Reports bench (`npm run bench -- reports`), on the official Firestore emulator: a hot campaign's
 * 30-day report read from daily rollups. Prints {"reports": {…}}:
 * - readsTopEmployees30d (goal ≤ 60): documents one report of the last 30 finished days reads once
 *   they are rolled up (campaign, one rollup a day, the top employees' names), counted from the
 *   Firestore client's own request log; readsTopEmployees30dWithToday the default range (29 finished
 *   days and today's shards); readsFirstReport30d the first report, which rolls the 30 days up;
 *   shardsInRange30d what every report read before rollups (each shard of the range);
 * - countersReadForFinishedDays (0): shards of finished days among what the warm report read;
 * - p95Ms30d, oneReadP95Ms, p95Ratio30d (goal ≤ 10): the warm report's p95 beside the p95 of one
 *   document read (a rollup, by path), interleaved, ROUNDS each; *WithToday the default range;
 * - aggregationQueries30d (≤ 40): aggregation queries of the warm report;
 * - sumsRight: every total, day, bot reason, device, the unknown `variants` map (in the rollups) and
 *   the top employees equal the sums of the seeded shard values, for both ranges.
 * Seeded: SHARDS counter shards a day (53: what 1,000 clicks/s leave on one instance) for today and
 * the 30 days before, each holding every count field, a `variants` map and EMPLOYEES entries.
 */
import { readConfig } from '../../functions/src/core/config.js';
import { COUNTER_FIELDS } from '../../functions/src/core/counter-shape.js';
import { startFirestoreEmulator } from '../../functions/src/local/firestore-emulator.js';
import { createLocalDeps } from '../../functions/src/local/local-deps.js';
import { memoryLogger } from '../../functions/src/platform/logger.js';
import { utcDay } from '../../functions/src/tracking/build-hit.js';
import { campaignReport, type CampaignReport } from '../../functions/src/tracking/campaign-report.js';
import { lastFinishedDay } from '../../functions/src/tracking/roll-up-day.js';
import { countFirestoreRequests } from '../support/count-firestore-requests.js';

const SHARDS = Number(process.env.BENCH_REPORT_SHARDS ?? 53);
const EMPLOYEES = Number(process.env.BENCH_REPORT_EMPLOYEES ?? 50);
const ROUNDS = Number(process.env.BENCH_REPORT_ROUNDS ?? 40);
const DAYS = 31;
const log = (msg: string) => process.stderr.write(`reports bench: ${msg}\n`);

const emulator = await startFirestoreEmulator({ quiet: true });
process.env.FIRESTORE_EMULATOR_HOST = emulator.host;
const config = readConfig({ ...process.env, GCLOUD_PROJECT: 'demo-herald' });
const now = new Date();
const deps = createLocalDeps({ config, log: memoryLogger(), firestoreEmulatorHost: emulator.host, databaseId: 'bench-reports', now: () => now });

const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.ceil(xs.length * 0.95) - 1]!;
const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

try {
  const tenantId = 'bench';
  const campaignId = 'hot';
  await deps.db.doc(`tenants/${tenantId}/campaigns/${campaignId}`).set({ kind: 'banner', name: 'Hot campaign', status: 'active' });
  const userIds = Array.from({ length: EMPLOYEES }, (_, e) => `bench-user-${String(e).padStart(3, '0')}`);
  for (const [e, userId] of userIds.entries()) await deps.db.doc(`tenants/${tenantId}/users/${userId}`).set({ firstName: 'Bench', lastName: `Person ${e}`, email: `person${e}@bench.example` });

  // What each day holds, summed as the shards are written: the oracle for both ranges.
  const perDay = new Map<string, { fields: Map<string, number>; employees: Map<string, { views: number; clicks: number }> }>();
  const writer = deps.db.bulkWriter();
  let n = 0;
  for (let d = 0; d < DAYS; d++) {
    const day = utcDay(new Date(now.getTime() - d * 86_400_000));
    const expected = { fields: new Map<string, number>(), employees: new Map<string, { views: number; clicks: number }>() };
    perDay.set(day, expected);
    for (let shard = 0; shard < SHARDS; shard++) {
      const data: Record<string, unknown> = { campaignId, day, shard };
      const fields = [...COUNTER_FIELDS, 'variants.a.views', 'variants.a.clicks', 'variants.b.views', 'variants.b.clicks'];
      fields.forEach((field, i) => {
        // Deterministic, uneven values; many zero (as increment(0) leaves untouched fields).
        const value = (shard * 7 + d * 3 + i * 5) % 11 < 4 ? 0 : ((shard + d + i) % 9) + 1;
        const keys = field.split('.');
        let node = data;
        for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
        node[keys[keys.length - 1]!] = value;
        expected.fields.set(field, (expected.fields.get(field) ?? 0) + value);
      });
      const employees: Record<string, { views: number; clicks: number }> = {};
      userIds.forEach((userId, e) => {
        const entry = { views: (shard + e + d) % 5, clicks: (shard * e + d) % 3 };
        employees[userId] = entry;
        const t = expected.employees.get(userId) ?? { views: 0, clicks: 0 };
        expected.employees.set(userId, { views: t.views + entry.views, clicks: t.clicks + entry.clicks });
      });
      data.employees = employees;
      data.employeeIds = userIds;
      void writer.set(deps.db.doc(`tenants/${tenantId}/campaigns/${campaignId}/counters/${day}_${shard}`), data);
      n++;
    }
  }
  await writer.close();
  log(`seeded ${n} shards (${SHARDS} a day, ${EMPLOYEES} employees each) on the official emulator ${emulator.version}`);

  const finished = lastFinishedDay(now);
  const finishedRange = { from: utcDay(new Date(Date.parse(`${finished}T00:00:00Z`) - 29 * 86_400_000)), to: finished };
  const rangeDays = (from: string, to: string) => [...perDay.keys()].filter((d) => d >= from && d <= to);

  /** Every figure of a report against the seeded sums; the names of what is wrong. */
  const wrongIn = (report: CampaignReport, days: string[]): string[] => {
    const sum = (field: string) => days.reduce((s, d) => s + (perDay.get(d)!.fields.get(field) ?? 0), 0);
    const got = (field: string): number => {
      if (field === 'views' || field === 'clicks') return report[field];
      if (field === 'botViews') return report.bot.views;
      if (field === 'botClicks') return report.bot.clicks;
      const [group, a, b] = field.split('.');
      if (group === 'devices') return (report.devices as Record<string, number>)[a!] ?? 0;
      return (report.botReasons[a as 'view' | 'click'] as Record<string, number>)[b!] ?? 0;
    };
    const wrong = COUNTER_FIELDS.filter((f) => got(f) !== sum(f));
    for (const d of report.days) for (const f of ['views', 'clicks'] as const) if (d[f] !== (perDay.get(d.day)?.fields.get(f) ?? 0)) wrong.push(`${d.day}/${f}`);
    const totals = new Map<string, { views: number; clicks: number }>();
    for (const d of days) for (const [u, t] of perDay.get(d)!.employees) totals.set(u, { views: (totals.get(u)?.views ?? 0) + t.views, clicks: (totals.get(u)?.clicks ?? 0) + t.clicks });
    const top = [...totals].sort((a, b) => b[1].clicks - a[1].clicks || b[1].views - a[1].views || a[0].localeCompare(b[0])).slice(0, 10);
    if (JSON.stringify(report.topEmployees.map((e) => [e.userId, e.views, e.clicks])) !== JSON.stringify(top.map(([u, t]) => [u, t.views, t.clicks]))) wrong.push('topEmployees');
    return wrong;
  };

  const run = (query: { from?: string; to?: string }) => countFirestoreRequests(() => campaignReport(deps, tenantId, campaignId, query));

  let started = performance.now();
  const first = await run(finishedRange);
  const firstReportMs = Math.round(performance.now() - started);
  const warm = await run(finishedRange);
  const withToday = await run({});
  const wrong = [...wrongIn(first.result, rangeDays(finishedRange.from, finishedRange.to)), ...wrongIn(warm.result, rangeDays(finishedRange.from, finishedRange.to)), ...wrongIn(withToday.result, rangeDays(withToday.result.from, withToday.result.to))];
  // The unknown map is carried into the rollups: their `variants` sums equal the shards'.
  const rollups = await deps.db.collection(`tenants/${tenantId}/campaigns/${campaignId}/counterRollups`).where('day', '>=', finishedRange.from).where('day', '<=', finishedRange.to).get();
  for (const field of ['variants.a.views', 'variants.a.clicks', 'variants.b.views', 'variants.b.clicks']) {
    const stored = rollups.docs.reduce((s, d) => s + (Number(d.get(field)) || 0), 0);
    if (stored !== rangeDays(finishedRange.from, finishedRange.to).reduce((s, d) => s + (perDay.get(d)!.fields.get(field) ?? 0), 0)) wrong.push(`rollups/${field}`);
  }
  if (wrong.length) log(`wrong sums: ${wrong.slice(0, 10).join(', ')}`);
  const finishedDays = new Set(rangeDays(finishedRange.from, withToday.result.to).filter((d) => d <= finished));
  const countersReadForFinishedDays = [...warm.readPaths, ...withToday.readPaths].filter((p) => p.includes('/counters/') && finishedDays.has(p.split('/').at(-1)!.split('_')[0]!)).length;
  const shardsInRange30d = (await deps.db.collection(`tenants/${tenantId}/campaigns/${campaignId}/counters`).where('day', '>=', finishedRange.from).where('day', '<=', finishedRange.to).count().get()).data().count;

  // Latency: the warm report, the default range and one document read, interleaved.
  const oneDoc = deps.db.doc(rollups.docs[0]!.ref.path);
  const times = { report: [] as number[], withToday: [] as number[], oneRead: [] as number[] };
  for (let r = 0; r < ROUNDS; r++) {
    started = performance.now();
    await campaignReport(deps, tenantId, campaignId, finishedRange);
    times.report.push(performance.now() - started);
    started = performance.now();
    await oneDoc.get();
    times.oneRead.push(performance.now() - started);
    started = performance.now();
    await campaignReport(deps, tenantId, campaignId, {});
    times.withToday.push(performance.now() - started);
  }
  const figures = {
    readsTopEmployees30d: warm.documentReads,
    readsTopEmployees30dWithToday: withToday.documentReads,
    readsFirstReport30d: first.documentReads,
    shardsInRange30d,
    countersReadForFinishedDays,
    aggregationQueries30d: warm.aggregationQueries,
    p95Ms30d: round(p95(times.report)),
    p95Ms30dWithToday: round(p95(times.withToday)),
    oneReadP95Ms: round(p95(times.oneRead)),
    p95Ratio30d: round(p95(times.report) / p95(times.oneRead)),
    p95Ratio30dWithToday: round(p95(times.withToday) / p95(times.oneRead)),
    firstReportMs,
    sumsRight: wrong.length === 0,
    shards: n,
    shardsPerDay: SHARDS,
    employees: EMPLOYEES,
    rounds: ROUNDS,
    emulatorVersion: emulator.version,
  };
  log(`30 finished days: ${figures.readsTopEmployees30d} documents read (was ${shardsInRange30d} shards), p95 ${figures.p95Ms30d} ms vs one read ${figures.oneReadP95Ms} ms; with today: ${figures.readsTopEmployees30dWithToday} reads, p95 ${figures.p95Ms30dWithToday} ms; first report (rolls 30 days up) ${figures.readsFirstReport30d} reads, ${firstReportMs} ms`);
  process.stdout.write(JSON.stringify({ reports: figures }) + '\n');
} finally {
  await deps.close();
  await emulator.stop();
}
