/**
 * Reports bench (`npm run bench -- reports`), on the official Firestore emulator: prints
 * {"reports": {"aggregationQueries30d", "sumsRight", "shards", "emulatorVersion"}}.
 * A hot campaign's 30-day report: 512 counter shards a day, each holding every count field as
 * counter writes leave them (build-hit.ts), summed by campaignReport. Aggregation queries are
 * counted from the Firestore client's own request log (goal ≤ 40); sumsRight compares every total,
 * day, bot reason and device with the sums of the seeded values.
 */
import { readConfig } from '../../functions/src/core/config.js';
import { startFirestoreEmulator } from '../../functions/src/local/firestore-emulator.js';
import { createLocalDeps } from '../../functions/src/local/local-deps.js';
import { memoryLogger } from '../../functions/src/platform/logger.js';
import { COUNTER_FIELDS } from '../../functions/src/core/counter-shape.js';
import { utcDay } from '../../functions/src/tracking/build-hit.js';
import { campaignReport } from '../../functions/src/tracking/campaign-report.js';
import { countAggregationQueries } from '../support/count-firestore-requests.js';

const SHARDS = Number(process.env.BENCH_REPORT_SHARDS ?? 512);
const DAYS = 30;
const log = (msg: string) => process.stderr.write(`reports bench: ${msg}\n`);

const emulator = await startFirestoreEmulator({ quiet: true });
process.env.FIRESTORE_EMULATOR_HOST = emulator.host;
const config = readConfig({ ...process.env, GCLOUD_PROJECT: 'demo-herald' });
const deps = createLocalDeps({ config, log: memoryLogger(), firestoreEmulatorHost: emulator.host, databaseId: 'bench-reports' });
try {
  const now = new Date();
  const tenantId = 'bench';
  const campaignId = 'hot';
  await deps.db.doc(`tenants/${tenantId}/campaigns/${campaignId}`).set({ kind: 'banner', name: 'Hot campaign', status: 'active' });
  const expected = new Map<string, number>();
  const expectedDay = new Map<string, number>();
  const writer = deps.db.bulkWriter();
  let n = 0;
  for (let d = 0; d < DAYS; d++) {
    const day = utcDay(new Date(now.getTime() - d * 86_400_000));
    for (let shard = 0; shard < SHARDS; shard++) {
      const data: Record<string, unknown> = { campaignId, day, shard };
      COUNTER_FIELDS.forEach((field, i) => {
        // Deterministic, uneven values; many zero (as increment(0) leaves untouched fields).
        const value = (shard * 7 + d * 3 + i * 5) % 11 < 4 ? 0 : ((shard + d + i) % 9) + 1;
        const keys = field.split('.');
        let node = data;
        for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
        node[keys[keys.length - 1]!] = value;
        expected.set(field, (expected.get(field) ?? 0) + value);
        if (field === 'views' || field === 'clicks') expectedDay.set(`${day}/${field}`, (expectedDay.get(`${day}/${field}`) ?? 0) + value);
      });
      void writer.set(deps.db.doc(`tenants/${tenantId}/campaigns/${campaignId}/counters/${day}_${shard}`), data);
      n++;
    }
  }
  await writer.close();
  log(`seeded ${n} shards on the official emulator ${emulator.version}`);

  const started = performance.now();
  const { result: report, queries } = await countAggregationQueries(() => campaignReport(deps, tenantId, campaignId, {}));
  const reportMs = Math.round(performance.now() - started);
  const got = (field: string): number => {
    if (field === 'views' || field === 'clicks') return report[field] as number;
    if (field === 'botViews') return report.bot.views;
    if (field === 'botClicks') return report.bot.clicks;
    const [group, a, b] = field.split('.');
    if (group === 'devices') return (report.devices as Record<string, number>)[a!] ?? 0;
    return (report.botReasons[a as 'view' | 'click'] as Record<string, number>)[b!] ?? 0;
  };
  const wrong = COUNTER_FIELDS.filter((f) => got(f) !== expected.get(f));
  for (const d of report.days) for (const f of ['views', 'clicks'] as const) if (d[f] !== expectedDay.get(`${d.day}/${f}`)) wrong.push(`${d.day}/${f}`);
  if (wrong.length) log(`wrong sums: ${wrong.slice(0, 10).join(', ')}`);
  log(`30-day report: ${queries} aggregation queries, ${reportMs} ms on the emulator (not a production latency: it scans)`);
  process.stdout.write(JSON.stringify({ reports: { aggregationQueries30d: queries, sumsRight: wrong.length === 0, shards: n, emulatorVersion: emulator.version } }) + '\n');
} finally {
  await deps.close();
  await emulator.stop();
}
