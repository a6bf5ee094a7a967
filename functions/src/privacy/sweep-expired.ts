import type { DocumentSnapshot, Firestore, Query } from 'firebase-admin/firestore';
import { catalog, collectionId, pathParams, storedFilePrefix, storedFiles, type CatalogEntry, type CollectionName, type StoredFileName } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { fileStore } from '../platform/file-store.js';
import { addDays } from '../core/timestamps.js';
import { RETENTION_SETTING_MAX } from '../core/schemas/tenant.js';
import { tenantEntries, tenantScope } from './subject-queries.js';

const PAGE = 400;

type TtlRetention = Extract<CatalogEntry['retention'], { kind: 'ttl' }>;

/**
 * The tenant's own retention for an entry, if the catalog lets tenants set one: the catalog's days
 * are the default, and the tenant may shorten it or lengthen it up to the product maximum
 * (RETENTION_SETTING_MAX), the same bound the settings route enforces and the writers use for
 * `expireAt`. (Capping at the default instead swept a 730-day audit setting at 365.)
 */
export function tenantRetentionDays(retention: TtlRetention, tenant: Record<string, unknown> | undefined): number | null {
  if (!retention.tenantSetting || !tenant) return null;
  const value = retention.tenantSetting.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), tenant.settings);
  return typeof value === 'number' && value > 0 ? Math.min(value, RETENTION_SETTING_MAX[retention.tenantSetting]) : null;
}

async function deletePages(db: Firestore, query: Query, matches: (path: string) => boolean): Promise<number> {
  let deleted = 0;
  let last: DocumentSnapshot | undefined;
  for (;;) {
    let page = query.limit(PAGE).select();
    if (last) page = page.startAfter(last);
    const snap = await page.get();
    if (snap.empty) return deleted;
    last = snap.docs[snap.docs.length - 1];
    const batch = db.batch();
    let n = 0;
    for (const d of snap.docs) if (matches(d.ref.path)) (batch.delete(d.ref), n++);
    if (n) await batch.commit();
    deleted += n;
    if (snap.size < PAGE) return deleted;
  }
}

/**
 * Deletes a tenant's documents whose retention has passed, for every catalog entry with a TTL
 * retention, nested collections included (collection-group query bounded to the tenant). Firestore's
 * TTL policy normally does this within a day; this is the backstop, and the enforcer of a retention
 * the tenant shortened after documents were written (through the entry's `since` field).
 */
export async function sweepExpired(deps: Deps, payload: { tenantId: string }): Promise<void> {
  const now = deps.now();
  const tenant = (await deps.db.doc(`tenants/${payload.tenantId}`).get()).data();
  let deleted = 0;
  for (const name of tenantEntries()) {
    const retention = catalog[name].retention;
    if (retention.kind !== 'ttl') continue;
    const scope = tenantScope(deps.db, name, payload.tenantId);
    const matches = (p: string) => scope.exact || scope.matches(p);
    deleted += await deletePages(deps.db, scope.query.where('expireAt', '<=', now), matches);
    const days = tenantRetentionDays(retention, tenant);
    if (days !== null && retention.since) deleted += await deletePages(deps.db, scope.query.where(retention.since, '<=', addDays(now, -days)), matches);
  }
  // Stored files past their expiry (the bucket's lifecycle rule normally got there first).
  let files = 0;
  for (const name of Object.keys(storedFiles) as StoredFileName[]) files += await fileStore(deps).deleteExpired(storedFilePrefix(name, payload.tenantId), now);
  deps.log.info('retention sweep done', { tenantId: payload.tenantId, deleted, files });
}

/** Collections outside any tenant (certificates, webhook nonces): swept once per day by the scheduler. */
export async function sweepGlobalExpired(deps: Deps): Promise<number> {
  const now = deps.now();
  let deleted = 0;
  for (const name of Object.keys(catalog) as CollectionName[]) {
    const entry = catalog[name];
    if (entry.retention.kind !== 'ttl' || pathParams(entry.path).length !== 1) continue;
    deleted += await deletePages(deps.db, deps.db.collection(collectionId(name)).where('expireAt', '<=', now), () => true);
  }
  return deleted;
}
