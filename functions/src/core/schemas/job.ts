import * as z from 'zod';
import { FIXES } from '../errors.js';
import { zTime } from './time.js';

export const JOB_STATUSES = ['queued', 'running', 'done', 'failed', 'held'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const jobSchema = z.object({
  kind: z.string(),
  status: z.enum(JOB_STATUSES),
  progress: z.object({ done: z.number().int().min(0), total: z.number().int().min(0).nullable() }),
  /** Outcome counts (created, updated, deleted…), never personal data. */
  counts: z.record(z.string(), z.number()).default({}),
  /** Why the job failed or is held: a code and a sentence without personal data. */
  error: z.object({ code: z.string(), message: z.string().max(500), fix: z.enum(FIXES).optional() }).nullable(),
  /** Where a retried delivery resumes (a page token, a cursor): never personal data. */
  cursor: z.string().max(4000).nullable().default(null),
  createdBy: z.string().max(128),
  attempts: z.number().int().min(0).default(0),
  /** Which delivery holds a running job, and until when (jobs/job-lease.ts); null otherwise. */
  lease: z.object({ attempt: z.number().int().min(1), until: zTime }).nullable().default(null),
  createdAt: zTime,
  updatedAt: zTime,
  expireAt: zTime,
});
export type JobDoc = z.infer<typeof jobSchema>;
