import type { Firestore } from 'firebase-admin/firestore';
import { col, doc } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { ROLLUP_EMPLOYEES_PER_PAGE } from '../core/schemas/tracking.js';
import { utcDay } from './build-hit.js';
import { foldDay, rollupPages, type RollupPageData } from './fold-counts.js';

/**
 * How long after a UTC day ends its counters are taken as final. A hit is counted in the day of its
 * arrival and committed within its batch's wait (≤ 1.5 s, then the SDK's own commit retries, under a
 * minute): 15 minutes leaves a wide margin, so a rolled day is never written again and its rollup is
 * not re-folded. Until then the day is read from its shards. Through the hit queue a hit reaches its
 * shard at the next drain (≤ ~1 minute); a drain late beyond the margin deletes the rollups of the
 * days it reaches (drain-hits.ts), so they are folded again.
 */
export const FINISH_MARGIN_MS = 15 * 60_000;

/** The last UTC day whose counters are final at `now` (ended at least FINISH_MARGIN_MS ago). */
export function lastFinishedDay(now: Date): string {
  return utcDay(new Date(now.getTime() - FINISH_MARGIN_MS - 86_400_000));
}

const ALREADY_EXISTS = 6;

export interface RollUpOptions {
  tenantId: string;
  campaignId: string;
  day: string;
  /**
   * Store the rollup even when the day has no shard (so that reports read one document for it from
   * then on). The daily job stores only days with counts; reports store empty days of their window.
   */
  writeEmpty: boolean;
}

function refs(db: Firestore, tenantId: string, campaignId: string) {
  return {
    campaign: doc(db, 'campaigns', { tenantId, campaignId }),
    rollups: col(db, 'counterRollups', { tenantId, campaignId }),
    counters: col(db, 'counters', { tenantId, campaignId }),
    legacy: col(db, 'employeeCounters', { tenantId, campaignId }),
  };
}

/**
 * The rollup of one finished day of one campaign, folded from the day's shards (and legacy
 * per-employee shards) and created, all pages in one transaction; if it is already stored, its
 * stored pages. Idempotent and race-safe: pages are created, never overwritten (a concurrent fold's
 * commit fails as a whole and answers what the first stored), and the transaction reads the shards
 * it folds, so an erasure that removes an employee's entry from them meanwhile makes it retry on
 * the erased shards (a purge erases shards before rollups, then checks both). A deleted campaign
 * gets no rollup.
 * The caller decides that `day` is finished (lastFinishedDay).
 */
export async function rollUpDay(deps: Deps, options: RollUpOptions): Promise<{ pages: RollupPageData[]; created: boolean }> {
  const { tenantId, campaignId, day } = options;
  const r = refs(deps.db, tenantId, campaignId);
  try {
    return await deps.db.runTransaction(async (tx) => {
      // The first read starts the transaction; the two queries then run side by side in it.
      const campaign = await tx.get(r.campaign);
      if (!campaign.exists) return { pages: [], created: false };
      const [shards, legacy] = await Promise.all([tx.get(r.counters.where('day', '==', day)), tx.get(r.legacy.where('day', '==', day))]);
      const fold = foldDay(
        shards.docs.map((d) => d.data() as unknown as Record<string, unknown>),
        legacy.docs.map((d) => d.data() as unknown as Record<string, unknown>),
      );
      const pages = rollupPages(campaignId, day, fold, ROLLUP_EMPLOYEES_PER_PAGE);
      if (fold.shards === 0 && !options.writeEmpty) return { pages, created: false };
      const rolledAt = deps.now();
      for (const page of pages) {
        tx.create(r.rollups.doc(`${day}_${page.rollup.page}`), { ...page, rollup: { ...page.rollup, rolledAt } } as never);
      }
      return { pages, created: true };
    });
  } catch (err) {
    // Already rolled up (by a concurrent fold, or before this call): its create fails as a whole,
    // and what is stored is the answer.
    if ((err as { code?: unknown }).code !== ALREADY_EXISTS) throw err;
    const stored = await r.rollups.where('day', '==', day).get();
    return { pages: stored.docs.map((d) => d.data() as unknown as RollupPageData), created: false };
  }
}
