import * as z from 'zod';
import type { Deps } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import { domainSchema } from '../core/schemas/tenant.js';
import { soleTenantVerifying } from '../trust/verified-domains.js';
import { deletionIdFor } from './deletion-id.js';

/**
 * The relay's uninstall event. `domain` is a domain the customer verified; `googleCustomerId`
 * (the Google Workspace customer id, the key of Google's own licensing API), when the relay knows
 * it, must be the one the tenant is bound to: a second, independent match.
 */
export const uninstallBody = z
  .object({
    event: z.literal('app.uninstalled'),
    domain: domainSchema,
    googleCustomerId: z.string().trim().min(1).max(64).optional(),
  })
  .strict();

/**
 * Marks the tenant `deleting` at once (the API answers 410 from then on) and enqueues the deletion
 * of everything it owns. The tenant is the one that PROVED the domain (never a pending domain any
 * tenant may type in), and only when exactly one tenant did: several (a binding error) or one bound
 * to another Google customer is refused, nothing is deleted, and the operator is alerted.
 * Idempotent: a repeated event finds the tenant already deleting and enqueues under the same task
 * id; an unknown domain (already deleted) is acknowledged too, so the marketplace stops retrying.
 */
export async function uninstallTenant(deps: Deps, body: z.output<typeof uninstallBody>): Promise<{ status: 'deleting' | 'gone'; deletionId: string | null }> {
  const found = await soleTenantVerifying(deps.db, body.domain);
  if (found.kind === 'none') return { status: 'gone', deletionId: null };
  if (found.kind === 'ambiguous') refuse(deps, 'ambiguous_domain', 'body.domain: more than one tenant verified this domain; nothing was deleted and Herald support was alerted');
  const tenant = found.tenant;
  const boundTo = tenant.data().googleCustomerId ?? null;
  if (body.googleCustomerId !== undefined && boundTo !== body.googleCustomerId) {
    refuse(deps, 'customer_mismatch', "body.googleCustomerId: the domain's tenant is not bound to this Google Workspace customer; nothing was deleted and Herald support was alerted", tenant.id);
  }
  const tenantId = tenant.id;
  await deps.db.runTransaction(async (tx) => {
    const snap = await tx.get(tenant.ref);
    if (snap.exists && snap.get('status') !== 'deleting') tx.update(tenant.ref, { status: 'deleting', updatedAt: deps.now() });
  });
  const subject = { kind: 'tenant' as const };
  // Untracked (no job document): the tenant's jobs collection is deleted with it. Progress and the
  // result live in the deletion certificate, outside the tenant.
  await deps.tasks.enqueue('privacy.purge', { tenantId, subject, reason: 'uninstall' }, { id: 'tenant-deletion' });
  deps.log.info('tenant uninstall accepted', { tenantId });
  return { status: 'deleting', deletionId: deletionIdFor({ tenantId, subject }) };
}

/**
 * A deletion Herald will not guess at: an error-level entry (`alert: 'operator'`, which the log-based
 * alert in docs/privacy.md pages on) naming the reason and the tenant when there is one, never the
 * domain or anything about a person; the relay gets 409 and keeps retrying until it is resolved.
 */
function refuse(deps: Deps, reason: 'ambiguous_domain' | 'customer_mismatch', message: string, tenantId?: string): never {
  deps.log.error('tenant uninstall refused', { alert: 'operator', reason, ...(tenantId ? { tenantId } : {}) });
  throw new AppError('conflict', message);
}
