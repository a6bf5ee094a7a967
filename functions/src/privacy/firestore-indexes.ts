import { catalog, collectionId, pathParams, type CollectionName, type SubjectLookup } from '../core/catalog.js';

/**
 * firestore.indexes.json, generated from the catalog (a test fails when the committed file drifts):
 * - a TTL policy on `expireAt` for every TTL entry, kept indexed for the daily backstop sweep;
 * - collection-group indexes for subject lookups on nested collections (erasure and export find a
 *   subject there with a collection-group query bounded to the tenant);
 * - the composite indexes of the privacy queries (audit filters, certificates) and of directory search
 *   (whose array of keys has no single-field index).
 * Run `npm run gen:indexes` after changing the catalog.
 */
type Order = 'ASCENDING' | 'DESCENDING';
type FieldIndex = ({ order: Order } | { arrayConfig: 'CONTAINS' }) & { queryScope: 'COLLECTION' | 'COLLECTION_GROUP' };

const COMPOSITE_QUERIES: { collectionGroup: string; fields: [string, Order | 'CONTAINS'][] }[] = [
  { collectionGroup: 'audit', fields: [['action', 'ASCENDING'], ['at', 'DESCENDING']] },
  { collectionGroup: 'audit', fields: [['actor.uid', 'ASCENDING'], ['at', 'DESCENDING']] },
  { collectionGroup: 'audit', fields: [['target.id', 'ASCENDING'], ['at', 'DESCENDING']] },
  { collectionGroup: 'deletions', fields: [['tenantId', 'ASCENDING'], ['requestedAt', 'DESCENDING']] },
  // Directory search (directory/search-users.ts): users holding a search key, by email.
  { collectionGroup: 'users', fields: [['searchKeys', 'CONTAINS'], ['email', 'ASCENDING']] },
];

export function firestoreIndexes() {
  const overrides = new Map<string, { collectionGroup: string; fieldPath: string; ttl: boolean; indexes: FieldIndex[] }>();
  const override = (group: string, field: string) => {
    const key = `${group}/${field}`;
    let o = overrides.get(key);
    if (!o) overrides.set(key, (o = { collectionGroup: group, fieldPath: field, ttl: false, indexes: [{ order: 'ASCENDING', queryScope: 'COLLECTION' }, { order: 'DESCENDING', queryScope: 'COLLECTION' }] }));
    return o;
  };
  const groupScope = (o: { indexes: FieldIndex[] }) => {
    if (!o.indexes.some((i) => i.queryScope === 'COLLECTION_GROUP')) o.indexes.push({ order: 'ASCENDING', queryScope: 'COLLECTION_GROUP' });
  };
  for (const name of (Object.keys(catalog) as CollectionName[]).sort()) {
    const entry = catalog[name];
    const group = collectionId(name);
    const nested = pathParams(entry.path).length > 2;
    if (entry.retention.kind === 'ttl') {
      const o = override(group, 'expireAt');
      o.ttl = true;
      if (nested) groupScope(o);
    }
    for (const lookup of entry.subjects as readonly SubjectLookup[]) {
      if (nested && lookup.at === 'field') groupScope(override(group, lookup.field));
      if (lookup.at === 'map_key') {
        // The map of entries is never queried: exempt from indexing (its keys would each be indexed).
        overrides.set(`${group}/${lookup.map}`, { collectionGroup: group, fieldPath: lookup.map, ttl: false, indexes: [] });
        const o = override(group, lookup.index);
        o.indexes = [{ arrayConfig: 'CONTAINS', queryScope: 'COLLECTION' }, ...(nested ? [{ arrayConfig: 'CONTAINS' as const, queryScope: 'COLLECTION_GROUP' as const }] : [])];
      }
    }
  }
  // Directory search queries its keys only by the composite index above (with the email order):
  // no single-field index of its own, which would double the index entries (~60 per user).
  overrides.set('users/searchKeys', { collectionGroup: 'users', fieldPath: 'searchKeys', ttl: false, indexes: [] });
  return {
    indexes: COMPOSITE_QUERIES.map((q) => ({ collectionGroup: q.collectionGroup, queryScope: 'COLLECTION', fields: q.fields.map(([fieldPath, order]) => (order === 'CONTAINS' ? { fieldPath, arrayConfig: order } : { fieldPath, order })) })),
    fieldOverrides: [...overrides.values()].sort((a, b) => `${a.collectionGroup}/${a.fieldPath}`.localeCompare(`${b.collectionGroup}/${b.fieldPath}`)),
  };
}

export function firestoreIndexesJson(): string {
  return JSON.stringify(firestoreIndexes(), null, 2) + '\n';
}
