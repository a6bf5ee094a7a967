import type { LocalDeps } from '../../functions/src/local/local-deps.js';
import { entryForDocPath } from '../../functions/src/core/catalog.js';
import { documentVersions } from './document-walk.js';

/** Paths of documents in an environment's database (emulator or in-memory) that no catalog entry declares. */
export async function undeclaredPaths(deps: Pick<LocalDeps, 'db' | 'memory'>): Promise<string[]> {
  return [...(await documentVersions(deps)).keys()].filter((p) => !entryForDocPath(p)).sort();
}

/** Every test environment created in the current file, checked after the file's tests. */
export const liveEnvs = new Set<LocalDeps>();

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[a-z]{2,}/;

/** Log entries (as JSON) that carry an email address. */
export function emailLeaks(entries: unknown[]): string[] {
  return entries.map((entry) => JSON.stringify(entry)).filter((line) => EMAIL.test(line));
}
