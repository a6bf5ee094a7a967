import type { Query } from 'firebase-admin/firestore';
import { col } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { utcDay } from './build-hit.js';
import { addCounts, addLegacyEmployee, type Counts } from './fold-counts.js';
import { lastFinishedDay, rollUpDay } from './roll-up-day.js';

/** Days rolled up at once when a report finds finished days without a rollup. */
const FOLDS_IN_FLIGHT = 16;
/**
 * A report stores the rollup of an empty finished day (so it reads one document for it next time)
 * only within this many days of today: a far-away range with no counts stores nothing, which bounds
 * what a caller can make a report write to one rollup per day of the last ~year per campaign.
 */
const EMPTY_ROLLUP_WINDOW_DAYS = 367;

/**
 * Each day's counts of one campaign (every count field the shards hold, and the employees' entries),
 * for consecutive `days`: finished days from their rollups, in one query (a finished day not yet
 * rolled is rolled up now, then read from what that stored), the other days (today, a day that
 * ended less than FINISH_MARGIN_MS ago) from their shards. A hot campaign's 30 finished days are
 * thus 30 documents (one page each up to 2,000 employees a day), not ~53 shards a day.
 */
export async function dayCounts(deps: Deps, tenantId: string, campaignId: string, days: readonly string[]): Promise<Map<string, Counts>> {
  const now = deps.now();
  const finished = lastFinishedDay(now);
  const out = new Map<string, Counts>(days.map((d) => [d, {}]));
  const rolled = days.filter((d) => d <= finished);
  const open = days.filter((d) => d > finished);
  const emptyFrom = utcDay(new Date(now.getTime() - EMPTY_ROLLUP_WINDOW_DAYS * 86_400_000));
  const add = (day: string, data: Record<string, unknown>) => {
    const target = out.get(day);
    if (target) addCounts(target, data);
  };

  const fromRollups = async () => {
    if (!rolled.length) return;
    const snap = await col(deps.db, 'counterRollups', { tenantId, campaignId }).where('day', '>=', rolled[0]!).where('day', '<=', rolled[rolled.length - 1]!).get();
    const have = new Set<string>();
    for (const d of snap.docs) {
      const data = d.data() as unknown as Record<string, unknown>;
      add(String(data.day), data);
      have.add(String(data.day));
    }
    const missing = rolled.filter((d) => !have.has(d));
    for (let i = 0; i < missing.length; i += FOLDS_IN_FLIGHT) {
      await Promise.all(
        missing.slice(i, i + FOLDS_IN_FLIGHT).map(async (day) => {
          const { pages } = await rollUpDay(deps, { tenantId, campaignId, day, writeEmpty: day >= emptyFrom });
          for (const page of pages) add(day, page);
        }),
      );
    }
  };

  const fromShards = async () => {
    if (!open.length) return;
    const inOpen = <Q extends Query>(q: Q) => q.where('day', '>=', open[0]!).where('day', '<=', open[open.length - 1]!);
    const [shards, legacy] = await Promise.all([inOpen(col(deps.db, 'counters', { tenantId, campaignId })).get(), inOpen(col(deps.db, 'employeeCounters', { tenantId, campaignId })).get()]);
    for (const d of shards.docs) add(d.data().day, d.data() as unknown as Record<string, unknown>);
    for (const d of legacy.docs) {
      const target = out.get(d.data().day);
      if (target) addLegacyEmployee(target, d.data() as unknown as Record<string, unknown>);
    }
  };

  await Promise.all([fromRollups(), fromShards()]);
  return out;
}
