import { beforeAll, describe, expect, it } from 'vitest';
import { dumpState, loadState } from '../../functions/src/local/firestore-state.js';
import { emailLeaks, undeclaredPaths } from '../support/catalog-guard.js';
import { createTestEnv, demoSeed, type TestEnv } from '../support/test-env.js';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});

describe('the catalog guard', () => {
  it('notices a document in a collection the catalog does not declare', async () => {
    expect(await undeclaredPaths(env.deps)).toEqual([]);
    const stray = env.deps.db.doc('tenants/acme/notDeclared/x');
    await stray.set({ a: 1 });
    expect(await undeclaredPaths(env.deps)).toEqual(['tenants/acme/notDeclared/x']);
    await stray.delete();
    expect(await undeclaredPaths(env.deps)).toEqual([]);
  });
});

describe('local state', () => {
  it('round-trips through dump and load, timestamps included', async () => {
    const dumped = await dumpState(env.deps.db);
    expect(Object.keys(dumped.docs).length).toBe(Object.keys(demoSeed().docs).length);
    const copy = await createTestEnv({ seed: null });
    await loadState(copy.deps.db, dumped);
    expect(await dumpState(copy.deps.db)).toEqual(dumped);
  });

  it('refuses a seed with an undeclared collection or an invalid document, naming it', async () => {
    const target = await createTestEnv({ seed: null });
    await expect(loadState(target.deps.db, { docs: { 'tenants/x/secrets/y': { a: 1 } } })).rejects.toThrow('tenants/x/secrets/y is not in a collection declared');
    await expect(loadState(target.deps.db, { docs: { 'tenants/x/users/y': { email: 'nope', source: 'csv', createdAt: '$now', updatedAt: '$now' } } })).rejects.toThrow(/tenants\/x\/users\/y: email/);
  });
});

describe('the log guard', () => {
  it('recognises an email address in a log entry', async () => {
    const { memoryLogger } = await import('../../functions/src/platform/logger.js');
    const log = memoryLogger();
    log.info('user synced', { userId: 'u123' });
    log.warn('bad row', { value: 'jane.doe@acme.example' });
    expect(emailLeaks(log.entries)).toEqual([expect.stringContaining('bad row')]);
  });
});
