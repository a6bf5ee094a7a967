import type { Deps } from '../deps.js';

/**
 * Scheduled work: `onSchedule` functions in production (index.ts), an in-process scheduler locally.
 * Each schedule only fans out per-tenant tasks, so no schedule runs long whatever the tenant count.
 */
export interface ScheduleDefinition {
  readonly description: string;
  /** Unix cron, evaluated in `timeZone`. */
  readonly schedule: string;
  readonly timeZone: string;
  readonly load: () => Promise<(deps: Deps) => Promise<void>>;
}

export const schedules = {
  retentionDaily: {
    description: 'Enqueues one retention sweep per tenant',
    schedule: '15 2 * * *',
    timeZone: 'Etc/UTC',
    load: () => import('../privacy/enqueue-retention-sweeps.js').then((m) => m.enqueueRetentionSweeps),
  },
  accessReviewMonthly: {
    description: 'Enqueues one access review per tenant, on the first of each month',
    schedule: '0 6 1 * *',
    timeZone: 'Etc/UTC',
    load: () => import('../privacy/access-review.js').then((m) => m.enqueueAccessReviews),
  },
} as const satisfies Record<string, ScheduleDefinition>;

export type ScheduleName = keyof typeof schedules;
