/**
 * A string → slot number map for large, packed collections: open addressing with linear probing
 * over two typed arrays, about 16 bytes per key at most instead of the ~40 a `Map` entry costs
 * (a 100k-user directory has three such maps). It does not hold the keys: `keyOf(slot)` must
 * return the key a slot was last set under, for as long as that entry is in the table.
 */
export class StringSlotTable {
  /** slot + 1 per bucket; 0 = empty. */
  private slots: Int32Array;
  /** The key's hash per bucket, so probing and growing rarely need the key itself. */
  private hashes: Int32Array;
  private count = 0;

  constructor(
    private readonly keyOf: (slot: number) => string | undefined,
    initialCapacity = 1024,
  ) {
    let capacity = 16;
    while (capacity < initialCapacity * 2) capacity *= 2;
    this.slots = new Int32Array(capacity);
    this.hashes = new Int32Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** The slot stored under `key`, or -1. */
  get(key: string): number {
    const bucket = this.find(key, hashOf(key));
    return bucket < 0 ? -1 : this.slots[bucket]! - 1;
  }

  set(key: string, slot: number): void {
    const hash = hashOf(key);
    const found = this.find(key, hash);
    if (found >= 0) {
      this.slots[found] = slot + 1;
      return;
    }
    if ((this.count + 1) * 2 > this.slots.length) this.grow();
    this.place(hash, slot);
    this.count++;
  }

  delete(key: string): void {
    let hole = this.find(key, hashOf(key));
    if (hole < 0) return;
    // Backward-shift deletion: move later entries of the probe run into the hole when their home
    // bucket allows it, so lookups never meet a gap inside a run (no tombstones to accumulate).
    const mask = this.slots.length - 1;
    let next = hole;
    for (;;) {
      next = (next + 1) & mask;
      if (this.slots[next] === 0) break;
      const home = this.hashes[next]! & mask;
      const between = hole <= next ? home > hole && home <= next : home > hole || home <= next;
      if (!between) {
        this.slots[hole] = this.slots[next]!;
        this.hashes[hole] = this.hashes[next]!;
        hole = next;
      }
    }
    this.slots[hole] = 0;
    this.hashes[hole] = 0;
    this.count--;
  }

  private find(key: string, hash: number): number {
    const mask = this.slots.length - 1;
    for (let bucket = hash & mask; ; bucket = (bucket + 1) & mask) {
      const stored = this.slots[bucket]!;
      if (stored === 0) return -1;
      if (this.hashes[bucket] === hash && this.keyOf(stored - 1) === key) return bucket;
    }
  }

  private place(hash: number, slot: number): void {
    const mask = this.slots.length - 1;
    let bucket = hash & mask;
    while (this.slots[bucket] !== 0) bucket = (bucket + 1) & mask;
    this.slots[bucket] = slot + 1;
    this.hashes[bucket] = hash;
  }

  private grow(): void {
    const { slots, hashes } = this;
    this.slots = new Int32Array(slots.length * 2);
    this.hashes = new Int32Array(slots.length * 2);
    for (let b = 0; b < slots.length; b++) if (slots[b] !== 0) this.place(hashes[b]!, slots[b]! - 1);
  }
}

/**
 * FNV-1a over the UTF-16 code units, then MurmurHash3's finalizer so that the low bits (the bucket)
 * depend on every character: cheap and allocation-free.
 */
function hashOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}
