import { describe, expect, it } from 'vitest';
import { ShardPicker } from '../../functions/src/tracking/shard-picker.js';

/** Picks for `keys` at `at` and releases at `end`; returns the shards, or null when it must wait. */
function commit(p: ShardPicker, keys: string[], at: number, end = at) {
  const picked = p.pick(keys, at);
  if (!picked.shards) return null;
  p.release(picked.shards, end);
  return keys.map((k) => picked.shards.get(k));
}

describe('ShardPicker', () => {
  it('keeps a quiet counter on one shard', () => {
    const p = new ShardPicker(8, 1000, 3);
    expect([0, 1000, 2500, 9000].map((t) => commit(p, ['day'], t))).toEqual([[3], [3], [3], [3]]);
  });

  it('spreads only the hot counter; the others stay on their first shard', () => {
    const p = new ShardPicker(4, 1000, 2);
    const picks = [0, 1, 2, 3].map((t) => commit(p, ['day', `employee-${t}`], t));
    expect(picks).toEqual([
      [2, 2],
      [3, 2],
      [0, 2],
      [1, 2],
    ]);
    expect(p.pick(['day'], 10)).toEqual({ shards: null, waitMs: 990 });
    // A failed pick reserves nothing: the employee counter is still free.
    expect(p.pick(['employee-9', 'day'], 10).shards).toBeNull();
    expect(commit(p, ['employee-9'], 10)).toEqual([2]);
    expect(commit(p, ['day'], 1000)).toEqual([2]);
  });

  it('counts the interval from the end of a slow commit', () => {
    const p = new ShardPicker(2, 1000, 0);
    expect(p.pick(['day'], 0).shards?.get('day')).toBe(0);
    const second = p.pick(['day'], 0).shards!;
    expect(second.get('day')).toBe(1);
    expect(p.pick(['day'], 5000)).toEqual({ shards: null, waitMs: 5 });
    p.release(new Map([['day', 0]]), 5000);
    expect(p.pick(['day'], 5500).shards).toBeNull();
    expect(p.pick(['day'], 6000).shards?.get('day')).toBe(0);
  });

  it('never writes one shard twice within the interval, and forgets idle counters', () => {
    const p = new ShardPicker(16, 1000);
    const last = new Map<number, number>();
    for (let t = 0; t < 5000; t += 7) {
      const shards = commit(p, ['day', `employee-${t}`], t, t + 3);
      if (!shards) continue;
      const shard = shards[0]!;
      if (last.has(shard)) expect(t - last.get(shard)!).toBeGreaterThanOrEqual(1000);
      last.set(shard, t + 3);
    }
    for (let t = 100_000; t < 102_000; t++) commit(p, [], t);
    expect(p.size).toBe(0);
  });
  it('moves a counter to its next shard once a shard holds its day\'s share of distinct employees', () => {
    const p = new ShardPicker(4, 1000, 0, 3);
    const day = 86_400_000 * 20_000;
    const pick = (ids: string[], at: number) => {
      const picked = p.pick(['day'], at, new Map([['day', new Set(ids)]]));
      if (!picked.shards) return null;
      p.release(picked.shards, at);
      return picked.shards.get('day');
    };
    expect(pick(['a', 'b'], day)).toBe(0);
    // Two more employees would make four in shard 0: they go to shard 1.
    expect(pick(['c', 'd'], day + 1000)).toBe(1);
    // An employee already in shard 0 costs nothing there; one more new one still fits (three).
    expect(pick(['a', 'e'], day + 2000)).toBe(0);
    expect(pick(['f'], day + 3000)).toBe(1);
    // Both are full now: they are skipped, even for an employee they hold.
    expect(pick(['a'], day + 4000)).toBe(2);
    // Without per-key entries the counter keeps its first shard.
    expect(commit(p, ['day'], day + 5000)).toEqual([0]);
    // A new UTC day starts from empty shards.
    expect(pick(['x', 'y', 'z'], day + 86_400_000)).toBe(0);
  });
});
