import { col } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';

/** Ids of active tenants, streamed in pages so the fan-out scales with the tenant count. */
export async function* activeTenantIds(deps: Deps, pageSize = 500): AsyncGenerator<string> {
  let last: string | undefined;
  for (;;) {
    let query = col(deps.db, 'tenants', {}).where('status', '==', 'active').orderBy('__name__').select().limit(pageSize);
    if (last) query = query.startAfter(last);
    const page = await query.get();
    for (const d of page.docs) yield d.id;
    if (page.size < pageSize) return;
    last = page.docs[page.docs.length - 1]!.id;
  }
}
