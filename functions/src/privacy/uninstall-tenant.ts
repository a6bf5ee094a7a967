import { z } from 'zod';
import { col } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { domainSchema } from '../core/schemas/tenant.js';
import { deletionIdFor } from './deletion-id.js';

export const uninstallBody = z.object({ event: z.literal('app.uninstalled'), domain: domainSchema }).strict();

/**
 * Marks the tenant `deleting` at once (the API answers 410 from then on) and enqueues the deletion
 * of everything it owns. Idempotent: a repeated event finds the tenant already deleting and
 * enqueues under the same task id; an unknown domain (already deleted) is acknowledged too, so the
 * marketplace stops retrying.
 */
export async function uninstallTenant(deps: Deps, body: z.output<typeof uninstallBody>): Promise<{ status: 'deleting' | 'gone'; deletionId: string | null }> {
  const found = await col(deps.db, 'tenants', {}).where('domains', 'array-contains', body.domain).limit(1).get();
  const tenant = found.docs[0];
  if (!tenant) return { status: 'gone', deletionId: null };
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
