import { doc } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { gmailCredentialsAvailable } from '../google/gmail-signature.js';
import { startJob } from '../jobs/job-store.js';
import { activeTenantIds } from '../tenants/list-tenant-ids.js';

/**
 * Once a day, one Gmail deployment per Google Workspace tenant: campaigns start and end and
 * banners rotate with time, not only when someone edits something. The job renders everyone only
 * when a tenant-wide input changed since its last complete pass (deploy-plan.ts), else only the
 * users written since and the failed pushes; it pushes only signatures whose HTML changed, so a
 * quiet day costs a few reads, not a read of every user.
 */
export async function enqueueDailyDeploys(deps: Deps): Promise<void> {
  await enqueueDaily(deps, 'signatures', (tenantId, jobId) => startJob(deps, { tenantId, kind: 'signatures.deploy', createdBy: 'system', jobId, payload: { scope: { kind: 'all' }, force: false, daily: true } }));
}

/**
 * Once a day, after the deployment, one drift check per Google Workspace tenant that pushes
 * signatures: what Gmail holds is read back and restored or reported per the tenant's policy.
 */
export async function enqueueDailyDriftChecks(deps: Deps): Promise<void> {
  await enqueueDaily(deps, 'signatures-drift', (tenantId, jobId) => startJob(deps, { tenantId, kind: 'signatures.drift', createdBy: 'system', jobId, payload: {} }));
}

/** One job a day (id `{prefix}-{day}`) per Google Workspace tenant that pushes signatures to Gmail. */
async function enqueueDaily(deps: Deps, prefix: string, start: (tenantId: string, jobId: string) => Promise<string>): Promise<void> {
  if (!(await gmailCredentialsAvailable(deps))) {
    deps.log.warn('daily Gmail signature jobs skipped: no Google credentials', { jobs: prefix });
    return;
  }
  const day = deps.now().toISOString().slice(0, 10);
  let count = 0;
  for await (const tenantId of activeTenantIds(deps)) {
    const tenant = (await doc(deps.db, 'tenants', { tenantId }).get()).data();
    if (tenant?.directorySource !== 'google' || !tenant.settings.gmailSignatures) continue;
    // One job per tenant and day: a re-run of the schedule must not reset a job already under way.
    const jobId = `${prefix}-${day}`;
    if ((await doc(deps.db, 'jobs', { tenantId, jobId }).get()).exists) continue;
    await start(tenantId, jobId);
    count++;
  }
  deps.log.info('daily Gmail signature jobs enqueued', { jobs: prefix, tenants: count });
}
