import { describe, expect, it } from 'vitest';
import { ShardPicker } from '../../functions/src/tracking/shard-picker.js';

describe('ShardPicker', () => {
  it('keeps one shard at low traffic', () => {
    const p = new ShardPicker(8, 1000, 3);
    const shards = [0, 1000, 2500, 9000].map((t) => {
      const { shard } = p.pick(t);
      p.release(shard!, t);
      return shard;
    });
    expect(shards).toEqual([3, 3, 3, 3]);
  });

  it('spreads a burst over distinct shards, then asks to wait', () => {
    const p = new ShardPicker(4, 1000, 2);
    const shards = [0, 1, 2, 3].map((t) => {
      const { shard } = p.pick(t);
      p.release(shard!, t);
      return shard;
    });
    expect(shards).toEqual([2, 3, 0, 1]);
    expect(p.pick(10)).toEqual({ shard: null, waitMs: 990 });
    expect(p.pick(1000).shard).toBe(2);
  });

  it('counts the interval from the end of a slow commit', () => {
    const p = new ShardPicker(2, 1000, 0);
    expect(p.pick(0).shard).toBe(0);
    expect(p.pick(0).shard).toBe(1);
    expect(p.pick(5000)).toEqual({ shard: null, waitMs: 5 });
    p.release(0, 5000);
    expect(p.pick(5500).shard).toBeNull();
    expect(p.pick(6000).shard).toBe(0);
  });

  it('never writes one shard twice within the interval', () => {
    const p = new ShardPicker(16, 1000);
    const last = new Map<number, number>();
    for (let t = 0; t < 5000; t += 7) {
      const { shard } = p.pick(t);
      if (shard === null) continue;
      if (last.has(shard)) expect(t - last.get(shard)!).toBeGreaterThanOrEqual(1000);
      p.release(shard, t + 3);
      last.set(shard, t + 3);
    }
  });
});
