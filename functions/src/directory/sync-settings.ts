import { doc } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import type { SyncSettings } from '../core/schemas/sync-settings.js';
import type { TenantDoc } from '../core/schemas/tenant.js';

export const SYNC_SETTINGS_ID = 'current';

export const syncSettingsRef = (deps: Deps, tenantId: string) => doc(deps.db, 'directorySync', { tenantId, settingsId: SYNC_SETTINGS_ID });

export async function readSyncSettings(deps: Deps, tenantId: string): Promise<SyncSettings | null> {
  return (await syncSettingsRef(deps, tenantId).get()).data() ?? null;
}

export type SyncSource = 'google' | 'microsoft';

/** Each directory source as a customer calls it, for messages. */
export const SOURCE_NAMES: Record<TenantDoc['directorySource'], string> = { google: 'Google Workspace', microsoft: 'Microsoft 365', csv: 'CSV files' };

/** Where a tenant syncs its directory from; null when it imports CSV files instead (or is gone). */
export function syncSource(tenant: Pick<TenantDoc, 'directorySource'> | undefined): SyncSource | null {
  return !tenant || tenant.directorySource === 'csv' ? null : tenant.directorySource;
}

/** The same, refusing a tenant that has no source to sync. */
export function requireSyncSource(tenant: Pick<TenantDoc, 'directorySource'> | undefined): SyncSource {
  const source = syncSource(tenant);
  if (!source) throw new AppError('failed_precondition', 'Your directory comes from CSV files, so there is nothing to sync: import a file, or choose Google Workspace or Microsoft 365 as the source.', { fix: 'choose_source' });
  return source;
}
