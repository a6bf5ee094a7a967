import { col } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { jobView, type JobView } from '../jobs/job-store.js';

export interface OperatorJobList {
  jobs: JobView[];
}

/** The tenant's most recent jobs (syncs, exports, erasures), newest first: what an operator investigating a stuck job reads. */
export async function recentJobs(deps: Deps, tenantId: string, limit = 50): Promise<OperatorJobList> {
  const snap = await col(deps.db, 'jobs', { tenantId }).orderBy('createdAt', 'desc').limit(limit).get();
  return { jobs: snap.docs.map((d) => jobView(d.id, d.data())) };
}
