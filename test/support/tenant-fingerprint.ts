import type { Firestore } from 'firebase-admin/firestore';
import { catalog, collectionId, COLLECTION_NAMES, pathRegex } from '../../functions/src/core/catalog.js';

/** Every document of a tenant (path → JSON), read through the catalog: a before/after picture. */
export async function tenantSnapshot(db: Firestore, tenantId: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of COLLECTION_NAMES) {
    const pattern = pathRegex(catalog[name].path);
    const snap = await db.collectionGroup(collectionId(name)).get();
    for (const d of snap.docs) {
      const p = d.ref.path;
      if (pattern.test(p) && (p === `tenants/${tenantId}` || p.startsWith(`tenants/${tenantId}/`))) out[p] = JSON.stringify(d.data());
    }
  }
  return out;
}

/** Strings that identify a tenant's data in a response: its document ids and email addresses. */
export function fingerprints(snapshot: Record<string, string>, domain: string): string[] {
  const ids = Object.keys(snapshot)
    .map((p) => p.split('/').pop()!)
    // Opaque ids only: readable seed ids (`everyone`) also occur in generic text such as catalog descriptions.
    .filter((id) => id.length >= 12 || /\d/.test(id));
  return [...new Set([...ids, `@${domain}`])];
}
