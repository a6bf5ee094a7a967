import type { UserRecord } from 'firebase-admin/auth';
import type { Deps } from '../core/deps.js';

/**
 * Auth accounts holding this tenant's `tid` claim. Auth cannot query by claim, so this pages
 * through the project's accounts (1,000 per call): fine for an uninstall or a monthly review.
 */
export async function findTenantAccounts(deps: Deps, tenantId: string): Promise<UserRecord[]> {
  const out: UserRecord[] = [];
  let pageToken: string | undefined;
  do {
    const page = await deps.auth.listUsers(1000, pageToken);
    for (const u of page.users) if (u.customClaims?.tid === tenantId) out.push(u);
    pageToken = page.pageToken;
  } while (pageToken);
  return out;
}
