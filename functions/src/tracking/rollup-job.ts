import { col } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { activeTenantIds } from '../tenants/list-tenant-ids.js';
import { utcDay } from './build-hit.js';
import { lastFinishedDay, rollUpDay } from './roll-up-day.js';

/**
 * Finished days the daily job rolls up: yesterday and the two before, so a missed or failed run is
 * caught up by the next ones (a day already rolled costs one read); older days are rolled by the
 * first report that reads them.
 */
export const ROLLUP_CATCH_UP_DAYS = 3;
const CAMPAIGNS_IN_FLIGHT = 8;

/** The daily schedule: one `tracking.rollup` task per active tenant, once per day. */
export async function enqueueRollups(deps: Deps): Promise<void> {
  const day = utcDay(deps.now());
  let tenants = 0;
  for await (const tenantId of activeTenantIds(deps)) {
    // One task per tenant and day: a re-run of the schedule enqueues nothing twice.
    await deps.tasks.enqueue('tracking.rollup', { tenantId }, { id: `rollup-${day}` });
    tenants++;
  }
  deps.log.info('counter roll-ups enqueued', { tenants });
}

/**
 * One tenant's roll-up: for every banner campaign, each of the last ROLLUP_CATCH_UP_DAYS finished
 * days without a rollup is folded from its shards (rollUpDay: idempotent, so a retried or duplicate
 * delivery only finds the days done). Days without any count store nothing.
 */
export async function runRollups(deps: Deps, payload: { tenantId: string }): Promise<void> {
  const { tenantId } = payload;
  const last = lastFinishedDay(deps.now());
  const days = Array.from({ length: ROLLUP_CATCH_UP_DAYS }, (_, i) => utcDay(new Date(Date.parse(`${last}T00:00:00Z`) - (ROLLUP_CATCH_UP_DAYS - 1 - i) * 86_400_000)));
  const campaigns = (await col(deps.db, 'campaigns', { tenantId }).where('kind', '==', 'banner').select().get()).docs.map((d) => d.id);
  let rolled = 0;
  for (let i = 0; i < campaigns.length; i += CAMPAIGNS_IN_FLIGHT) {
    await Promise.all(
      campaigns.slice(i, i + CAMPAIGNS_IN_FLIGHT).map(async (campaignId) => {
        const stored = await col(deps.db, 'counterRollups', { tenantId, campaignId }).where('day', '>=', days[0]!).where('day', '<=', last).select('day').get();
        const have = new Set(stored.docs.map((d) => String(d.get('day'))));
        for (const day of days) {
          if (have.has(day)) continue;
          if ((await rollUpDay(deps, { tenantId, campaignId, day, writeEmpty: false })).created) rolled++;
        }
      }),
    );
  }
  deps.log.info('counter roll-up done', { tenantId, campaigns: campaigns.length, days: days.length, rolled });
}
