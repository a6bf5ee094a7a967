import { doc } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import { activeTenantIds } from '../tenants/list-tenant-ids.js';
import { startSourceSync } from './sync-admin.js';
import { syncSource } from './sync-settings.js';

/** The daily fan-out: one sync job per tenant that syncs from Google or Microsoft. */
export async function enqueueDirectorySyncs(deps: Deps): Promise<void> {
  const day = deps.now().toISOString().slice(0, 10);
  let count = 0;
  let skipped = 0;
  for await (const tenantId of activeTenantIds(deps)) {
    const source = syncSource((await doc(deps.db, 'tenants', { tenantId }).get()).data());
    if (!source) continue;
    // One job per tenant and day: a re-run of the schedule starts nothing twice.
    const jobId = `sync-${day}`;
    if ((await doc(deps.db, 'jobs', { tenantId, jobId }).get()).exists) continue;
    try {
      await startSourceSync(deps, { tenantId, source, createdBy: 'system:schedule', jobId });
      count++;
    } catch (err) {
      // Already running (an admin started one), or not set up yet: one tenant never stops the others.
      if (!(err instanceof AppError && (err.code === 'conflict' || err.code === 'failed_precondition'))) throw err;
      skipped++;
    }
  }
  deps.log.info('directory syncs enqueued', { tenants: count, skipped });
}
