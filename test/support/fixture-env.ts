import { afterAll, beforeAll } from 'vitest';
import { registerFixtureEntries, removeFixtureDocs, unregisterFixtureEntries } from './catalog-fixtures.js';
import { createTestEnv, DEMO, type TestEnv } from './test-env.js';

/**
 * Hooks for a test file that uses the fixture entries: registers them and a seeded test env with
 * an Acme admin token before the file, and removes their documents and entries after it (before
 * the catalog guard runs).
 */
export function fixtureEnvHooks(set: (env: TestEnv, adminToken: string) => void): void {
  let env: TestEnv | undefined;
  beforeAll(async () => {
    registerFixtureEntries();
    env = await createTestEnv();
    set(env, await env.token(DEMO.acmeAdmin));
  });
  afterAll(async () => {
    if (env) await removeFixtureDocs(env.deps.db);
    unregisterFixtureEntries();
  });
}
