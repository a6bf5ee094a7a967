import type { Deps } from '../core/deps.js';
import { WATCHED_ACTIONS, WATCHED_JOBS } from './detectors.js';

/**
 * Called where audit entries are written and where jobs finish: enqueues the scan of that entry
 * or job (alerts/scan-alerts.ts) when some detector watches it, nothing otherwise. The scan runs as
 * a task, so the request that wrote the entry waits for no detector; the task id is the entry's,
 * so a repeat is a no-op. A queue failure is logged, never turned into a failed request.
 */
export async function watchAudit(deps: Deps, tenantId: string, auditId: string, action: string): Promise<void> {
  if (WATCHED_ACTIONS.has(action)) await enqueueScan(deps, tenantId, 'audit', auditId);
}

export async function watchJob(deps: Deps, tenantId: string, jobId: string, kind: string): Promise<void> {
  if (WATCHED_JOBS.has(kind)) await enqueueScan(deps, tenantId, 'job', jobId);
}

async function enqueueScan(deps: Deps, tenantId: string, source: 'audit' | 'job', id: string): Promise<void> {
  try {
    await deps.tasks.enqueue('alerts.scan', { tenantId, source, id }, { id: `alerts-${source}-${id}` });
  } catch (err) {
    deps.log.warn('alert scan not enqueued', { tenantId, source, id, error: err instanceof Error ? err.name : 'unknown' });
  }
}
