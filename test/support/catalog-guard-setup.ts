import { afterAll, expect } from 'vitest';
import { emailLeaks, liveEnvs, undeclaredPaths } from './catalog-guard.js';

/**
 * Guards run after each integration test file, over every environment the file created:
 * - the catalog guard: every document must belong to a collection the data catalog declares, so a
 *   new collection cannot slip in without its purpose, retention and erasure being declared;
 * - the log guard: no log entry may carry an email address (logs hold ids and counts only).
 */
afterAll(async () => {
  const undeclared = [...liveEnvs].flatMap((deps) => (deps.memory?.exists() ? undeclaredPaths(deps.memory) : []));
  const leaks = emailLeaks([...liveEnvs].flatMap((deps) => (deps.log as { entries?: unknown[] }).entries ?? []));
  for (const deps of liveEnvs) await deps.close();
  liveEnvs.clear();
  expect(undeclared, 'documents written to collections the data catalog does not declare').toEqual([]);
  expect(leaks, 'log entries carrying an email address').toEqual([]);
});
