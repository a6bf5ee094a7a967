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
    {
      template: `tenants/t1/campaigns/${campaignId}/counters/2026-11-23_{shard}`,
      base: { campaignId, day: '2026-11-23' },
      inc: { clicks: 1, 'devices.desktop': 1 },
      keyed: { map: 'employees', index: 'employeeIds', key: userId, inc: { clicks: 1 } },
    },
  ],
  creates: [],
});

async function sum(campaignId: string, field = 'clicks') {
  const snap = await env.deps.db.collection(`tenants/t1/campaigns/${campaignId}/counters`).get();
  return { total: snap.docs.reduce((n, d) => n + (d.get(field) ?? 0), 0), docs: snap.size };
}

/** Per employee: clicks summed over the shards' entries, and the shards whose id array lists them. */
async function perEmployee(campaignId: string) {
  const snap = await env.deps.db.collection(`tenants/t1/campaigns/${campaignId}/counters`).get();
  const clicks = new Map<string, number>();
  const listed = new Map<string, number>();
  for (const d of snap.docs) {
    for (const [u, c] of Object.entries(d.get('employees') as Record<string, { clicks: number }>)) clicks.set(u, (clicks.get(u) ?? 0) + c.clicks);
    for (const u of d.get('employeeIds') as string[]) listed.set(u, (listed.get(u) ?? 0) + 1);
  }
  return { clicks, listed };
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
    expect((await sum('wave', 'devices.desktop')).total).toBe(180);
    // The employees' counts rode in those two documents: u0 in both (15 + 30 clicks), the others in one.
    const { clicks, listed } = await perEmployee('wave');
    expect([...clicks.values()].reduce((a, b) => a + b, 0)).toBe(180);
    expect(clicks.get('u0')).toBe(45);
    expect(clicks.get('u1')).toBe(15);
    expect(listed.get('u0')).toBe(2);
    expect(listed.get('u1')).toBe(1);
  });

  it('commits a hit that follows a quiet spell at once, and paces the hits that follow a commit closely', async () => {
    let clock = 1_000_000;
    const committer = new GroupCommitter(env.deps.db, { now: () => clock, shards: new ShardPicker(128, 1000, 0) });
    // A flush is queued with setImmediate: one more turn lets it start (stats count a commit as it starts).
    const turn = () => new Promise((resolve) => setImmediate(resolve));
    const first = committer.record(hit('paced', 'u1'));
    await turn();
    expect(committer.stats.commits).toBe(1);
    // The clock stands still: within 20 ms of that commit's start, a lone hit waits for company...
    const waiting = committer.record(hit('paced', 'u2'));
    await turn();
    expect(committer.stats.commits).toBe(1);
    // ...and goes as soon as the batch holds 20 hits.
    const filling = Array.from({ length: 19 }, () => committer.record(hit('paced', 'u3')));
    await turn();
    expect(committer.stats.commits).toBe(2);
    expect(await Promise.all([first, waiting, ...filling])).toEqual(Array(21).fill('committed'));
    // A quiet second later, a lone hit is committed at once again.
    clock += 1000;
    const lone = committer.record(hit('paced', 'u4'));
    await turn();
    expect(committer.stats.commits).toBe(3);
    expect(await lone).toBe('committed');
    expect((await sum('paced')).total).toBe(22);
  });

  it("splits a batch over Firestore's write limit into several commits, losing nothing", async () => {
    const committer = new GroupCommitter(env.deps.db, { maxWritesPerCommit: 50 });
    const outcomes = await Promise.all(Array.from({ length: 120 }, (_, i) => committer.record(hit(`many-${i}`, 'w1'))));
    expect(outcomes.every((o) => o === 'committed')).toBe(true);
    expect(committer.stats.commits).toBe(3);
    for (const i of [0, 59, 119]) expect((await sum(`many-${i}`)).total).toBe(1);
  });

  it("splits a document's increments over Firestore's 500 transforms per document, onto more shards", async () => {
    // 450 transforms a document: the campaign's fields, the id array, then one per employee count.
    const committer = new GroupCommitter(env.deps.db);
    const outcomes = await Promise.all(Array.from({ length: 1000 }, (_, i) => committer.record(hit('wide', `w${i}`))));
    expect(outcomes.every((o) => o === 'committed')).toBe(true);
    expect(committer.stats.commits).toBe(3);
    expect((await sum('wide')).docs).toBe(3);
    expect((await sum('wide')).total).toBe(1000);
    const { clicks } = await perEmployee('wide');
    expect(clicks.size).toBe(1000);
    expect([...clicks.values()].every((n) => n === 1)).toBe(true);
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
