/**
 * Bytes Firestore bills as stored data for everything under one document (a tenant), by the rules of
 * "Storage size calculations" (firebase.google.com/docs/firestore/storage-size): a string is its
 * UTF-8 bytes + 1, a number, timestamp 8, a boolean or null 1, a map the sum of its keys and values,
 * an array the sum of its values; a document name the sum of its path's strings + 16; a document its
 * name + fields + 32. Index entries: every field (nested ones too) is indexed ascending and
 * descending by default, each entry its document's name + the field path + the value + 32; an array
 * field one entry per element. Exemptions (firestore.indexes.json) are not subtracted: an upper bound.
 */
import { Timestamp, type DocumentReference, type Firestore } from 'firebase-admin/firestore';
import { PATHS } from '../../functions/src/core/paths.js';

/** Collections whose documents have subcollections of their own (campaigns: counters), from the catalog's paths. */
const PARENTS = new Set(Object.values(PATHS).flatMap((p) => p.split('/').filter((_, i, a) => i % 2 === 0 && i < a.length - 2)));

const str = (s: string) => Buffer.byteLength(s, 'utf8') + 1;

function valueSize(v: unknown): number {
  if (v === null || v === undefined || typeof v === 'boolean') return 1;
  if (typeof v === 'number' || v instanceof Timestamp || v instanceof Date) return 8;
  if (typeof v === 'string') return str(v);
  if (Buffer.isBuffer(v) || v instanceof Uint8Array) return v.byteLength;
  if (Array.isArray(v)) return v.reduce((n: number, x) => n + valueSize(x), 0);
  if (typeof v === 'object' && 'path' in (v as object) && 'firestore' in (v as object)) return nameSize((v as DocumentReference).path);
  return Object.entries(v as Record<string, unknown>).reduce((n, [k, x]) => n + str(k) + valueSize(x), 0);
}

const nameSize = (path: string) => path.split('/').reduce((n, s) => n + str(s), 0) + 16;

/** Index entry bytes of one field (recursing into maps). */
function indexSize(name: number, fieldPath: string, v: unknown): number {
  if (v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Timestamp) && !Buffer.isBuffer(v) && !('firestore' in (v as object))) {
    return Object.entries(v as Record<string, unknown>).reduce((n, [k, x]) => n + indexSize(name, `${fieldPath}.${k}`, x), 0);
  }
  if (Array.isArray(v)) return v.reduce((n: number, x) => n + name + str(fieldPath) + valueSize(x) + 32, 0);
  return 2 * (name + str(fieldPath) + valueSize(v) + 32);
}

export interface StoredSize {
  documents: number;
  documentBytes: number;
  indexBytes: number;
  /** Bytes (documents + indexes) by collection path, ids as `{}`. */
  by: Record<string, number>;
}

/** Walks every subcollection under `root` (the root document included). */
export async function storedSize(db: Firestore, root: string): Promise<StoredSize> {
  const out: StoredSize = { documents: 0, documentBytes: 0, indexBytes: 0, by: {} };
  const visit = async (ref: DocumentReference) => {
    const snap = await ref.get();
    if (snap.exists) count(ref.path, snap.data()!);
    for (const col of await ref.listCollections()) {
      // Page through big collections so 100k users are not one answer.
      let last: FirebaseFirestore.QueryDocumentSnapshot | undefined;
      for (;;) {
        const page = await (last ? col.orderBy('__name__').startAfter(last) : col.orderBy('__name__')).limit(2000).get();
        for (const d of page.docs) count(d.ref.path, d.data());
        // Subcollections hang off some documents (campaigns' counters): only those are visited again.
        if (PARENTS.has(col.id)) for (const d of page.docs) await visitChildren(d.ref);
        if (page.size < 2000) break;
        last = page.docs[page.docs.length - 1];
      }
    }
  };
  const visitChildren = async (ref: DocumentReference) => {
    for (const col of await ref.listCollections()) {
      const page = await col.get();
      for (const d of page.docs) count(d.ref.path, d.data());
      for (const d of page.docs) await visitChildren(d.ref);
    }
  };
  const count = (path: string, data: Record<string, unknown>) => {
    const name = nameSize(path);
    const doc = name + Object.entries(data).reduce((n, [k, v]) => n + str(k) + valueSize(v), 0) + 32;
    const index = Object.entries(data).reduce((n, [k, v]) => n + indexSize(name, k, v), 0);
    out.documents++;
    out.documentBytes += doc;
    out.indexBytes += index;
    const key = path.split('/').filter((_, i) => i % 2 === 0).join('/{}/');
    out.by[key] = (out.by[key] ?? 0) + doc + index;
  };
  await visit(db.doc(root));
  return out;
}
