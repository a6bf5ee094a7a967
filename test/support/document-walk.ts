import type { CollectionReference, DocumentReference, Firestore } from 'firebase-admin/firestore';
import type { LocalDeps } from '../../functions/src/local/local-deps.js';

/**
 * Every existing document of a test environment's database, path → update time: a before/after
 * picture that shows writes and deletes, and finds collections nobody declared.
 * On the official emulator it walks listCollections() from the root and under every document
 * (listDocuments() also returns missing parents, under which subcollections may still hold
 * documents). The in-memory Firestore cannot list missing parents (it refuses listDocuments'
 * field mask), so there its own index of every stored document is read instead.
 */
export async function documentVersions(deps: Pick<LocalDeps, 'db' | 'memory'>): Promise<Map<string, string>> {
  if (deps.memory) {
    const docs = deps.memory.database.query({ parent: '', allDescendants: true, predicate: () => true });
    return new Map(docs.filter((d) => d.exists).map((d) => [d.path, String(d.version)]));
  }
  return walk(deps.db);
}

async function walk(db: Firestore): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  let level: CollectionReference[] = await db.listCollections();
  while (level.length) {
    const next: CollectionReference[] = [];
    await inParallel(level, 16, async (col) => {
      const [refs, snap] = await Promise.all([col.listDocuments(), col.select().get()]);
      for (const d of snap.docs) out.set(d.ref.path, d.updateTime.toDate().toISOString() + String(d.updateTime.nanoseconds));
      await inParallel(refs, 32, async (ref: DocumentReference) => {
        next.push(...(await ref.listCollections()));
      });
    });
    level = next;
  }
  return out;
}

async function inParallel<T>(items: T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let i = 0;
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, async () => {
    while (i < items.length) await fn(items[i++]!);
  }));
}
