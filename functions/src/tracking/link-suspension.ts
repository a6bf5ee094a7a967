import { writeAudit } from '../audit/write-audit.js';
import { doc } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { AppError } from '../core/errors.js';

/** Who suspends links: Herald's operator, never a tenant role (no API route sets the flag). */
export const OPERATOR_ACTOR = { uid: 'herald-operator', role: 'system' } as const;

/**
 * Herald's operator suspends (or restores) every tracked link of a tenant, e.g. on a phishing
 * report: while `linksSuspended` is set, /c/ and /v/ answer a neutral page and redirect nowhere.
 * The links function reads the flag with the tenant, so it applies within its tenant cache's TTL
 * (links/links-app.ts, 30 s). Audited in the tenant's trail as a system action.
 */
export async function setLinksSuspended(deps: Pick<Deps, 'db' | 'now'>, tenantId: string, suspended: boolean): Promise<{ tenantId: string; linksSuspended: boolean }> {
  const ref = doc(deps.db, 'tenants', { tenantId });
  if (!(await ref.get()).exists) throw new AppError('not_found', 'tenant not found');
  await ref.update({ linksSuspended: suspended, updatedAt: deps.now() });
  // writeAudit reads only db and now.
  await writeAudit(deps as Deps, { tenantId, actor: OPERATOR_ACTOR, action: suspended ? 'tenant.links_suspend' : 'tenant.links_restore', target: { type: 'tenant', id: tenantId } });
  return { tenantId, linksSuspended: suspended };
}
