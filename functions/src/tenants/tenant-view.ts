import { doc } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import type { Region } from '../core/regions.js';
import type { Role, TenantDoc } from '../core/schemas/tenant.js';
import { toIso } from '../core/timestamps.js';

/** GET /api/me: who the caller is (the role as the tenant records it now, see `memberRole`). */
export interface Me {
  uid: string;
  email: string | null;
  tenantId: string | null;
  role: Role | null;
  region: Region;
}

/** GET /api/tenant: the caller's tenant. */
export interface TenantView {
  id: string;
  name: string;
  region: string;
  status: TenantDoc['status'];
  domains: string[];
  verifiedDomains: string[];
  directorySource: TenantDoc['directorySource'];
  settings: TenantDoc['settings'];
  createdAt: string | null;
}

export async function getTenant(deps: Deps, tenantId: string): Promise<TenantView> {
  const snap = await doc(deps.db, 'tenants', { tenantId }).get();
  const t = snap.data();
  if (!t) throw new AppError('not_found', 'your company has no tenant in this region');
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
