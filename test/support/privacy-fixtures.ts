import type { Firestore } from 'firebase-admin/firestore';
import { catalog, collectionId, pathParams, pathRegex, type CollectionName, type SubjectKey, type SubjectLookup } from '../../functions/src/core/catalog.js';
import type { Deps } from '../../functions/src/core/deps.js';
import { startJob } from '../../functions/src/jobs/job-store.js';
import type { LocalDeps } from '../../functions/src/local/local-deps.js';
import { deletionIdFor } from '../../functions/src/privacy/deletion-id.js';

/** A finished campaign purge in Acme (of a campaign that does not exist): a certificate to read. */
export async function acmeDeletion(deps: LocalDeps): Promise<string> {
  const subject = { kind: 'campaign' as const, campaignId: 'no-such-campaign' };
  const jobId = await startJob(deps, { tenantId: 'acme', kind: 'privacy.purge', createdBy: 'demo-acme-admin', payload: { subject, reason: 'admin_request' } });
  await deps.tasks.drain();
  return deletionIdFor({ tenantId: 'acme', jobId, subject });
}

function field(data: Record<string, unknown>, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), data);
}

/**
 * The test oracle: reads EVERY document of every catalog collection in the tenant (a full walk, not
 * the engine's indexed lookups) and returns the paths that still belong to the subject.
 */
export async function subjectDocs(db: Firestore, tenantId: string, key: SubjectKey, value: string): Promise<string[]> {
  const found: string[] = [];
  for (const name of Object.keys(catalog) as CollectionName[]) {
    const path = catalog[name].path;
    const pattern = pathRegex(path);
    const params = pathParams(path);
    const snap = await db.collectionGroup(collectionId(name)).get();
    for (const d of snap.docs) {
      const p = d.ref.path;
      if (!pattern.test(p) || !(p === `tenants/${tenantId}` || p.startsWith(`tenants/${tenantId}/`))) continue;
      const segs = p.split('/');
      const ids = Object.fromEntries(params.map((param, i) => [param, segs[i * 2 + 1]]));
      for (const lookup of catalog[name].subjects as readonly SubjectLookup[]) {
        if (lookup.key !== key) continue;
        const hit =
          (lookup.at === 'doc_id' && ids[params[params.length - 1]!] === value) ||
          (lookup.at === 'path' && ids[lookup.param] === value) ||
          (lookup.at === 'field' && field(d.data(), lookup.field) === value) ||
          // An entry in a shared document, read from the map itself (not the engine's index array).
          (lookup.at === 'map_key' && Object.hasOwn((d.data()[lookup.map] as object | undefined) ?? {}, value));
        if (hit) found.push(p);
      }
    }
  }
  return [...new Set(found)].sort();
}

/** Every document path in a tenant, by catalog entry (for "other subjects untouched"). */
export async function tenantPaths(db: Firestore, tenantId: string): Promise<Map<string, CollectionName>> {
  const out = new Map<string, CollectionName>();
  for (const name of Object.keys(catalog) as CollectionName[]) {
    const pattern = pathRegex(catalog[name].path);
    const snap = await db.collectionGroup(collectionId(name)).get();
    for (const d of snap.docs) if (pattern.test(d.ref.path) && (d.ref.path === `tenants/${tenantId}` || d.ref.path.startsWith(`tenants/${tenantId}/`))) out.set(d.ref.path, name);
  }
  return out;
}

export type { Deps };
