import { col } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { verifiedEmailOf, type Caller } from '../http/caller.js';
import { domainOf, soleTenantVerifying } from '../trust/verified-domains.js';
import { AppError } from '../core/errors.js';
import type { Role } from '../core/schemas/tenant.js';
import { liveInviteFor } from './invites.js';
import { changeRole } from './member-roles.js';

/**
 * A first sign-in: a verified email on a domain that a tenant verified (in this region) joins that
 * tenant. Someone an admin invited gets the invited role (the invite is redeemed by `changeRole`,
 * which deletes it); anyone else listed in the directory becomes a `user`. Staff roles are never
 * granted without an invite, and an account that holds a role keeps it.
 */
export async function joinTenant(deps: Deps, caller: Caller): Promise<{ tenantId: string; role: Role }> {
  if (caller.tenantId) throw new AppError('conflict', 'this account already belongs to a tenant');
  const email = verifiedEmailOf(caller);
  const domain = domainOf(email)!;
  const found = await soleTenantVerifying(deps.db, domain);
  const tenant = found.kind === 'one' ? found.tenant : null;
  if (!tenant || tenant.data().status !== 'active') throw new AppError('not_found', 'no tenant for your domain in this region');
  const invite = await liveInviteFor(deps, tenant.id, email);
  if (invite) {
    await changeRole(deps, { tenantId: tenant.id, actor: { uid: caller.uid, role: 'system' }, uid: caller.uid, to: invite.role, via: 'invite', invite: { inviteId: invite.inviteId } });
    return { tenantId: tenant.id, role: invite.role };
  }
  const listed = await col(deps.db, 'users', { tenantId: tenant.id }).where('email', '==', email).limit(1).select().get();
  if (listed.empty) throw new AppError('permission_denied', "your email is not in your company's directory: ask your admin to invite you");
  await changeRole(deps, { tenantId: tenant.id, actor: { uid: caller.uid, role: 'user' }, uid: caller.uid, to: 'user', via: 'join' });
  return { tenantId: tenant.id, role: 'user' };
}
