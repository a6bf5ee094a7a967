/**
 * Chooses the shard of each counter document a commit writes, so that this instance writes each
 * shard document at most once per `minIntervalMs`, counted from the end of one commit to the
 * start of the next on that shard. Each counter (a document path template) takes its lowest free
 * shard: a quiet counter always stays on one document, and only a hot one (a campaign's day
 * counter under load, an employee whose link goes viral) spreads over up to `maxShards`. The
 * instance's random offset keeps instances on different shards.
 *
 * A shard document also holds per-key counts (the employees of a campaign's day shard), so its size
 * grows with the distinct keys written to it. A shard takes at most `maxKeysPerShard` distinct keys
 * from this instance in a UTC day (~100 bytes each, ~100 KB, against Firestore's 1 MiB document
 * limit); a key already in a shard costs nothing more there. Instances start at random offsets,
 * so several instances sharing one shard document is rare (and 10 would still fit).
 */
export class ShardPicker {
  /** counter key → slot → end of the last commit on it (Infinity while one is in flight). */
  private readonly slots = new Map<string, Map<number, number>>();
  private picks = 0;
  /** counter key → slot → the distinct per-document keys written there today; with the lowest slot that may have room. */
  private filled = new Map<string, { slots: Map<number, Set<string>>; firstOpen: number }>();
  private filledDay = -1;

  constructor(
    readonly maxShards = 512,
    readonly minIntervalMs = 1000,
    private readonly offset = Math.floor(Math.random() * maxShards),
    readonly maxKeysPerShard = 1000,
  ) {}

  /**
   * Reserves a shard for every counter key until `release`, or says how long until all can have
   * one. `entries` are the per-document keys each counter's write adds (employees).
   */
  pick(keys: Iterable<string>, nowMs: number, entries?: ReadonlyMap<string, ReadonlySet<string>>): { shards: Map<string, number>; waitMs: 0 } | { shards: null; waitMs: number } {
    if (++this.picks % 1000 === 0) this.forgetIdle(nowMs);
    const day = Math.floor(nowMs / 86_400_000);
    if (day !== this.filledDay) {
      // Counter documents are per UTC day: yesterday's fill levels no longer matter.
      this.filled = new Map();
      this.filledDay = day;
    }
    const shards = new Map<string, number>();
    const undo: [Map<number, number>, number, number | undefined][] = [];
    for (const key of keys) {
      if (shards.has(key)) continue;
      let used = this.slots.get(key);
      if (!used) this.slots.set(key, (used = new Map()));
      let earliest = Infinity;
      let chosen = -1;
      const adds = entries?.get(key);
      const fill = adds?.size ? this.fillOf(key) : undefined;
      // With every shard full (half a million keys a day from one instance) the size cap yields.
      const capped = fill !== undefined && fill.firstOpen < this.maxShards;
      for (let slot = capped ? fill.firstOpen : 0; slot < this.maxShards; slot++) {
        if (capped && !this.hasRoom(fill, slot, adds!)) {
          if (slot === fill.firstOpen && (fill.slots.get(slot)?.size ?? 0) >= this.maxKeysPerShard) fill.firstOpen++;
          continue;
        }
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
    // Only a pick that succeeds fills shards (a key counted where its commit then fails is harmless).
    if (entries) {
      for (const [key, shard] of shards) {
        const adds = entries.get(key);
        if (!adds?.size) continue;
        const slots = this.fillOf(key).slots;
        const slot = (shard - this.offset + this.maxShards) % this.maxShards;
        let set = slots.get(slot);
        if (!set) slots.set(slot, (set = new Set()));
        for (const k of adds) set.add(k);
      }
    }
    return { shards, waitMs: 0 };
  }

  private fillOf(key: string): { slots: Map<number, Set<string>>; firstOpen: number } {
    let fill = this.filled.get(key);
    if (!fill) this.filled.set(key, (fill = { slots: new Map(), firstOpen: 0 }));
    return fill;
  }

  private hasRoom(fill: { slots: Map<number, Set<string>> }, slot: number, adds: ReadonlySet<string>): boolean {
    const set = fill.slots.get(slot);
    if (!set) return true;
    let size = set.size;
    for (const k of adds) if (!set.has(k) && ++size > this.maxKeysPerShard) return false;
    return true;
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
