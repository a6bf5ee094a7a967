import { doc } from '../catalog.js';
import type { Deps } from '../deps.js';
import { AppError } from '../http/errors.js';
import { toIso } from '../platform/timestamps.js';

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
