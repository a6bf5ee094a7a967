/**
 * Chooses which shard of a counter a commit writes, so that this instance writes each shard
 * document at most once per `minIntervalMs`, measured from the end of one commit to the start of
 * the next on that shard. At low traffic it always takes the same shard (one document per day);
 * under load it spreads over up to `maxShards`. Each instance starts at a random offset, so
 * instances rarely share a shard.
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

  /** Takes the lowest free slot's shard until `release`, or says how long until one frees up. */
  pick(nowMs: number): { shard: number; waitMs: 0 } | { shard: null; waitMs: number } {
    let earliest = Infinity;
    for (let slot = 0; slot < this.maxShards; slot++) {
      const last = this.lastUse[slot]!;
      if (nowMs - last >= this.minIntervalMs) {
        this.lastUse[slot] = Infinity;
        return { shard: (this.offset + slot) % this.maxShards, waitMs: 0 };
      }
      earliest = Math.min(earliest, last);
    }
    // All busy (in flight) or used recently: retry when the oldest frees, or soon if all are in flight.
    return { shard: null, waitMs: earliest === Infinity ? 5 : Math.max(1, Math.ceil(earliest + this.minIntervalMs - nowMs)) };
  }

  /** The commit on `shard` ended at `atMs`: the shard is free again `minIntervalMs` later. */
  release(shard: number, atMs: number): void {
    this.lastUse[(shard - this.offset + this.maxShards) % this.maxShards] = atMs;
  }
}
