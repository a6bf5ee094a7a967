import { COLLECTION_NAMES, catalog, col, pathParams } from '../catalog.js';
import type { Deps } from '../deps.js';

const PAGE = 400;

/**
 * Deletes a tenant's documents whose `expireAt` has passed, for every catalog entry with a TTL
 * retention. Firestore's TTL policy normally does this within a day; this is the backstop.
 */
export async function sweepExpired(deps: Deps, payload: { tenantId: string }): Promise<void> {
  const now = deps.now();
  let deleted = 0;
  for (const name of COLLECTION_NAMES) {
    const entry = catalog[name];
    if (entry.retention.kind !== 'ttl') continue;
    // Only collections directly under the tenant can be swept by a plain collection query.
    if (pathParams(entry.path).length !== 2) continue;
    for (;;) {
      const page = await col(deps.db, name, { tenantId: payload.tenantId }).where('expireAt', '<=', now).limit(PAGE).select().get();
      if (page.empty) break;
      const batch = deps.db.batch();
      for (const d of page.docs) batch.delete(d.ref);
      await batch.commit();
      deleted += page.size;
      if (page.size < PAGE) break;
    }
  }
  deps.log.info('retention sweep done', { tenantId: payload.tenantId, deleted });
}
