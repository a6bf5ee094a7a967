import { doc } from '../../functions/src/core/catalog.js';
import type { Deps } from '../../functions/src/core/deps.js';
import { startJob, getJob } from '../../functions/src/jobs/job-store.js';
import type { LocalDeps } from '../../functions/src/local/local-deps.js';
import { syncSettingsRef } from '../../functions/src/directory/sync-settings.js';
import { FAKE_GOOGLE_CUSTOMER_ID } from '../fakes/google-directory-fake.js';

/** A tenant of its own for a sync test, with its source settings. */
export async function createSyncTenant(
  deps: Deps,
  tenantId: string,
  source: { google: { customerId: string; adminEmail: string } } | { microsoft: { tenantId: string } },
): Promise<void> {
  const now = deps.now();
  await doc(deps.db, 'tenants', { tenantId }).set({
    name: tenantId,
    region: 'eu',
    status: 'active',
    domains: [`${tenantId}.example`],
    // Bound as the proof flows would: the tenant's domain and its admin's, the fakes' customer / tenant.
    verifiedDomains: [...new Set([`${tenantId}.example`, ...('google' in source ? [source.google.adminEmail.split('@')[1]!] : [])])],
    googleCustomerId: 'google' in source ? (source.google.customerId === 'my_customer' ? FAKE_GOOGLE_CUSTOMER_ID : source.google.customerId) : null,
    entraTenantId: 'microsoft' in source ? source.microsoft.tenantId : null,
    directorySource: 'google' in source ? 'google' : 'microsoft',
    settings: { auditRetentionDays: 365, fallbackUrl: null, gmailSignatures: false, recipientTracking: { enabled: false, retentionDays: 90 } },
    createdAt: now,
  });
  await syncSettingsRef(deps, tenantId).set({
    google: 'google' in source ? source.google : null,
    microsoft: 'microsoft' in source ? source.microsoft : null,
    deltaLink: null,
    updatedAt: now,
  });
}

/** Runs one sync job to its end (retries included) and returns its view. */
export async function runSync(deps: LocalDeps, tenantId: string, payload: { confirmRemovals?: number } = {}) {
  const jobId = await startJob(deps, { tenantId, kind: 'directory.sync', createdBy: 'test', payload });
  await deps.tasks.drain();
  return getJob(deps, tenantId, jobId);
}

export async function usersOf(deps: Deps, tenantId: string) {
  const snap = await deps.db.collection(`tenants/${tenantId}/users`).get();
  return new Map(snap.docs.map((d) => [d.get('email') as string, { id: d.id, data: d.data(), updateTime: d.updateTime.toMillis() }]));
}

export async function purgeJobs(deps: Deps, tenantId: string) {
  const snap = await deps.db.collection(`tenants/${tenantId}/jobs`).where('kind', '==', 'privacy.purge').get();
  return snap.docs.map((d) => ({ id: d.id, ...d.data() }));
}

/** Records what is enqueued (the task payloads) while still running it. */
export function recordEnqueued(deps: LocalDeps): { name: string; payload: any }[] {
  const seen: { name: string; payload: any }[] = [];
  const original = deps.tasks.enqueue.bind(deps.tasks);
  deps.tasks.enqueue = async (name, payload, options) => {
    seen.push({ name, payload });
    return original(name, payload, options);
  };
  return seen;
}
