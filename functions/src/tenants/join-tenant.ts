import { col } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { verifiedEmailOf, type Caller } from '../http/caller.js';
import { domainOf, soleTenantVerifying } from '../trust/verified-domains.js';
import { AppError } from '../core/errors.js';
import { changeRole } from './member-roles.js';

/**
 * An employee's first sign-in: a verified email listed in the directory of the tenant that verified
 * its domain (in this region) becomes a `user` of that tenant. Staff roles are never granted here, and
 * an account that holds a role keeps it (`changeRole` refuses to change it from here).
 */
export async function joinTenant(deps: Deps, caller: Caller): Promise<{ tenantId: string; role: 'user' }> {
  if (caller.tenantId) throw new AppError('conflict', 'this account already belongs to a tenant');
  const email = verifiedEmailOf(caller);
  const domain = domainOf(email)!;
  const found = await soleTenantVerifying(deps.db, domain);
  const tenant = found.kind === 'one' ? found.tenant : null;
  if (!tenant || tenant.data().status !== 'active') throw new AppError('not_found', 'no tenant for your domain in this region');
  const listed = await col(deps.db, 'users', { tenantId: tenant.id }).where('email', '==', email).limit(1).select().get();
  if (listed.empty) throw new AppError('permission_denied', "your email is not in your company's directory");
  await changeRole(deps, { tenantId: tenant.id, actor: { uid: caller.uid, role: 'user' }, uid: caller.uid, to: 'user', via: 'join' });
  return { tenantId: tenant.id, role: 'user' };
}
