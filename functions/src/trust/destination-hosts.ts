import { FieldValue } from 'firebase-admin/firestore';
import { doc } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import { hostShapeProblem } from './destination-policy.js';
import { verifiedDomainsOf } from './verified-domains.js';

export const MAX_DESTINATION_HOSTS = 50;

/** GET /api/tenant/destination-hosts: where the tenant's links may lead. */
export interface DestinationHosts {
  /** Proved by the tenant: always allowed, with their subdomains. */
  verifiedDomains: readonly string[];
  /** Added by the tenant's admins: allowed with their subdomains. */
  allowedHosts: readonly string[];
}

export async function listDestinationHosts(deps: Deps, tenantId: string): Promise<DestinationHosts> {
  const tenant = (await doc(deps.db, 'tenants', { tenantId }).get()).data();
  if (!tenant) throw new AppError('not_found', 'tenant not found');
  return { verifiedDomains: verifiedDomainsOf(tenant), allowedHosts: [...(tenant.allowedDestinationHosts ?? [])].sort() };
}

/** Adds a host (idempotent). IP literals and internal names are refused, like destinations themselves. */
export async function addDestinationHost(deps: Deps, tenantId: string, host: string): Promise<DestinationHosts> {
  const shape = hostShapeProblem(host);
  if (shape) throw new AppError('invalid_argument', `body.host: ${shape}`, { fields: [{ field: 'body.host', message: shape }] });
  const ref = doc(deps.db, 'tenants', { tenantId });
  await deps.db.runTransaction(async (tx) => {
    const tenant = (await tx.get(ref)).data();
    if (!tenant) throw new AppError('not_found', 'tenant not found');
    const hosts = tenant.allowedDestinationHosts ?? [];
    if (hosts.includes(host)) return;
    if (hosts.length >= MAX_DESTINATION_HOSTS) throw new AppError('failed_precondition', `body.host: a tenant allows at most ${MAX_DESTINATION_HOSTS} destination hosts; remove one first`);
    tx.update(ref, { allowedDestinationHosts: FieldValue.arrayUnion(host), updatedAt: deps.now() });
  });
  return listDestinationHosts(deps, tenantId);
}

/** Removes a host (idempotent). Links already sent to it go to the fallback URL from then on. */
export async function removeDestinationHost(deps: Deps, tenantId: string, host: string): Promise<DestinationHosts> {
  const ref = doc(deps.db, 'tenants', { tenantId });
  if (!(await ref.get()).exists) throw new AppError('not_found', 'tenant not found');
  await ref.update({ allowedDestinationHosts: FieldValue.arrayRemove(host), updatedAt: deps.now() });
  return listDestinationHosts(deps, tenantId);
}
