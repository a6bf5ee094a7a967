import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';

/**
 * The statistics of an A/B test's report, on counts of people's hits only (bots never enter).
 * CTR is a proportion, clicks out of views, so:
 * - each variant gets a 95 % Wilson score interval (Newcombe 1998: unlike the textbook "p ± 1.96·SE"
 *   interval it stays inside [0, 1] and keeps its coverage at small counts and CTRs near 0, which is
 *   where banner CTRs live);
 * - two variants: the two-proportion z-test with pooled variance (two-sided), the standard test for
 *   a difference of two rates; identical to Pearson's chi-squared on the 2×2 table;
 * - three or four: Pearson's chi-squared test of homogeneity on the k×2 table (df = k − 1), one
 *   test of "the CTRs differ at all" at 5 %, so testing more variants does not inflate the false
 *   alarms; when it rejects, the leader is compared with each other variant by the same z-test with
 *   Holm's step-down correction (controls the family-wise error at 5 %, uniformly more powerful than
 *   Bonferroni), and it is called the winner only if it beats every one of them.
 * Both tests rest on the normal approximation, which needs every expected cell count (clicks and
 * non-clicks per variant) to be at least 5 (Cochran's rule); below that the verdict is
 * "not enough data yet" rather than a p-value that would mean nothing.
 */
export const ALPHA = 0.05;
export const MIN_EXPECTED = 5;
/** z for a two-sided 95 % interval, 1.959964… */
const Z95 = normalQuantile(1 - ALPHA / 2, 0, 1);

export interface VariantCounts {
  id: string;
  views: number;
  clicks: number;
}

export interface Interval {
  low: number;
  high: number;
}

/** Wilson score interval of `x` successes in `n` trials at 95 %; null without trials. */
export function wilsonInterval(x: number, n: number, z = Z95): Interval | null {
  if (n <= 0 || x < 0 || x > n) return null;
  const p = x / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** Two-sided two-proportion z-test, pooled: { z, pValue }. */
export function twoProportionZTest(a: VariantCounts, b: VariantCounts): { z: number; pValue: number } {
  const pooled = (a.clicks + b.clicks) / (a.views + b.views);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / a.views + 1 / b.views));
  if (!(se > 0)) return { z: 0, pValue: 1 };
  const z = (a.clicks / a.views - b.clicks / b.views) / se;
  return { z, pValue: 2 * (1 - normalCdf(Math.abs(z), 0, 1)) };
}

/** Pearson's chi-squared test of homogeneity on the k×2 table (clicks, views without a click). */
export function chiSquaredTest(variants: readonly VariantCounts[]): { chiSquared: number; df: number; pValue: number } {
  const views = variants.reduce((n, v) => n + v.views, 0);
  const clicks = variants.reduce((n, v) => n + v.clicks, 0);
  const rate = clicks / views;
  let chiSquared = 0;
  for (const v of variants) {
    const expectedClicks = v.views * rate;
    const expectedOthers = v.views * (1 - rate);
    if (expectedClicks > 0) chiSquared += (v.clicks - expectedClicks) ** 2 / expectedClicks;
    if (expectedOthers > 0) chiSquared += (v.views - v.clicks - expectedOthers) ** 2 / expectedOthers;
  }
  const df = variants.length - 1;
  return { chiSquared, df, pValue: 1 - chisquareCdf(chiSquared, df) };
}

/** Holm's step-down: which of the p-values are rejected at family-wise level `alpha`. */
export function holmRejections(pValues: readonly number[], alpha = ALPHA): boolean[] {
  const order = pValues.map((p, i) => ({ p, i })).sort((x, y) => x.p - y.p);
  const rejected = pValues.map(() => false);
  for (let rank = 0; rank < order.length; rank++) {
    if (order[rank]!.p > alpha / (order.length - rank)) break;
    rejected[order[rank]!.i] = true;
  }
  return rejected;
}

export type VerdictKind = 'not_enough_data' | 'not_comparable' | 'no_difference' | 'winner' | 'no_single_winner';
export interface Verdict {
  kind: VerdictKind;
  /** The test that decided: `z` (two variants), `chi_squared` (three or four, with Holm-corrected pairwise z-tests); null when none could run. */
  test: 'z' | 'chi_squared' | null;
  /** The overall test's two-sided p-value; null when it could not run. */
  pValue: number | null;
  /** The variant with the highest CTR (null without views); the winner when `kind` is `winner`. */
  leaderId: string | null;
  /** Per other variant, leader vs it: the pairwise p-value (Holm-adjusted decision in `beaten`). */
  pairwise: { id: string; pValue: number; beaten: boolean }[];
}

const ctr = (v: VariantCounts) => (v.views ? v.clicks / v.views : 0);

/** The comparison of two to four variants' counts. */
export function compareVariants(variants: readonly VariantCounts[]): Verdict {
  const seen = variants.filter((v) => v.views > 0);
  const leader = seen.length ? [...seen].sort((a, b) => ctr(b) - ctr(a) || b.views - a.views)[0]! : null;
  const none: Verdict = { kind: 'not_enough_data', test: null, pValue: null, leaderId: leader?.id ?? null, pairwise: [] };
  // Clicks above views: views went uncounted (Gmail's proxy caches the image), CTR is no proportion.
  if (variants.some((v) => v.clicks > v.views)) return { ...none, kind: 'not_comparable' };
  const views = variants.reduce((n, v) => n + v.views, 0);
  const clicks = variants.reduce((n, v) => n + v.clicks, 0);
  if (!views || !leader) return none;
  const rate = clicks / views;
  if (variants.some((v) => v.views * rate < MIN_EXPECTED || v.views * (1 - rate) < MIN_EXPECTED)) return none;
  const others = variants.filter((v) => v.id !== leader.id);
  const pairP = others.map((o) => twoProportionZTest(leader, o).pValue);
  const beaten = holmRejections(pairP);
  const pairwise = others.map((o, i) => ({ id: o.id, pValue: pairP[i]!, beaten: beaten[i]! }));
  if (variants.length === 2) {
    const pValue = pairP[0]!;
    return { kind: pValue < ALPHA ? 'winner' : 'no_difference', test: 'z', pValue, leaderId: leader.id, pairwise };
  }
  const { pValue } = chiSquaredTest(variants);
  if (pValue >= ALPHA) return { kind: 'no_difference', test: 'chi_squared', pValue, leaderId: leader.id, pairwise };
  return { kind: beaten.every(Boolean) ? 'winner' : 'no_single_winner', test: 'chi_squared', pValue, leaderId: leader.id, pairwise };
}
