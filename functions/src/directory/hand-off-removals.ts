import { doc } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { startJob } from '../jobs/job-store.js';

/** Above this many removals at once, a sync stops and an admin confirms: 10 % of the directory, at least 3, at most 50. */
export function removalLimit(directorySize: number): number {
  return Math.min(50, Math.max(3, Math.floor(directorySize * 0.1)));
}

const PURGE_CHUNK = 1000;

/**
 * Hands users who left the directory to the privacy purge, which erases all their data per the
 * catalog. Purge job ids derive from the handing job's id, so a retried sync does not start a
 * second purge for the same users.
 */
export async function handOffRemovals(deps: Deps, input: { tenantId: string; origin: string; userIds: string[] }): Promise<string[]> {
  const jobIds: string[] = [];
  const ids = [...input.userIds].sort();
  for (let i = 0; i < ids.length; i += PURGE_CHUNK) {
    const jobId = `${input.origin}-purge-${i / PURGE_CHUNK}`;
    jobIds.push(jobId);
    const existing = await doc(deps.db, 'jobs', { tenantId: input.tenantId, jobId }).get();
    if (existing.exists) continue;
    await startJob(deps, {
      tenantId: input.tenantId,
      kind: 'privacy.purge',
      createdBy: 'system:sync',
      jobId,
      payload: { subject: { kind: 'users', userIds: ids.slice(i, i + PURGE_CHUNK) }, reason: 'directory_sync' },
    });
  }
  if (ids.length) deps.log.info('directory removals handed to purge', { tenantId: input.tenantId, users: ids.length, jobs: jobIds.length });
  return jobIds;
}
