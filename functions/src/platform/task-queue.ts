import type { JobName, JobPayload } from '../jobs/catalog.js';

export interface EnqueueOptions {
  /**
   * Deterministic id, unique within the payload's tenant: a second enqueue with the same id is a
   * no-op (idempotency). The queue adds the tenant (jobs/task-id.ts): task ids are unique per queue.
   */
  id?: string;
  delaySeconds?: number;
}

/** Background work: Cloud Tasks (via firebase-admin) in production, an in-process queue locally. */
export interface TaskQueue {
  enqueue<K extends JobName>(name: K, payload: JobPayload<K>, options?: EnqueueOptions): Promise<void>;
}

export interface RetryPolicy {
  maxAttempts: number;
  minBackoffSeconds: number;
  maxBackoffSeconds: number;
  maxDoublings: number;
}

/** Cloud Tasks' backoff: doubles `maxDoublings` times from the minimum, then grows linearly, capped. */
export function backoffSeconds(policy: RetryPolicy, retry: number): number {
  const doublings = Math.min(retry, policy.maxDoublings);
  const linear = Math.max(0, retry - policy.maxDoublings);
  const base = policy.minBackoffSeconds * 2 ** doublings;
  const seconds = base + linear * policy.minBackoffSeconds * 2 ** policy.maxDoublings;
  return Math.min(policy.maxBackoffSeconds, seconds);
}
