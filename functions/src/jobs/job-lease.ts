import { Timestamp, type DocumentReference } from 'firebase-admin/firestore';
import type { Deps } from '../core/deps.js';
import { jobSpecs, type JobName } from '../core/jobs.js';
import type { JobDoc } from '../core/schemas/job.js';

/** Beyond the function's timeout: clock skew and the time Cloud Functions takes to stop an instance. */
export const LEASE_MARGIN_SECONDS = 60;

/**
 * A `running` job belongs to the delivery that started it until the lease ends: the function's
 * timeout (Cloud Functions stops the delivery by then) plus a margin. Cloud Tasks waits that long
 * for an answer (cloud-task-queue.ts sets the dispatch deadline), so a retry (a higher attempt)
 * means the earlier delivery is over and may take over at once; the same attempt again is a
 * duplicate dispatch and leaves the job to its holder. Once the lease ends with no retry coming
 * (the last attempt died), the job no longer counts as in progress (expireLapsedLease).
 */
export function leaseFor(kind: JobName, attempt: number, now: Date): { attempt: number; until: Date } {
  return { attempt, until: new Date(now.getTime() + (jobSpecs[kind].timeoutSeconds + LEASE_MARGIN_SECONDS) * 1000) };
}

/** When the job's lease ends; a job running from before leases were stored: its last update plus the longest lease. */
export function leaseEnd(job: JobDoc): number {
  if (job.lease) return millis(job.lease.until);
  const timeout = jobSpecs[job.kind as JobName]?.timeoutSeconds ?? Math.max(...Object.values(jobSpecs).map((j) => j.timeoutSeconds));
  return millis(job.updatedAt) + (timeout + LEASE_MARGIN_SECONDS) * 1000;
}

/** Another live delivery holds this running job: this one is a duplicate, not a retry. */
export function heldByAnother(job: JobDoc, attempt: number, now: Date): boolean {
  return job.status === 'running' && job.lease != null && leaseEnd(job) > now.getTime() && attempt <= job.lease.attempt;
}

/**
 * A running job whose delivery died with no retry left: marked failed (in a transaction, so a
 * delivery that just took it over wins) and reported as no longer in progress. False otherwise.
 */
export async function expireLapsedLease(deps: Deps, ref: DocumentReference<JobDoc>): Promise<boolean> {
  return deps.db.runTransaction(async (tx) => {
    const job = (await tx.get(ref)).data();
    const now = deps.now();
    if (!job || job.status !== 'running' || leaseEnd(job) > now.getTime()) return false;
    tx.update(ref, { status: 'failed', lease: null, error: { code: 'interrupted', message: 'The job stopped without finishing (its last delivery ended early); start it again.' }, updatedAt: now });
    deps.log.warn('job lease lapsed', { job: job.kind, jobId: ref.id });
    return true;
  });
}

function millis(value: unknown): number {
  if (value instanceof Timestamp) return value.toMillis();
  if (value instanceof Date) return value.getTime();
  return 0;
}
