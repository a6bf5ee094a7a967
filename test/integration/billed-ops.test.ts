import { afterAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../functions/src/core/config.js';
import { createLocalDeps } from '../../functions/src/local/local-deps.js';
import { memoryLogger } from '../../functions/src/platform/logger.js';
import { collectionOf, countBilledOps } from '../bench/billed-ops.js';
import { liveEnvs } from '../support/catalog-guard.js';
import { testDatabase } from '../support/test-env.js';

/**
 * The cost bench's counter (test/bench/billed-ops.ts) against Firestore's billing rules, on a known
 * sequence of operations through the real client: what it reports is what the rules say each costs.
 */
describe('billed operations counted at the Firestore client', () => {
  const deps = createLocalDeps({ config: readConfig({ ...process.env, GCLOUD_PROJECT: 'demo-herald' }), log: memoryLogger(), taskTimeScale: 0, ...testDatabase() });
  liveEnvs.add(deps);
  afterAll(() => deps.close());
  const t = `billed${Math.random().toString(36).slice(2, 8)}`;
  const at = new Date('2026-03-01T00:00:00Z');

  it('counts a write per document set, a delete per delete, a TTL delete per document written with expireAt', async () => {
    const { ops } = await countBilledOps(async () => {
      const batch = deps.db.batch();
      for (const id of ['a', 'b', 'c']) batch.set(deps.db.doc(`tenants/${t}/templates/${id}`), { name: id, html: '<p>x</p>', createdAt: at, updatedAt: at });
      batch.set(deps.db.doc(`tenants/${t}/audit/e1`), { action: 'template.update', at, expireAt: at });
      await batch.commit();
      await deps.db.doc(`tenants/${t}/templates/c`).delete();
      // Written twice: still one document for TTL to delete.
      await deps.db.doc(`tenants/${t}/audit/e1`).set({ action: 'template.update', at, expireAt: at });
    });
    expect(ops).toMatchObject({ writes: 5, deletes: 1, ttlDeletes: 1, commits: 3, reads: 0 });
    expect(ops.writesBy[`tenants/{}/templates`]).toBe(4);
  });

  it('counts a read per document returned, one for a get of a missing document, and one for a query that finds nothing', async () => {
    const { ops } = await countBilledOps(async () => {
      const found = await deps.db.collection(`tenants/${t}/templates`).get();
      expect(found.size).toBe(2);
      const none = await deps.db.collection(`tenants/${t}/templates`).where('name', '==', 'nobody').get();
      expect(none.size).toBe(0);
      await deps.db.getAll(deps.db.doc(`tenants/${t}/templates/a`), deps.db.doc(`tenants/${t}/templates/missing`));
      await deps.db.collection(`tenants/${t}/templates`).count().get();
    });
    expect(ops).toMatchObject({ reads: 2 + 1 + 2 + 1, queries: 2, aggregationQueries: 1, writes: 0 });
  });

  it('names collections without their ids', () => {
    expect(collectionOf('projects/p/databases/(default)/documents/tenants/acme/campaigns/spring/counters/2026-03-01_0')).toBe('tenants/{}/campaigns/{}/counters');
  });
});
