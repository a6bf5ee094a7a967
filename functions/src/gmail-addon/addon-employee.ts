import { col } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import type { UserDoc } from '../core/schemas/user.js';
import type { TenantDoc } from '../core/schemas/tenant.js';
import type { AddonUser } from './verify-google-tokens.js';
import { tenantsVerifying } from '../trust/verified-domains.js';

export interface AddonEmployee {
  tenantId: string;
  tenant: TenantDoc;
  userId: string;
  user: UserDoc;
}

/** Why a verified Google user cannot use the add-on; shown to them, so it names nothing of any tenant. */
export type AddonRefusal = 'no_tenant' | 'not_in_directory';

export const REFUSAL_TEXT: Record<AddonRefusal, string> = {
  no_tenant: 'Your Google Workspace account is not connected to Herald in this region. Ask your administrator.',
  not_in_directory: 'Your account is not in your company directory in Herald. Ask your administrator.',
};

/**
 * The employee behind a verified Google user. The tenant is the one bound to a Google customer
 * whose verified domains include both the user's address domain and their account's hosted domain
 * (`hd`, the Workspace customer's primary domain): an ID token carries no customer id, and a
 * domain the tenant merely typed in (`domains`) never counts. Then the address must be in that
 * tenant's directory. A tenant being deleted is refused.
 */
export async function findAddonEmployee(deps: Deps, user: AddonUser): Promise<AddonEmployee | AddonRefusal> {
  const domain = user.email.slice(user.email.lastIndexOf('@') + 1);
  const found = await tenantsVerifying(deps.db, domain).limit(2).get();
  const tenants = found.docs.filter((d) => {
    const t = d.data();
    return t.status === 'active' && Boolean(t.googleCustomerId) && (t.verifiedDomains ?? []).includes(user.hostedDomain);
  });
  // Two tenants claiming one verified domain would be a binding error: act for neither.
  if (tenants.length !== 1 || found.size !== 1) return 'no_tenant';
  const tenantDoc = tenants[0]!;
  const users = await col(deps.db, 'users', { tenantId: tenantDoc.id }).where('email', '==', user.email).limit(1).get();
  const employee = users.docs[0];
  if (!employee) return 'not_in_directory';
  return { tenantId: tenantDoc.id, tenant: tenantDoc.data(), userId: employee.id, user: employee.data() };
}
