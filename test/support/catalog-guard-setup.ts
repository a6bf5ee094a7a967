import { afterAll, expect } from 'vitest';
import { liveEnvs, undeclaredPaths } from './catalog-guard.js';

/**
 * The catalog guard: after each integration test file, every document its databases hold must
 * belong to a collection declared in the data catalog. A new collection cannot slip in without
 * its purpose, retention and erasure being declared.
 */
afterAll(async () => {
  // Background tasks a file started (deployments, purges) finish before their database closes,
  // or they fail against a terminated client after the file; a stuck task waits 10 s at most.
  await Promise.all([...liveEnvs].map((deps) => Promise.race([deps.tasks.drain(), new Promise((resolve) => setTimeout(resolve, 10_000).unref())])));
  const undeclared = [...liveEnvs].flatMap((deps) => (deps.memory?.exists() ? undeclaredPaths(deps.memory) : []));
  for (const deps of liveEnvs) await deps.close();
  liveEnvs.clear();
  expect(undeclared, 'documents written to collections the data catalog does not declare').toEqual([]);
});
