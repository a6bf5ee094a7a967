import * as z from 'zod';
import { col, doc } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import { expireLapsedLease } from '../jobs/job-lease.js';
import { jobView, startJob, type JobStarted, type JobView } from '../jobs/job-store.js';
// The job's name only: run-sync.ts itself loads the Google and Microsoft clients, which the api function never needs.
import { SYNC_JOB } from './sync-job.js';
import { syncSettingsSchema } from '../core/schemas/sync-settings.js';
import { domainOf, isVerifiedAddress } from '../trust/verified-domains.js';
import { emailSchema } from '../core/schemas/user.js';
import { readSyncSettings, requireSyncSource, SOURCE_NAMES, syncSettingsRef, type SyncSource } from './sync-settings.js';
import { labelled } from '../core/field-labels.js';

/** Starts a sync now, unless one is already queued or running for this tenant. */
export async function startSync(deps: Deps, tenantId: string, createdBy: string, confirmRemovals?: number, jobId?: string): Promise<JobStarted> {
  const source = requireSyncSource((await doc(deps.db, 'tenants', { tenantId }).get()).data());
  return startSourceSync(deps, { tenantId, source, createdBy, confirmRemovals, jobId });
}

/** The same, for a tenant whose source the caller has just read (the daily fan-out). */
export async function startSourceSync(
  deps: Deps,
  input: { tenantId: string; source: SyncSource; createdBy: string; confirmRemovals?: number | undefined; jobId?: string | undefined },
): Promise<JobStarted> {
  const { tenantId, createdBy, confirmRemovals, jobId } = input;
  if (!(await readSyncSettings(deps, tenantId))) throw new AppError('failed_precondition', `Save the ${SOURCE_NAMES[input.source]} settings first, then sync.`, { fix: 'directory_settings' });
  const busy = await col(deps.db, 'jobs', { tenantId }).where('kind', '==', SYNC_JOB).where('status', 'in', ['queued', 'running']).limit(5).get();
  for (const job of busy.docs) {
    // A running sync whose delivery died with no retry left does not block the next one.
    if (await expireLapsedLease(deps, job.ref)) continue;
    throw new AppError('conflict', 'A sync is already running: its progress is on the Directory page; start another once it has finished.');
  }
  const id = await startJob(deps, { tenantId, kind: SYNC_JOB, createdBy, payload: confirmRemovals ? { confirmRemovals } : {}, ...(jobId ? { jobId } : {}) });
  return { jobId: id };
}

/** An admin confirms the removals a held sync found: a new sync runs, allowed to remove up to that many. */
export async function confirmHeldSync(deps: Deps, tenantId: string, jobId: string, createdBy: string): Promise<JobStarted> {
  const job = (await doc(deps.db, 'jobs', { tenantId, jobId }).get()).data();
  if (!job || job.kind !== SYNC_JOB) throw new AppError('not_found', 'sync job not found');
  const pending = job.counts?.pendingRemovals;
  if (job.status !== 'held' || job.error?.code !== 'mass_removal' || !pending) throw new AppError('failed_precondition', 'this sync is not waiting for a removal confirmation');
  const confirmedId = `${jobId}-confirmed`;
  if ((await doc(deps.db, 'jobs', { tenantId, jobId: confirmedId }).get()).exists) throw new AppError('conflict', 'this sync was already confirmed');
  return startSync(deps, tenantId, createdBy, pending, confirmedId);
}

export const syncHistoryQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) });

/** GET /api/directory/syncs: recent syncs, newest first. */
export interface SyncHistory {
  syncs: JobView[];
}

/** Recent syncs, newest first. Sync jobs expire with the jobs collection's retention. */
export async function syncHistory(deps: Deps, tenantId: string, limit: number): Promise<SyncHistory> {
  // Equality only, sorted here: a tenant has at most a few hundred sync jobs within their retention.
  const snap = await col(deps.db, 'jobs', { tenantId }).where('kind', '==', SYNC_JOB).get();
  const syncs = snap.docs.map((d) => jobView(d.id, d.data())).sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? ''));
  return { syncs: syncs.slice(0, limit) };
}

