import type { LocalDeps } from '../../functions/src/local/local-deps.js';
import { entryForDocPath } from '../../functions/src/catalog.js';

/** Paths of documents in the in-memory database that no catalog entry declares. */
export function undeclaredPaths(memory: NonNullable<LocalDeps['memory']>): string[] {
  const docs = memory.database.query({ parent: '', allDescendants: true, predicate: () => true });
  return docs.map((d) => d.path).filter((p) => !entryForDocPath(p));
}

/** Every test environment created in the current file, checked after the file's tests. */
export const liveEnvs = new Set<LocalDeps>();

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[a-z]{2,}/;

/** Log entries (as JSON) that carry an email address. */
export function emailLeaks(entries: unknown[]): string[] {
  return entries.map((entry) => JSON.stringify(entry)).filter((line) => EMAIL.test(line));
}
