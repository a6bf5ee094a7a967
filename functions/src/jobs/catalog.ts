import { z } from 'zod';
import type { Deps } from '../deps.js';
import type { RetryPolicy } from '../platform/task-queue.js';
import type { JobControl } from './job-control.js';
import { purgePayloadSchema } from '../privacy/purge-schema.js';
import { tenantTaskSchema } from './task-schemas.js';
import { syncPayloadSchema } from '../directory/sync-schema.js';
import { deployPayloadSchema } from '../signatures/deploy-schema.js';

/**
 * The job catalog: every background job's name, payload schema, retry policy and handler, read by
 * both `enqueue()` and the `onTaskDispatched` functions in index.ts. Handlers are loaded lazily so
 * that a function's cold start pays only for the code it runs.
 */
export type JobHandler<P> = (deps: Deps, payload: P, job: JobControl) => Promise<void>;

export interface JobDefinition<S extends z.ZodType> {
  readonly description: string;
  readonly payload: S;
  readonly retry: RetryPolicy;
  readonly timeoutSeconds: number;
  readonly maxConcurrentDispatches: number;
  /** Secrets beyond the common ones that this job's function must bind (names in config.ts `secrets`). */
  readonly secrets?: readonly ('googleServiceAccountKey' | 'microsoftClientSecret')[];
  readonly load: () => Promise<JobHandler<z.output<S>>>;
}

const defineJob = <S extends z.ZodType>(d: JobDefinition<S>) => d;

export { idSchema, tenantTaskSchema } from './task-schemas.js';

const STANDARD_RETRY: RetryPolicy = { maxAttempts: 5, minBackoffSeconds: 10, maxBackoffSeconds: 600, maxDoublings: 4 };

export const jobs = {
  'retention.sweep': defineJob({
    description: "Deletes a tenant's documents whose expireAt has passed (backstop for Firestore TTL)",
    payload: tenantTaskSchema,
    retry: STANDARD_RETRY,
    timeoutSeconds: 540,
    maxConcurrentDispatches: 5,
    load: () => import('../privacy/sweep-expired.js').then((m) => m.sweepExpired),
  }),
  'privacy.purge': defineJob({
    description: "Erases a subject's data (users, a recipient, a campaign or the whole tenant), in resumable chunks, then issues a deletion certificate",
    payload: purgePayloadSchema,
    retry: { maxAttempts: 10, minBackoffSeconds: 10, maxBackoffSeconds: 300, maxDoublings: 3 },
    timeoutSeconds: 540,
    maxConcurrentDispatches: 10,
    load: () => import('../privacy/purge-job.js').then((m) => m.runPurge),
  }),
  'directory.sync': defineJob({
    description: "Syncs a tenant's directory from Google Workspace or Microsoft 365, page by page, resuming at the last page when retried",
    payload: syncPayloadSchema,
    retry: { maxAttempts: 5, minBackoffSeconds: 60, maxBackoffSeconds: 1800, maxDoublings: 3 },
    timeoutSeconds: 1800,
    maxConcurrentDispatches: 5,
    secrets: ['googleServiceAccountKey', 'microsoftClientSecret'],
    load: () => import('../directory/run-sync.js').then((m) => m.runDirectorySync),
  }),
  'signatures.deploy': defineJob({
    description: "Pushes rendered signatures to Google Workspace users' Gmail (only those that changed), rate-limited, resumable",
    payload: deployPayloadSchema,
    retry: STANDARD_RETRY,
    timeoutSeconds: 540,
    // One tenant's deployment at a time per instance keeps the Gmail API rate predictable.
    maxConcurrentDispatches: 2,
    secrets: ['googleServiceAccountKey'],
    load: () => import('../signatures/deploy-job.js').then((m) => m.deploySignatures),
  }),
  'privacy.export': defineJob({
    description: "Writes a tenant's data as JSON lines per catalog collection, for the admin to download",
    payload: tenantTaskSchema,
    retry: STANDARD_RETRY,
    timeoutSeconds: 540,
    maxConcurrentDispatches: 2,
    load: () => import('../privacy/export-tenant-job.js').then((m) => m.exportTenant),
  }),
  'privacy.access-review': defineJob({
    description: "Monthly access review of a tenant: roles held, last activity, inactive owners and admins flagged",
    payload: tenantTaskSchema,
    retry: STANDARD_RETRY,
    timeoutSeconds: 300,
    maxConcurrentDispatches: 5,
    load: () => import('../privacy/access-review.js').then((m) => m.runAccessReview),
  }),
} as const;

export type JobName = keyof typeof jobs;
export type JobPayload<K extends JobName> = z.input<(typeof jobs)[K]['payload']>;
export const JOB_NAMES = Object.keys(jobs) as JobName[];

/** `retention.sweep` → `retentionSweep`: its key in index.ts' `tasks` group. */
export function jobExportName(name: JobName): string {
  const [first, ...rest] = name.split(/[.-]/);
  return first + rest.map((p) => p[0]!.toUpperCase() + p.slice(1)).join('');
}

/** The deployed onTaskDispatched function (and Cloud Tasks queue) id: `tasks-retentionSweep`. */
export function jobFunctionName(name: JobName): string {
  return `tasks-${jobExportName(name)}`;
}
