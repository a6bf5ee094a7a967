/**
 * The V8 heap limits Node gives itself in a Cloud Functions instance of `memoryMiB`, as flags.
 *
 * Node sizes V8's heap from the memory it may use (the instance's, or the container's limit), with
 * V8's Heap::HeapSizeFromPhysicalMemory rules for 64-bit builds without pointer compression (Node's):
 * old space = memory / 4 × 2 (at most 4 GB); semi-space = old space / 128 (/ 256 up to 256 MB of old
 * space), between 1 and 16 MB. What matters for peak RSS is that V8 lets the heap grow further past
 * its live data before a full collection the larger its limit: on a 24 GB workstation (4 GB old
 * space, 16 MB semi-spaces) a sync's heap swells far more than in the 1 GiB instance it runs in.
 */
export function functionHeapFlags(memoryMiB: number): string[] {
  const { oldMiB, semiMiB } = heapLimitsFor(memoryMiB);
  return [`--max-old-space-size=${oldMiB}`, `--max-semi-space-size=${semiMiB}`];
}

export function heapLimitsFor(memoryMiB: number): { oldMiB: number; semiMiB: number; heapSizeLimitMiB: number } {
  const oldMiB = Math.min(Math.floor(memoryMiB / 4) * 2, 4096);
  const semiMiB = Math.min(Math.max(Math.floor(oldMiB / (oldMiB <= 256 ? 256 : 128)), 1), 16);
  // heap_size_limit = old space + young generation (two semi-spaces and a new large-object space of the same size).
  return { oldMiB, semiMiB, heapSizeLimitMiB: oldMiB + 3 * semiMiB };
}
