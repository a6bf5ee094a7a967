import { col } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import type { UserDoc } from '../core/schemas/user.js';
import { AppError } from '../core/errors.js';
import type { EntraClaims } from './verify-entra-token.js';

export interface AddinEmployee {
  tenantId: string;
  userId: string;
  user: UserDoc;
}

const domainOf = (email: string) => email.slice(email.lastIndexOf('@') + 1).toLowerCase();

/**
 * The Herald tenant bound to the token's Entra tenant (`entraTenantId`, bound from the admin's
 * consent, never typed in) and the employee in its directory: by Entra object id for a Microsoft
 * 365 directory, else by sign-in name. Both the sign-in name and the directory address must be on
 * the tenant's verified domains, so a consenting Entra tenant cannot reach another company's
 * signatures through a directory row it does not own.
 */
export async function findAddinEmployee(deps: Deps, claims: EntraClaims): Promise<AddinEmployee> {
  const tenants = await col(deps.db, 'tenants', {}).where('entraTenantId', '==', claims.tid).limit(2).get();
  if (tenants.size !== 1) {
    // Two Herald tenants claiming one Entra tenant would be a binding bug: refuse rather than guess.
    throw new AppError('permission_denied', 'your Microsoft 365 organisation is not connected to Herald in this region');
  }
  const tenantDoc = tenants.docs[0]!;
  const tenant = tenantDoc.data();
  if (tenant.status === 'deleting') throw new AppError('gone', 'this tenant is being deleted');
  const verified = new Set((tenant.verifiedDomains ?? []).map((d) => d.toLowerCase()));
  if (claims.username && !verified.has(domainOf(claims.username))) {
    throw new AppError('permission_denied', "your sign-in address is not on one of your organisation's verified domains");
  }

  const users = col(deps.db, 'users', { tenantId: tenantDoc.id });
  let found = (await users.where('externalId', '==', claims.oid).limit(2).get()).docs.filter((d) => d.get('source') === 'microsoft');
  if (found.length !== 1 && claims.username) found = (await users.where('email', '==', claims.username).limit(1).get()).docs;
  const match = found.length === 1 ? found[0]! : undefined;
  if (!match) throw new AppError('not_found', 'your account has no record in the company directory');
  const user = match.data();
  if (!verified.has(domainOf(user.email))) {
    throw new AppError('permission_denied', "your directory address is not on one of your organisation's verified domains");
  }
  return { tenantId: tenantDoc.id, userId: match.id, user };
}
