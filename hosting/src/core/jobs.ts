import type { Api } from '../api';
import type { JobView } from '../../../functions/src/api-types.js';

const RUNNING = ['queued', 'running'];

/** Follows a job (GET /api/jobs/:id) until it ends, reporting each state; resolves with the last one. */
export async function followJob(api: Api, jobId: string, onUpdate: (job: JobView) => void, intervalMs = 700): Promise<JobView> {
  for (;;) {
    const job = await api<JobView>(`/jobs/${encodeURIComponent(jobId)}`);
    onUpdate(job);
    if (!RUNNING.includes(job.status)) return job;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
