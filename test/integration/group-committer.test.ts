import { beforeAll, describe, expect, it } from 'vitest';
import { GroupCommitter, type Hit } from '../../functions/src/tracking/group-committer.js';
import { ShardPicker } from '../../functions/src/tracking/shard-picker.js';
import { createTestEnv, type TestEnv } from '../support/test-env.js';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv({ seed: null });
});

const hit = (campaignId: string, userId: string): Hit => ({
  counters: [
    { template: `tenants/t1/campaigns/${campaignId}/counters/2026-11-23_{shard}`, base: { campaignId, day: '2026-11-23' }, inc: { clicks: 1, 'devices.desktop': 1 } },
    { template: `tenants/t1/campaigns/${campaignId}/employeeCounters/${userId}_2026-11-23_{shard}`, base: { campaignId, userId, day: '2026-11-23' }, inc: { clicks: 1 } },
  ],
  creates: [],
});

async function sum(campaignId: string, collection = 'counters', field = 'clicks') {
  const snap = await env.deps.db.collection(`tenants/t1/campaigns/${campaignId}/${collection}`).get();
  return { total: snap.docs.reduce((n, d) => n + (d.get(field) ?? 0), 0), docs: snap.size };
}

describe('GroupCommitter', () => {
  it('puts the hits that arrive together into one commit, and the next wave into the next', async () => {
    const committer = new GroupCommitter(env.deps.db, { shards: new ShardPicker(128, 1000, 0) });
    const first = Array.from({ length: 100 }, (_, i) => committer.record(hit('wave', `u${i % 10}`)));
    const second = Array.from({ length: 50 }, (_, i) => committer.record(hit('wave', `u${i % 10}`)));
    expect(new Set(await Promise.all([...first, ...second]))).toEqual(new Set(['committed']));
    expect(committer.stats.commits).toBe(1);
    const third = await Promise.all(Array.from({ length: 30 }, () => committer.record(hit('wave', 'u0'))));
    expect(third.every((o) => o === 'committed')).toBe(true);
    expect(committer.stats.commits).toBe(2);
    const counters = await sum('wave');
    expect(counters.total).toBe(180);
    // The second commit came within a second of the first: the day counter moved to its next shard.
    expect(counters.docs).toBe(2);
    expect((await sum('wave', 'employeeCounters')).total).toBe(180);
    expect((await sum('wave', 'counters', 'devices.desktop')).total).toBe(180);
  });

  it("splits a batch over Firestore's write limit into several commits, losing nothing", async () => {
    const committer = new GroupCommitter(env.deps.db, { maxWritesPerCommit: 50 });
    const outcomes = await Promise.all(Array.from({ length: 120 }, (_, i) => committer.record(hit('wide', `w${i}`))));
    expect(outcomes.every((o) => o === 'committed')).toBe(true);
    expect(committer.stats.commits).toBeGreaterThanOrEqual(3);
    expect((await sum('wide')).total).toBe(120);
    expect((await sum('wide', 'employeeCounters')).docs).toBe(120);
  });

  it('answers after the bounded wait when the commit hangs, and drops beyond its queue bound', async () => {
    const hanging = new Proxy(env.deps.db, {
      get(target, prop) {
        if (prop === 'batch') {
          return () => {
            const batch = target.batch();
            Object.defineProperty(batch, 'commit', { value: () => new Promise(() => {}) });
            return batch;
          };
        }
        const value = Reflect.get(target, prop, target) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    const committer = new GroupCommitter(hanging, { maxWaitMs: 50, maxPendingHits: 3 });
    expect(await committer.record(hit('slow', 'u1'))).toBe('timeout');
    const queued = [1, 2, 3, 4].map(() => committer.record(hit('slow', 'u1')));
    expect(await Promise.all(queued)).toEqual(['timeout', 'timeout', 'timeout', 'dropped']);
    expect(committer.stats).toMatchObject({ timedOut: 4, dropped: 1, committed: 0 });
  });
});
