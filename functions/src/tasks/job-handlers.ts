import type * as z from 'zod';
import type { Deps } from '../core/deps.js';
import { jobSpecs, type JobName, type JobSpec } from '../core/jobs.js';
import type { JobControl } from '../jobs/job-control.js';

/**
 * The job catalog's handlers: each job of core/jobs.ts with the lazy load of the code that runs it,
 * read by the task runner (run-task.ts). Handlers load on first use, so a function's cold start pays
 * only for the code it runs.
 */
export type JobHandler<P> = (deps: Deps, payload: P, job: JobControl) => Promise<void>;

export interface JobDefinition<S extends z.ZodType> extends JobSpec<S> {
  readonly load: () => Promise<JobHandler<z.output<S>>>;
}

type PayloadOf<K extends JobName> = (typeof jobSpecs)[K]['payload'];
const withLoad = <K extends JobName>(name: K, load: () => Promise<JobHandler<z.output<PayloadOf<K>>>>): JobDefinition<PayloadOf<K>> => ({ ...jobSpecs[name], load });

export const jobs = {
  'retention.sweep': withLoad('retention.sweep', () => import('../privacy/sweep-expired.js').then((m) => m.sweepExpired)),
  'privacy.purge': withLoad('privacy.purge', () => import('../privacy/purge-job.js').then((m) => m.runPurge)),
  'directory.sync': withLoad('directory.sync', () => import('../directory/run-sync.js').then((m) => m.runDirectorySync)),
  'signatures.deploy': withLoad('signatures.deploy', () => import('../signatures/deploy-job.js').then((m) => m.deploySignatures)),
  'signatures.drift': withLoad('signatures.drift', () => import('../signatures/drift-job.js').then((m) => m.checkSignatureDrift)),
  'privacy.export': withLoad('privacy.export', () => import('../privacy/export-tenant-job.js').then((m) => m.exportTenant)),
  'privacy.access-review': withLoad('privacy.access-review', () => import('../privacy/access-review.js').then((m) => m.runAccessReview)),
  'directory.search-keys': withLoad('directory.search-keys', () => import('../directory/backfill-search-keys.js').then((m) => m.backfillSearchKeys)),
  'mail.deliver': withLoad('mail.deliver', () => import('../mail/deliver-mail.js').then((m) => m.deliverMail)),
  'alerts.scan': withLoad('alerts.scan', () => import('../alerts/scan-alerts.js').then((m) => m.scanForAlerts)),
  'tracking.rollup': withLoad('tracking.rollup', () => import('../tracking/rollup-job.js').then((m) => m.runRollups)),
} satisfies { [K in JobName]: JobDefinition<PayloadOf<K>> };
