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
  directorySyncDaily: {
    description: 'Enqueues one directory sync per tenant that syncs from Google Workspace or Microsoft 365',
    schedule: '30 3 * * *',
    timeZone: 'Etc/UTC',
    load: () => import('../directory/enqueue-syncs.js').then((m) => m.enqueueDirectorySyncs),
  },
} as const satisfies Record<string, ScheduleDefinition>;

export type ScheduleName = keyof typeof schedules;
