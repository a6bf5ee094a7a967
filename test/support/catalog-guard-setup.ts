import { afterAll, expect } from 'vitest';
import { liveEnvs, undeclaredPaths } from './catalog-guard.js';

/**
 * The catalog guard: after each integration test file, every document its databases hold must
 * belong to a collection declared in the data catalog. A new collection cannot slip in without
 * its purpose, retention and erasure being declared.
 */
afterAll(async () => {
  const undeclared = [...liveEnvs].flatMap((deps) => (deps.memory?.exists() ? undeclaredPaths(deps.memory) : []));
  for (const deps of liveEnvs) await deps.close();
  liveEnvs.clear();
  expect(undeclared, 'documents written to collections the data catalog does not declare').toEqual([]);
});
