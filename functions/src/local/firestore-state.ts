import { Timestamp, type Firestore } from 'firebase-admin/firestore';
import { catalog, collectionId, COLLECTION_NAMES, entryForDocPath, pathRegex } from '../core/catalog.js';
import { contentHash } from '../directory/content-hash.js';
import { directoryFieldsSchema } from '../core/schemas/user.js';

/**
 * The local host's Firestore state as JSON: `{ "docs": { "<doc path>": { ...fields } } }`.
 * Times are `{ "$ts": "<ISO>" }`, or `"$now"` in the seed; `$origin` in a string becomes the
 * local host's address (the demo's hosted images are served by the local host itself). Every document is checked against the
 * data catalog on load, so the seed cannot hold a collection the catalog does not declare.
 */
export interface StateFile {
  docs: Record<string, Record<string, unknown>>;
}

function decode(value: unknown, now: Date, origin: string): unknown {
  if (value === '$now') return Timestamp.fromDate(now);
  // Anywhere in a string: a banner's address, and the hosted logo inside a template's HTML.
  if (typeof value === 'string' && value.includes('$origin')) return value.replaceAll('$origin', origin);
  if (Array.isArray(value)) return value.map((v) => decode(v, now, origin));
  if (value && typeof value === 'object') {
    const ts = (value as { $ts?: unknown }).$ts;
    if (typeof ts === 'string') return Timestamp.fromDate(new Date(ts));
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decode(v, now, origin)]));
  }
  return value;
}

function encode(value: unknown): unknown {
  if (value instanceof Timestamp) return { $ts: value.toDate().toISOString() };
  if (Array.isArray(value)) return value.map(encode);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encode(v)]));
  return value;
}

/** Fields the seed may leave out because they are derived. */
function derive(name: string, data: Record<string, unknown>): Record<string, unknown> {
  if (name !== 'users' || data.contentHash) return data;
  // An invalid record gets no hash; the catalog schema then reports what is wrong with it.
  const fields = directoryFieldsSchema.safeParse(data);
  return fields.success ? { ...data, contentHash: contentHash(fields.data) } : data;
}

export async function loadState(db: Firestore, state: StateFile, options: { now?: Date; origin?: string } = {}): Promise<number> {
  const now = options.now ?? new Date();
  const origin = options.origin ?? 'http://localhost:5000';
  const writer = db.bulkWriter();
  for (const [path, raw] of Object.entries(state.docs)) {
    const name = entryForDocPath(path);
    if (!name) throw new Error(`seed: ${path} is not in a collection declared in the data catalog`);
    const data = derive(name, decode(raw, now, origin) as Record<string, unknown>);
    const parsed = catalog[name].schema.safeParse(data);
    if (!parsed.success) throw new Error(`seed: ${path}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    void writer.set(db.doc(path), parsed.data as Record<string, unknown>);
  }
  await writer.close();
  return Object.keys(state.docs).length;
}

export async function dumpState(db: Firestore): Promise<StateFile> {
  const docs: StateFile['docs'] = {};
  for (const name of COLLECTION_NAMES) {
    const pattern = pathRegex(catalog[name].path);
    const snap = await db.collectionGroup(collectionId(name)).get();
    for (const d of snap.docs) if (pattern.test(d.ref.path)) docs[d.ref.path] = encode(d.data()) as Record<string, unknown>;
  }
  return { docs };
}
