import { doc } from '../catalog.js';
import type { Deps } from '../deps.js';
import type { SyncSettings } from './sync-settings-schema.js';

export const SYNC_SETTINGS_ID = 'current';

export const syncSettingsRef = (deps: Deps, tenantId: string) => doc(deps.db, 'directorySync', { tenantId, settingsId: SYNC_SETTINGS_ID });

export async function readSyncSettings(deps: Deps, tenantId: string): Promise<SyncSettings | null> {
  return (await syncSettingsRef(deps, tenantId).get()).data() ?? null;
}
