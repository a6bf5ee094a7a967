import { col, doc } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { AppError, type Fix } from '../core/errors.js';
import { addDays, toIso } from '../core/timestamps.js';
import { jobSpecs, type JobName, type JobPayload } from '../core/jobs.js';
import type { JobDoc } from '../core/schemas/job.js';

const JOB_RETENTION_DAYS = 90;

export interface JobView {
  id: string;
  kind: string;
  status: JobDoc['status'];
  progress: { done: number; total: number | null };
  counts: Record<string, number>;
  error: { code: string; message: string; fix?: Fix } | null;
  createdAt: string | null;
  updatedAt: string | null;
}

/** What a route that starts a job answers (202): follow it with GET /api/jobs/:jobId. */
export interface JobStarted {
  jobId: string;
}

/** Creates the progress document, then enqueues the task under the same id (safe to repeat). */
export async function startJob<K extends JobName>(
  deps: Deps,
  input: { tenantId: string; kind: K; createdBy: string; payload: Omit<JobPayload<K>, 'tenantId' | 'jobId'>; jobId?: string },
): Promise<string> {
  const ref = input.jobId ? col(deps.db, 'jobs', { tenantId: input.tenantId }).doc(input.jobId) : col(deps.db, 'jobs', { tenantId: input.tenantId }).doc();
  const now = deps.now();
  await ref.set({
    kind: input.kind,
    status: 'queued',
    progress: { done: 0, total: null },
    counts: {},
    error: null,
    cursor: null,
    lease: null,
    createdBy: input.createdBy,
    attempts: 0,
    createdAt: now,
    updatedAt: now,
    expireAt: addDays(now, JOB_RETENTION_DAYS),
  });
  const payload = { ...input.payload, tenantId: input.tenantId, jobId: ref.id } as JobPayload<K>;
  jobSpecs[input.kind].payload.parse(payload);
  await deps.tasks.enqueue(input.kind, payload, { id: ref.id });
  return ref.id;
}

export function jobView(id: string, job: JobDoc): JobView {
  return {
    id,
    kind: job.kind,
    status: job.status,
    progress: job.progress,
    counts: job.counts ?? {},
    error: job.error,
    createdAt: toIso(job.createdAt),
    updatedAt: toIso(job.updatedAt),
  };
}

export async function getJob(deps: Deps, tenantId: string, jobId: string): Promise<JobView> {
  const snap = await doc(deps.db, 'jobs', { tenantId, jobId }).get();
  const data = snap.data();
  if (!data) throw new AppError('not_found', 'job not found');
  return jobView(snap.id, data);
}
