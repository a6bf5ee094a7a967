import { col, doc } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import type { DeploymentDoc } from '../core/schemas/signature.js';
import type { TenantDoc } from '../core/schemas/tenant.js';
import { toIso } from '../core/timestamps.js';

/**
 * GET /api/me/installation: whether the caller's signature reaches their mail, from what Herald
 * already records: the Gmail push of their signature (signatureDeployments) and the days their
 * Outlook add-in fetched it (addinFetches, kept 31 days). Nothing new is stored to answer it.
 */
export interface MyInstallation {
  /** Where the company's directory comes from: Gmail pushes happen for Google Workspace only. */
  source: TenantDoc['directorySource'];
  /** The last Gmail push of this person's signature; null when none was made. */
  gmail: { status: DeploymentDoc['status']; reason: DeploymentDoc['reason']; at: string | null } | null;
  /** The last UTC day (YYYY-MM-DD) their Outlook add-in fetched the signature, within the last 31 days; null when not seen. */
  outlookSeenOn: string | null;
}

export async function myInstallation(deps: Deps, tenantId: string, userId: string): Promise<MyInstallation> {
  const [tenant, pushed, fetches] = await Promise.all([
    doc(deps.db, 'tenants', { tenantId }).get(),
    doc(deps.db, 'signatureDeployments', { tenantId, userId }).get(),
    // At most one document per day of retention: the latest is picked here, no index needed.
    col(deps.db, 'addinFetches', { tenantId }).where('userId', '==', userId).select('day').get(),
  ]);
  const push = pushed.data();
  const days = fetches.docs.map((d) => String(d.get('day'))).sort();
  return {
    source: tenant.data()?.directorySource ?? 'csv',
    gmail: push ? { status: push.status, reason: push.reason ?? (push.status === 'failed' ? 'gmail_refused' : null), at: toIso(push.at) } : null,
    outlookSeenOn: days.at(-1) ?? null,
  };
}