/**
 * The Google customer and the Entra tenant are not typed in: they come from the tenant's proof
 * (POST /api/tenant/google/connect, /api/tenant/microsoft/connect). An id may still be sent, and
 * must then be the bound one (`my_customer` means "the admin's own customer", also the bound one).
 */
export const settingsBody = z.discriminatedUnion('source', [
  z.object({ source: z.literal('csv') }).strict(),
  z
    .object({
      source: z.literal('google'),
      google: z.object({ adminEmail: emailSchema, customerId: z.string().max(64).optional() }).strict(),
    })
    .strict(),
  z
    .object({
      source: z.literal('microsoft'),
      microsoft: z.object({ tenantId: z.string().max(64).optional() }).strict().default({}),
    })
    .strict(),
]);
labelled(settingsBody, {
  source: 'Directory source',
  google: 'Google Workspace settings',
  'google.adminEmail': 'Google Workspace admin email',
  'google.customerId': 'Google customer',
  microsoft: 'Microsoft 365 settings',
  'microsoft.tenantId': 'Microsoft 365 organisation',
});

/** GET and PUT /api/directory/settings: where the directory comes from, and that source's settings. */
export interface DirectorySettingsView {
  source: 'google' | 'microsoft' | 'csv';
  google: { customerId: string; adminEmail: string } | null;
  microsoft: { tenantId: string } | null;
  incremental: boolean;
}

export async function getSyncSettings(deps: Deps, tenantId: string): Promise<DirectorySettingsView> {
  const tenant = (await doc(deps.db, 'tenants', { tenantId }).get()).data();
  const settings = await readSyncSettings(deps, tenantId);
  return {
    source: tenant?.directorySource ?? 'csv',
    google: settings?.google ?? null,
    microsoft: settings?.microsoft ?? null,
    incremental: Boolean(settings?.deltaLink),
  };
}

/** Chooses the source; a new Microsoft tenant (or source) starts over with a full listing. */
export async function saveSyncSettings(deps: Deps, tenantId: string, body: z.output<typeof settingsBody>): Promise<DirectorySettingsView> {
  const now = deps.now();
  const tenant = (await doc(deps.db, 'tenants', { tenantId }).get()).data();
  const current = await readSyncSettings(deps, tenantId);
  let google = current?.google ?? null;
  let microsoft = current?.microsoft ?? null;
  if (body.source === 'google') {
    const bound = tenant?.googleCustomerId;
    if (!bound) throw new AppError('failed_precondition', 'Connect Google Workspace first: an owner signs in as a Workspace super admin in the step “Prove it is yours”.', { fix: 'connect_google' });
    if (body.google.customerId && body.google.customerId !== 'my_customer' && body.google.customerId !== bound) {
      throw new AppError('permission_denied', `body.google.customerId: this tenant is bound to Google customer ${bound}`);
    }
    if (!isVerifiedAddress(tenant, body.google.adminEmail)) {
      throw new AppError('permission_denied', `body.google.adminEmail: ${domainOf(body.google.adminEmail)} is not a verified domain of this tenant`);
    }
    google = { customerId: bound, adminEmail: body.google.adminEmail };
  }
  if (body.source === 'microsoft') {
    const bound = tenant?.entraTenantId;
    if (!bound) throw new AppError('failed_precondition', 'Connect Microsoft 365 first: an owner grants admin consent or signs in as a Global Administrator in the step “Prove it is yours”.', { fix: 'connect_microsoft' });
    if (body.microsoft.tenantId && body.microsoft.tenantId.toLowerCase() !== bound) {
      throw new AppError('permission_denied', `body.microsoft.tenantId: this tenant is bound to Entra tenant ${bound}`);
    }
    microsoft = { tenantId: bound };
  }
  const keepDelta = body.source === 'microsoft' && current?.microsoft?.tenantId === microsoft?.tenantId;
  await syncSettingsRef(deps, tenantId).set({
    google,
    microsoft,
    deltaLink: keepDelta ? (current?.deltaLink ?? null) : null,
    deltaScope: keepDelta ? (current?.deltaScope ?? null) : null,
    updatedAt: now,
  });
  await doc(deps.db, 'tenants', { tenantId }).update({ directorySource: body.source, updatedAt: now });
  return getSyncSettings(deps, tenantId);
}
