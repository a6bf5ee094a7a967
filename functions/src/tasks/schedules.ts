import { HIT_DRAIN_EVERY_MINUTES } from '../core/counter-shape.js';
import type { Deps } from '../core/deps.js';

/**
 * Scheduled work: `onSchedule` functions in production (index.ts), an in-process scheduler locally.
 * Each schedule only fans out per-tenant tasks, so no schedule runs long whatever the tenant count.
 */
export interface ScheduleDefinition {
  readonly description: string;
  /** Unix cron, evaluated in `timeZone`. */
  readonly schedule: string;
  readonly timeZone: string;
  /** The function's timeout when not the platform's default (60 s). */
  readonly timeoutSeconds?: number;
  readonly load: () => Promise<(deps: Deps) => Promise<void>>;
}

export const schedules = {
  retentionDaily: {
    description: 'Enqueues one retention sweep per tenant',
    schedule: '15 2 * * *',
    timeZone: 'Etc/UTC',
    load: () => import('../privacy/enqueue-retention-sweeps.js').then((m) => m.enqueueRetentionSweeps),
  },
  directorySyncDaily: {
    description: 'Enqueues one directory sync per tenant that syncs from Google Workspace or Microsoft 365',
    schedule: '30 3 * * *',
    timeZone: 'Etc/UTC',
    load: () => import('../directory/enqueue-syncs.js').then((m) => m.enqueueDirectorySyncs),
  },
  searchKeysDaily: {
    description: 'Enqueues, once per tenant and key version, the backfill of directory search keys',
    schedule: '45 2 * * *',
    timeZone: 'Etc/UTC',
    load: () => import('../directory/backfill-search-keys.js').then((m) => m.enqueueSearchKeyBackfills),
  },
  signaturesDaily: {
    // After the directory sync, so the day's signatures use the day's directory.
    description: 'Enqueues one Gmail signature deployment per Google Workspace tenant (campaign dates, banner rotation)',
    schedule: '30 4 * * *',
    timeZone: 'Etc/UTC',
    load: () => import('../signatures/enqueue-daily-deploys.js').then((m) => m.enqueueDailyDeploys),
  },
  signatureDriftDaily: {
    // After the day's deployment, so what it pushed is what the check compares with.
    description: 'Enqueues one Gmail signature drift check per Google Workspace tenant that pushes signatures (restore or report, per its policy)',
    schedule: '30 5 * * *',
    timeZone: 'Etc/UTC',
    load: () => import('../signatures/enqueue-daily-deploys.js').then((m) => m.enqueueDailyDriftChecks),
  },
  accessReviewMonthly: {
    description: 'Enqueues one access review per tenant, on the first of each month',
    schedule: '0 6 1 * *',
    timeZone: 'Etc/UTC',
    load: () => import('../privacy/access-review.js').then((m) => m.enqueueAccessReviews),
  },
  rollupsDaily: {
    // 00:30 UTC: yesterday ended more than the 15 minutes after which its counters are final.
    description: "Enqueues one counter roll-up per tenant (the last finished days of every banner campaign)",
    schedule: '30 0 * * *',
    timeZone: 'Etc/UTC',
    load: () => import('../tracking/rollup-job.js').then((m) => m.enqueueRollups),
  },
  hitsDrain: {
    // Not a per-tenant fan-out: one drain per project, bounded by its time budget (drain-hits.ts DRAIN_BUDGET_MS, 180 s of the 240 s timeout, under the 5 minutes between drains: two never overlap).
    description: `Folds the queued views and clicks into the campaigns' counter shards (every ${HIT_DRAIN_EVERY_MINUTES} minutes: today's counts appear after the next drain)`,
    schedule: `*/${HIT_DRAIN_EVERY_MINUTES} * * * *`,
    timeZone: 'Etc/UTC',
    timeoutSeconds: 240,
    load: () => import('../tracking/drain-hits.js').then((m) => m.runHitDrain),
  },
} as const satisfies Record<string, ScheduleDefinition>;

export type ScheduleName = keyof typeof schedules;
