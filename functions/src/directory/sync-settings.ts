import { doc } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import type { SyncSettings } from '../core/schemas/sync-settings.js';

export const SYNC_SETTINGS_ID = 'current';

export const syncSettingsRef = (deps: Deps, tenantId: string) => doc(deps.db, 'directorySync', { tenantId, settingsId: SYNC_SETTINGS_ID });

export async function readSyncSettings(deps: Deps, tenantId: string): Promise<SyncSettings | null> {
  return (await syncSettingsRef(deps, tenantId).get()).data() ?? null;
}
