import type { Deps } from '../core/deps.js';
import { fileStore } from '../platform/file-store.js';
import { activeTenantIds } from '../tenants/list-tenant-ids.js';
import { sweepGlobalExpired } from './sweep-expired.js';

export async function enqueueRetentionSweeps(deps: Deps): Promise<void> {
  const day = deps.now().toISOString().slice(0, 10);
  let count = 0;
  for await (const tenantId of activeTenantIds(deps)) {
    // One task per tenant and day: a re-run of the schedule enqueues nothing twice.
    await deps.tasks.enqueue('retention.sweep', { tenantId }, { id: `retention-${day}` });
    count++;
  }
  const global = await sweepGlobalExpired(deps);
  // The bucket's expiry rule, checked daily (one metadata read): a bucket created or edited by hand gets it back.
  const expiryRuleAdded = await fileStore(deps)
    .ensureExpiryRule()
    .catch((err: unknown) => {
      deps.log.warn('stored files: could not check the bucket expiry rule; the daily sweep still deletes expired files', { error: String(err) });
      return false;
    });
  deps.log.info('retention sweeps enqueued', { tenants: count, globalDeleted: global, expiryRuleAdded });
}
