import { FieldPath, type Firestore, type Query } from 'firebase-admin/firestore';
import { catalog, collectionId, pathParams, type CollectionName, type SubjectKey, type SubjectLookup } from '../core/catalog.js';

/**
 * Where a data subject's documents are, derived from the catalog's `subjects` lookups, as indexed
 * queries scoped to one tenant: reading is proportional to the subject's own documents, never a
 * scan of the tenant.
 */
export type SubjectKeys = Partial<Record<SubjectKey, readonly string[]>>;

export interface Located {
  name: CollectionName;
  lookup: SubjectLookup | null;
  value: string | null;
  query: Query;
  /** False only for collection-group queries, whose results may include another entry sharing the collection id. */
  exact: boolean;
  matches(path: string): boolean;
}

/** Catalog entries that live under a tenant (`tenants/{tenantId}/…`), deepest first, the tenant document last. */
export function tenantEntries(): CollectionName[] {
  // Read at call time (not the module-load list) so every entry the catalog holds is covered.
  return (Object.keys(catalog) as CollectionName[]).filter((n) => pathParams(catalog[n].path)[0] === 'tenantId').sort(
    (a, b) => pathParams(catalog[b].path).length - pathParams(catalog[a].path).length,
  );
}

/**
 * The query for an entry's documents in one tenant with some path ids fixed. When every id above
 * the document is known it is a plain collection query; otherwise a collection-group query bounded
 * to the tenant's subtree by document name (the regex then drops look-alike collections).
 */
export function tenantScope(db: Firestore, name: CollectionName, tenantId: string, fixed: Record<string, string> = {}): Omit<Located, 'lookup' | 'value'> {
  const path = catalog[name].path;
  const params = pathParams(path);
  const ids: Record<string, string> = { ...fixed, tenantId };
  const last = params[params.length - 1]!;
  const parentParams = params.slice(0, -1);
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const regex = new RegExp('^' + path.split('/').map((seg) => {
    const m = /^\{(\w+)\}$/.exec(seg);
    if (!m) return escape(seg);
    return ids[m[1]!] !== undefined ? escape(ids[m[1]!]!) : '[^/]+';
  }).join('/') + '$');
  const matches = (p: string) => regex.test(p);

  if (parentParams.every((p) => ids[p] !== undefined)) {
    const parent = path.slice(0, path.lastIndexOf('/')).replace(/\{(\w+)\}/g, (_, k: string) => ids[k]!);
    let query: Query = db.collection(parent);
    if (ids[last] !== undefined) query = query.where(FieldPath.documentId(), '==', db.doc(`${parent}/${ids[last]}`));
    return { name, query, exact: true, matches };
  }
  // Document names sort segment by segment, so every document under tenants/{t}/ lies between
  // these two bounds, and no other tenant's does.
  const query = db
    .collectionGroup(collectionId(name))
    .where(FieldPath.documentId(), '>=', db.doc(`tenants/${tenantId}/\u0000/\u0000`))
    .where(FieldPath.documentId(), '<', db.doc(`tenants/${tenantId}\u0000/\u0000/\u0000`));
  return { name, query, exact: false, matches };
}

/** One query per (entry, lookup, value) that can find the subject's documents in this tenant. */
export function locateSubject(db: Firestore, tenantId: string, keys: SubjectKeys, only?: (name: CollectionName) => boolean): Located[] {
  const out: Located[] = [];
  for (const name of tenantEntries()) {
    if (only && !only(name)) continue;
    for (const lookup of catalog[name].subjects as readonly SubjectLookup[]) {
      for (const value of keys[lookup.key] ?? []) {
        const params = pathParams(catalog[name].path);
        if (lookup.at === 'doc_id') {
          out.push({ ...tenantScope(db, name, tenantId, { [params[params.length - 1]!]: value }), lookup, value });
        } else if (lookup.at === 'path') {
          out.push({ ...tenantScope(db, name, tenantId, { [lookup.param]: value }), lookup, value });
        } else if (lookup.at === 'map_key') {
          const scope = tenantScope(db, name, tenantId);
          out.push({ ...scope, query: scope.query.where(lookup.index, 'array-contains', value), lookup, value });
        } else {
          const scope = tenantScope(db, name, tenantId);
          out.push({ ...scope, query: scope.query.where(lookup.field, '==', value), lookup, value });
        }
      }
    }
  }
  return out;
}

/** Reads a dotted field (`actor.uid`) of a document's data. */
export function getField(data: Record<string, unknown>, field: string): unknown {
  return field.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), data);
}
