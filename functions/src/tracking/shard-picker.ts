/**
 * Chooses which shard of a counter a commit writes, so that this instance writes each shard
 * document at most once per `minIntervalMs`. At low traffic it always takes the same shard (one
 * document per day); under load it spreads over up to `maxShards`. Each instance starts at a random
 * offset, so instances rarely share a shard.
 */
export class ShardPicker {
  private readonly lastUse: Float64Array;

  constructor(
    readonly maxShards = 128,
    readonly minIntervalMs = 1000,
    private readonly offset = Math.floor(Math.random() * maxShards),
  ) {
    this.lastUse = new Float64Array(maxShards).fill(-Infinity);
  }

  /** The lowest free slot's shard, or how long until one frees up. */
  pick(nowMs: number): { shard: number; waitMs: 0 } | { shard: null; waitMs: number } {
    let earliest = Infinity;
    for (let slot = 0; slot < this.maxShards; slot++) {
      const last = this.lastUse[slot]!;
      if (nowMs - last >= this.minIntervalMs) {
        this.lastUse[slot] = nowMs;
        return { shard: (this.offset + slot) % this.maxShards, waitMs: 0 };
      }
      earliest = Math.min(earliest, last);
    }
    return { shard: null, waitMs: Math.max(1, Math.ceil(earliest + this.minIntervalMs - nowMs)) };
  }
}
