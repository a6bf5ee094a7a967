import { doc } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import { toIso } from '../core/timestamps.js';

export async function getTenant(deps: Deps, tenantId: string) {
  const snap = await doc(deps.db, 'tenants', { tenantId }).get();
  const t = snap.data();
  if (!t) throw new AppError('not_found', `tenant ${tenantId} not found in this region`);
  return {
    id: snap.id,
    name: t.name,
    region: t.region,
    status: t.status,
    domains: t.domains,
    verifiedDomains: t.verifiedDomains ?? [],
    directorySource: t.directorySource,
    settings: t.settings,
    createdAt: toIso(t.createdAt),
  };
}
