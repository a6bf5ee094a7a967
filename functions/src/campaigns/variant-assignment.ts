import { createHash } from 'node:crypto';

/**
 * Which A/B variant an employee gets: SHA-256 of campaign and employee ids, read as a number
 * uniform in [0, 1), against the variants' cumulative weights. The same two ids always give the
 * same variant (a person's signature does not flip between mails, and the redirect finds the
 * same variant the signature showed without carrying it in the token); different employees
 * spread over the variants in proportion to the weights. No zod, no I/O: the redirect loads it.
 */
export interface Weighted {
  id: string;
  weight: number;
}

/** A number in [0, 1) fixed by campaign and employee: the first 52 bits of the digest over 2^52. */
export function assignmentPoint(campaignId: string, userId: string): number {
  const digest = createHash('sha256').update(`${campaignId}\u0000${userId}`).digest();
  // 52 bits fit a double exactly: 20 from the first word, 32 from the second.
  return ((digest.readUInt32BE(0) >>> 12) * 2 ** 32 + digest.readUInt32BE(4)) / 2 ** 52;
}

/** The variant at `point` among `variants` (in their stored order), by cumulative weight. */
export function variantAt<V extends Weighted>(variants: readonly V[], point: number): V {
  const total = variants.reduce((n, v) => n + v.weight, 0);
  let edge = 0;
  for (const v of variants) {
    edge += v.weight / total;
    if (point < edge) return v;
  }
  // Rounding can leave the last edge a hair under 1.
  return variants[variants.length - 1]!;
}

export function assignVariant<V extends Weighted>(variants: readonly V[], campaignId: string, userId: string): V {
  return variantAt(variants, assignmentPoint(campaignId, userId));
}
