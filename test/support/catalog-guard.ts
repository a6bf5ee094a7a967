import type { LocalDeps } from '../../functions/src/local/local-deps.js';
import { entryForDocPath } from '../../functions/src/catalog.js';

/** Paths of documents in the in-memory database that no catalog entry declares. */
export function undeclaredPaths(memory: NonNullable<LocalDeps['memory']>): string[] {
  const docs = memory.database.query({ parent: '', allDescendants: true, predicate: () => true });
  return docs.map((d) => d.path).filter((p) => !entryForDocPath(p));
}

/** Every test environment created in the current file, checked after the file's tests. */
export const liveEnvs = new Set<LocalDeps>();
