/**
 * The Cloud Tasks id of a tenant's task. Task ids are unique per queue, not per tenant, and a
 * duplicate id is taken for "already enqueued": an id without the tenant (`sync-<day>`) would let
 * one tenant's daily job swallow every other tenant's. The queues build every id here, from the
 * payload's tenant, so no caller can forget it.
 *
 * Injective: the tenant id's length comes first, so `a-b` + `c` and `a` + `b-c` differ. Only the
 * characters Cloud Tasks accepts ([A-Za-z0-9_-], at most 500); tenant ids and keys are ids
 * (at most 128 of those characters each, see core/schemas/ids.ts).
 */
export function taskId(tenantId: string, key: string): string {
  return `t${tenantId.length}_${tenantId}_${key}`;
}
