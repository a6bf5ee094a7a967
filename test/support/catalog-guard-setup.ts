import { afterAll, expect } from 'vitest';
import { emailLeaks, liveEnvs, undeclaredPaths } from './catalog-guard.js';

/**
 * Guards run after each integration test file, over every environment the file created:
 * - the catalog guard: every document must belong to a collection the data catalog declares, so a
 *   new collection cannot slip in without its purpose, retention and erasure being declared;
 * - the log guard: no log entry may carry an email address (logs hold ids and counts only).
 */
afterAll(async () => {
  // Background tasks a file started (deployments, purges) finish before their database closes,
  // or they fail against a terminated client after the file; a stuck task waits 10 s at most.
  await Promise.all([...liveEnvs].map((deps) => Promise.race([deps.tasks.drain(), new Promise((resolve) => setTimeout(resolve, 10_000).unref())])));
  const undeclared: string[] = [];
  for (const deps of liveEnvs) {
    if (deps.memory && !deps.memory.exists()) continue;
    try {
      undeclared.push(...(await undeclaredPaths(deps)));
    } catch (err) {
      // A file may close an environment itself (a stopped host); there is nothing left to check.
      if (!/already been terminated/.test(String(err))) throw err;
    }
  }
  const leaks = emailLeaks([...liveEnvs].flatMap((deps) => (deps.log as { entries?: unknown[] }).entries ?? []));
  for (const deps of liveEnvs) await deps.close();
  liveEnvs.clear();
  expect(undeclared, 'documents written to collections the data catalog does not declare').toEqual([]);
  expect(leaks, 'log entries carrying an email address').toEqual([]);
});
