import { col } from '../core/catalog.js';
import { microsoftDirectoryUser } from '../directory/microsoft-user.js';
import type { Deps } from '../core/deps.js';
import type { UserDoc } from '../core/schemas/user.js';
import { AppError } from '../core/errors.js';
import type { EntraClaims } from './verify-entra-token.js';

export interface AddinEmployee {
  tenantId: string;
  userId: string;
  user: UserDoc;
  /** The tenant's verified domains, lower case: the add-in's test of "every recipient is a colleague". */
  verifiedDomains: string[];
}

const domainOf = (email: string) => email.slice(email.lastIndexOf('@') + 1).toLowerCase();

/**
 * The Herald tenant bound to the token's Entra tenant (`entraTenantId`, bound from an admin's
 * proof, never typed in) and the employee in its directory, by Entra object id (`tid` + `oid`) in
 * the records synced from Microsoft Graph: never by the token's sign-in name, which whoever
 * administers the user object can set to a colleague's. The directory address must be on the
 * tenant's verified domains, so a consenting Entra tenant cannot reach another company's
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

  const match = await microsoftDirectoryUser(deps, tenantDoc.id, claims.oid);
  if (!match) throw new AppError('not_found', 'your Microsoft 365 account has no record in the company directory synced from Microsoft 365');
  if (!verified.has(domainOf(match.user.email))) {
    throw new AppError('permission_denied', "your directory address is not on one of your organisation's verified domains");
  }
  return { tenantId: tenantDoc.id, userId: match.userId, user: match.user, verifiedDomains: [...verified] };
}
