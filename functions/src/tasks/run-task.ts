import { FieldValue } from 'firebase-admin/firestore';
import { doc } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import type * as z from 'zod';
import type { JobName } from '../core/jobs.js';
import { jobs, type JobDefinition } from './job-handlers.js';
import { JobHeldError, untrackedJob, type JobControl } from '../jobs/job-control.js';
import { heldByAnother, leaseFor } from '../jobs/job-lease.js';
import { watchJob } from '../alerts/watch.js';

/**
 * Runs one delivery of a task, the same way in Cloud Tasks and in the local queue.
 * Idempotent under double delivery: a job already done, failed or held is not run again, and the
 * `running` transition happens in a transaction that takes the job's lease (jobs/job-lease.ts): a
 * duplicate dispatch leaves a running job to its holder, a retry takes it over.
 */
export async function runTask(
  deps: Deps,
  name: JobName,
  rawPayload: unknown,
  attempt: number,
  registry: Record<string, JobDefinition<z.ZodType>> = jobs,
): Promise<void> {
  const def = registry[name]!;
  const parsed = def.payload.safeParse(rawPayload);
  if (!parsed.success) {
    // A malformed payload never gets better with retries: log and drop it.
    deps.log.error('task payload rejected', { job: name, issues: parsed.error.issues.map((i) => i.path.join('.')).join(',') });
    return;
  }
  const payload = parsed.data as { tenantId: string; jobId?: string };
  const handler = (await def.load()) as (deps: Deps, payload: unknown, job: JobControl) => Promise<void>;
  if (!payload.jobId) {
    await handler(deps, payload, untrackedJob(attempt));
    return;
  }

  const ref = doc(deps.db, 'jobs', { tenantId: payload.tenantId, jobId: payload.jobId });
  let duplicate = false;
  const started = await deps.db.runTransaction(async (tx) => {
    duplicate = false;
    const snap = await tx.get(ref);
    const job = snap.data();
    if (!job || job.status === 'done' || job.status === 'failed' || job.status === 'held') return null;
    const now = deps.now();
    if (heldByAnother(job, attempt, now)) {
      duplicate = true;
      return null;
    }
    tx.update(ref, { status: 'running', attempts: FieldValue.increment(1), lease: leaseFor(name, attempt, now), updatedAt: now });
    return job;
  });
  if (!started) {
    deps.log.info(duplicate ? 'task skipped: another delivery holds the job' : 'task skipped: job not runnable', { job: name, jobId: payload.jobId });
    return;
  }

  let cursor = started.cursor ?? null;
  const control: JobControl = {
    jobId: payload.jobId,
    attempt,
    get cursor() {
      return cursor;
    },
    progress: async (done, total) => {
      await ref.update({ 'progress.done': done, ...(total !== undefined ? { 'progress.total': total } : {}), updatedAt: deps.now() });
    },
    checkpoint: async (next, update = {}) => {
      cursor = next;
      await ref.update({
        cursor: next,
        ...(update.done !== undefined ? { 'progress.done': update.done } : {}),
        ...(update.total !== undefined ? { 'progress.total': update.total } : {}),
        ...(update.counts ? { counts: update.counts } : {}),
        updatedAt: deps.now(),
      });
    },
  };

  try {
    await handler(deps, payload, control);
    await ref.update({ status: 'done', error: null, cursor: null, lease: null, updatedAt: deps.now() });
    await watchJob(deps, payload.tenantId, payload.jobId, name);
  } catch (err) {
    if (err instanceof JobHeldError) {
      await ref.update({ status: 'held', error: { code: err.code, message: err.message, ...(err.fix ? { fix: err.fix } : {}) }, lease: null, updatedAt: deps.now() });
      deps.log.warn('job held', { job: name, jobId: payload.jobId, code: err.code });
      await watchJob(deps, payload.tenantId, payload.jobId, name);
      return;
    }
    const last = attempt >= def.retry.maxAttempts;
    await ref.update({
      status: last ? 'failed' : 'queued',
      lease: null,
      error: { code: last ? 'failed' : 'retrying', message: safeMessage(err) },
      updatedAt: deps.now(),
    });
    if (last) {
      deps.log.error('job failed', { job: name, jobId: payload.jobId, attempt });
      return;
    }
    throw err;
  }
}

/** Error text stored for admins: our own messages carry ids only; anything else is summarised. */
function safeMessage(err: unknown): string {
  if (err instanceof Error && err.name === 'AppError') return err.message.slice(0, 500);
  return 'The job hit an unexpected error and will be retried; see the logs for the job id.';
}
