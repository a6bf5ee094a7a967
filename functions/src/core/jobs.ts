import * as z from 'zod';
import { purgePayloadSchema } from './schemas/purge-payload.js';
import { tenantTaskSchema } from './schemas/ids.js';
import { syncPayloadSchema } from './schemas/sync-payload.js';
import { deployPayloadSchema } from './schemas/deploy-payload.js';
import { alertScanPayloadSchema, mailDeliverPayloadSchema } from './schemas/notice-payload.js';

/**
 * Every background job's name, payload schema, retry policy and limits: what `enqueue()` (the task
 * queues) and the `onTaskDispatched` functions in index.ts both read. The handlers are not here:
 * tasks/job-handlers.ts adds their lazy loads, so this floor imports no feature.
 */
export interface RetryPolicy {
  maxAttempts: number;
  minBackoffSeconds: number;
  maxBackoffSeconds: number;
  maxDoublings: number;
}

export interface JobSpec<S extends z.ZodType> {
  readonly description: string;
  readonly payload: S;
  readonly retry: RetryPolicy;
  readonly timeoutSeconds: number;
  readonly maxConcurrentDispatches: number;
  /** Secrets beyond the common ones that this job's function must bind (names in config.ts `secrets`). */
  readonly secrets?: readonly ('googleServiceAccountKey' | 'microsoftClientSecret' | 'smtpUrl')[];
}

const defineJob = <S extends z.ZodType>(d: JobSpec<S>) => d;

const STANDARD_RETRY: RetryPolicy = { maxAttempts: 5, minBackoffSeconds: 10, maxBackoffSeconds: 600, maxDoublings: 4 };

export const jobSpecs = {
  'retention.sweep': defineJob({
    description: "Deletes a tenant's documents whose expireAt has passed (backstop for Firestore TTL)",
    payload: tenantTaskSchema,
    retry: STANDARD_RETRY,
    timeoutSeconds: 540,
    maxConcurrentDispatches: 5,
  }),
  'privacy.purge': defineJob({
    description: "Erases a subject's data (users, a recipient, a campaign or the whole tenant), in resumable chunks, then issues a deletion certificate",
    payload: purgePayloadSchema,
    retry: { maxAttempts: 10, minBackoffSeconds: 10, maxBackoffSeconds: 300, maxDoublings: 3 },
    timeoutSeconds: 540,
    maxConcurrentDispatches: 10,
  }),
  'directory.sync': defineJob({
    description: "Syncs a tenant's directory from Google Workspace or Microsoft 365, page by page, resuming at the last page when retried",
    payload: syncPayloadSchema,
    retry: { maxAttempts: 5, minBackoffSeconds: 60, maxBackoffSeconds: 1800, maxDoublings: 3 },
    timeoutSeconds: 1800,
    maxConcurrentDispatches: 5,
    secrets: ['googleServiceAccountKey', 'microsoftClientSecret'],
  }),
  'signatures.deploy': defineJob({
    description: "Pushes rendered signatures to Google Workspace users' Gmail (only those that changed), rate-limited, resumable",
    payload: deployPayloadSchema,
    retry: STANDARD_RETRY,
    timeoutSeconds: 540,
    // One tenant's deployment at a time per instance keeps the Gmail API rate predictable.
    maxConcurrentDispatches: 2,
    secrets: ['googleServiceAccountKey'],
  }),
  'signatures.drift': defineJob({
    description: "Reads back each Gmail signature Herald deployed (primary and alias addresses) and, per the tenant's policy, restores or reports those changed in Gmail; writes nothing where nothing changed, resumable",
    payload: tenantTaskSchema,
    retry: STANDARD_RETRY,
    timeoutSeconds: 540,
    // Shares the Gmail project quota with the deployments (restores go through the same adaptive rate).
    maxConcurrentDispatches: 2,
    secrets: ['googleServiceAccountKey'],
  }),
  'privacy.export': defineJob({
    description: "Streams a tenant's data to storage as compressed JSON lines per catalog collection, in parts, resuming after the last finished part, for the admin to download",
    payload: tenantTaskSchema,
    retry: STANDARD_RETRY,
    timeoutSeconds: 540,
    maxConcurrentDispatches: 2,
  }),
  'privacy.access-review': defineJob({
    description: "Monthly access review of a tenant: roles held, last activity, inactive owners and admins flagged",
    payload: tenantTaskSchema,
    retry: STANDARD_RETRY,
    timeoutSeconds: 300,
    maxConcurrentDispatches: 5,
  }),
  'directory.search-keys': defineJob({
    description: "Gives a tenant's stored users the directory search keys of their current name and email (users stored before them, or under an older key version), resumable",
    payload: tenantTaskSchema,
    retry: STANDARD_RETRY,
    timeoutSeconds: 540,
    maxConcurrentDispatches: 2,
  }),
  'mail.deliver': defineJob({
    description: "Sends one outbox entry (an alert or incident mail) to the tenant's owners through the region's SMTP server; a refused send stays queued and is retried",
    payload: mailDeliverPayloadSchema,
    // About a day of retries (30 s doubling to an hour); the entry stays queued in any case.
    retry: { maxAttempts: 30, minBackoffSeconds: 30, maxBackoffSeconds: 3600, maxDoublings: 7 },
    timeoutSeconds: 120,
    maxConcurrentDispatches: 5,
    secrets: ['smtpUrl'],
  }),
  'alerts.scan': defineJob({
    description: 'Runs the alert detectors that watch one new audit entry or one finished job of a tenant; raises (once) and mails what they find',
    payload: alertScanPayloadSchema,
    retry: STANDARD_RETRY,
    timeoutSeconds: 60,
    maxConcurrentDispatches: 10,
  }),
  'tracking.rollup': defineJob({
    description: "Folds each banner campaign's counter shards of a tenant's last finished days into one rollup per campaign and day (reports then read one document a day)",
    payload: tenantTaskSchema,
    retry: STANDARD_RETRY,
    timeoutSeconds: 540,
    maxConcurrentDispatches: 5,
  }),
} as const;

export type JobName = keyof typeof jobSpecs;
export type JobPayload<K extends JobName> = z.input<(typeof jobSpecs)[K]['payload']>;
export const JOB_NAMES = Object.keys(jobSpecs) as JobName[];

/** `retention.sweep` → `retentionSweep`: its key in index.ts' `tasks` group. */
export function jobExportName(name: JobName): string {
  const [first, ...rest] = name.split(/[.-]/);
  return first + rest.map((p) => p[0]!.toUpperCase() + p.slice(1)).join('');
}

/** The deployed onTaskDispatched function (and Cloud Tasks queue) id: `tasks-retentionSweep`. */
export function jobFunctionName(name: JobName): string {
  return `tasks-${jobExportName(name)}`;
}

/** Cloud Tasks' backoff: doubles `maxDoublings` times from the minimum, then grows linearly, capped. */
export function backoffSeconds(policy: RetryPolicy, retry: number): number {
  const doublings = Math.min(retry, policy.maxDoublings);
  const linear = Math.max(0, retry - policy.maxDoublings);
  const base = policy.minBackoffSeconds * 2 ** doublings;
  const seconds = base + linear * policy.minBackoffSeconds * 2 ** policy.maxDoublings;
  return Math.min(policy.maxBackoffSeconds, seconds);
}
