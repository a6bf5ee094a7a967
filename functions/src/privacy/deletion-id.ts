import type { PurgePayload } from '../core/schemas/purge-payload.js';

/**
 * One certificate per purge job; a tenant deletion (untracked: its job document is deleted with
 * the tenant) has one per tenant. Its own module: the api answers the id when it starts a purge
 * without loading the purge job itself.
 */
export function deletionIdFor(payload: Pick<PurgePayload, 'tenantId' | 'jobId' | 'subject'>): string {
  return payload.jobId ? `${payload.tenantId}-${payload.jobId}` : `${payload.tenantId}-${payload.subject.kind}`;
}
