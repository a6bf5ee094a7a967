import type { Deps } from '../core/deps.js';
import { ownerAccounts } from '../tenants/owner-contacts.js';

/** At most this many owners receive a mail (a tenant has a handful). */
const MAX_OWNERS = 50;

/**
 * The addresses of the tenant's owners, from its members (role `owner`) and their Firebase Auth
 * accounts: the only source of recipients, so no caller can send a tenant's mail elsewhere. An
 * account that is disabled or has no verified address is left out.
 */
export async function ownerAddresses(deps: Deps, tenantId: string): Promise<string[]> {
  const addresses = (await ownerAccounts(deps, tenantId, MAX_OWNERS)).filter((u) => u.email && u.emailVerified && !u.disabled).map((u) => u.email!.toLowerCase());
  return [...new Set(addresses)].sort();
}
