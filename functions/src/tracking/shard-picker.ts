/**
 * Chooses the shard of each counter document a commit writes, so that this instance writes each
 * shard document at most once per `minIntervalMs`, counted from the end of one commit to the
 * start of the next on that shard. Each counter (a document path template) takes its lowest free
 * shard: a quiet counter always stays on one document, and only a hot one (a campaign's day
 * counter under load, an employee whose link goes viral) spreads over up to `maxShards`. The
 * instance's random offset keeps instances on different shards.
 */
export class ShardPicker {
  /** counter key → slot → end of the last commit on it (Infinity while one is in flight). */
  private readonly slots = new Map<string, Map<number, number>>();
  private picks = 0;

  constructor(
    readonly maxShards = 512,
    readonly minIntervalMs = 1000,
    private readonly offset = Math.floor(Math.random() * maxShards),
  ) {}

  /** Reserves a shard for every key until `release`, or says how long until all can have one. */
  pick(keys: Iterable<string>, nowMs: number): { shards: Map<string, number>; waitMs: 0 } | { shards: null; waitMs: number } {
    if (++this.picks % 1000 === 0) this.forgetIdle(nowMs);
    const shards = new Map<string, number>();
    const undo: [Map<number, number>, number, number | undefined][] = [];
    for (const key of keys) {
      if (shards.has(key)) continue;
      let used = this.slots.get(key);
      if (!used) this.slots.set(key, (used = new Map()));
      let earliest = Infinity;
      let chosen = -1;
      for (let slot = 0; slot < this.maxShards; slot++) {
        const last = used.get(slot);
        if (last === undefined || nowMs - last >= this.minIntervalMs) {
          chosen = slot;
          break;
        }
        earliest = Math.min(earliest, last);
      }
      if (chosen < 0) {
        for (const [map, slot, previous] of undo) previous === undefined ? map.delete(slot) : map.set(slot, previous);
        // All in flight: retry soon; otherwise when the oldest frees up.
        return { shards: null, waitMs: earliest === Infinity ? 5 : Math.max(1, Math.ceil(earliest + this.minIntervalMs - nowMs)) };
      }
      undo.push([used, chosen, used.get(chosen)]);
      used.set(chosen, Infinity);
      shards.set(key, (this.offset + chosen) % this.maxShards);
    }
    return { shards, waitMs: 0 };
  }

  /** The commit that used these shards ended at `atMs`. */
  release(shards: Map<string, number>, atMs: number): void {
    for (const [key, shard] of shards) this.slots.get(key)?.set((shard - this.offset + this.maxShards) % this.maxShards, atMs);
  }

  /** Counters not written within the interval need no memory: they start again at their first shard. */
  private forgetIdle(nowMs: number): void {
    for (const [key, used] of this.slots) {
      let idle = true;
      for (const last of used.values()) if (nowMs - last < this.minIntervalMs) idle = false;
      if (idle) this.slots.delete(key);
    }
  }

  /** How many counters it remembers (bounded by the counters written within the last interval). */
  get size(): number {
    return this.slots.size;
  }
}
