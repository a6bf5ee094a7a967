import { describe, expect, it } from 'vitest';
import { chiSquaredTest, compareVariants, holmRejections, twoProportionZTest, wilsonInterval } from '../../functions/src/campaigns/ab-stats.js';

describe('Wilson score interval (95 %)', () => {
  // Newcombe, "Two-sided confidence intervals for the single proportion: comparison of seven
  // methods", Statistics in Medicine 17 (1998) 857-872, Table II, method 3 (score, no continuity correction).
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('%i of %i → %f to %f (Newcombe 1998)', (x, n, low, high) => {
    const ci = wilsonInterval(x, n)!;
    expect(ci.low).toBeCloseTo(low, 4);
    expect(ci.high).toBeCloseTo(high, 4);
  });

  it('has no interval without views or with more clicks than views', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
    expect(wilsonInterval(5, 3)).toBeNull();
  });
});

describe('two variants: two-proportion z-test', () => {
  // By hand: A 120 clicks / 1,000 views (12 %), B 90 / 1,000 (9 %). Pooled p = 210 / 2,000 = 0.105;
  // SE = sqrt(0.105 · 0.895 · (1/1000 + 1/1000)) = sqrt(0.00018795) = 0.0137095;
  // z = (0.12 − 0.09) / 0.0137095 = 2.18827; two-sided p = 2 · (1 − Φ(2.18827)) = 0.02865.
  const a = { id: 'a', views: 1000, clicks: 120 };
  const b = { id: 'b', views: 1000, clicks: 90 };

  it('matches the worked example', () => {
    const { z, pValue } = twoProportionZTest(a, b);
    expect(z).toBeCloseTo(2.18827, 4);
    expect(pValue).toBeCloseTo(0.02865, 4);
  });

  it('calls A the winner at 5 %, and no difference when the gap is within chance', () => {
    expect(compareVariants([a, b])).toMatchObject({ kind: 'winner', test: 'z', leaderId: 'a' });
    const close = compareVariants([a, { id: 'b', views: 1000, clicks: 110 }]);
    expect(close).toMatchObject({ kind: 'no_difference', test: 'z', leaderId: 'a' });
    expect(close.pValue).toBeGreaterThan(0.05);
  });

  it('says "not enough data" while an expected cell is under 5 (Cochran), rather than a meaningless p-value', () => {
    expect(compareVariants([{ id: 'a', views: 40, clicks: 3 }, { id: 'b', views: 40, clicks: 0 }])).toMatchObject({ kind: 'not_enough_data', pValue: null, test: null });
    expect(compareVariants([{ id: 'a', views: 0, clicks: 0 }, { id: 'b', views: 0, clicks: 0 }])).toMatchObject({ kind: 'not_enough_data', leaderId: null });
  });

  it('refuses to compare when clicks exceed views (views went uncounted)', () => {
    expect(compareVariants([{ id: 'a', views: 100, clicks: 120 }, { id: 'b', views: 1000, clicks: 90 }]).kind).toBe('not_comparable');
  });
});

describe('three or four variants: chi-squared, then the leader against each other with Holm', () => {
  // By hand: views 1,000 each, clicks 100 / 120 / 80; overall rate 0.1, so expected clicks 100 and
  // non-clicks 900 per variant. χ² = (0 + 20²/100 + 20²/100) + (0 + 20²/900 + 20²/900) = 8 + 0.8889
  // = 8.8889 with 2 degrees of freedom, whose survival function is exp(−χ²/2): p = exp(−4.4444) = 0.011744.
  // Leader b (12 %) vs a (10 %): pooled 0.11, SE = sqrt(0.11 · 0.89 · 0.002) = 0.013993, z = 1.4293, p = 0.15293;
  // vs c (8 %): pooled 0.10, SE = 0.0134164, z = 2.9814, p = 0.002870. Holm: 0.00287 ≤ 0.05/2 rejects,
  // 0.153 > 0.05/1 does not: the variants differ, but b is not shown to beat a.
  const three = [
    { id: 'a', views: 1000, clicks: 100 },
    { id: 'b', views: 1000, clicks: 120 },
    { id: 'c', views: 1000, clicks: 80 },
  ];

  it('matches the worked chi-squared example', () => {
    const r = chiSquaredTest(three);
    expect(r.chiSquared).toBeCloseTo(8.8889, 4);
    expect(r.df).toBe(2);
    expect(r.pValue).toBeCloseTo(Math.exp(-8.8889 / 2), 5);
    expect(r.pValue).toBeCloseTo(0.011744, 5);
  });

  it('names no single winner when the leader beats only some of the others', () => {
    const v = compareVariants(three);
    expect(v).toMatchObject({ kind: 'no_single_winner', test: 'chi_squared', leaderId: 'b' });
    expect(v.pairwise.map((p) => [p.id, p.beaten])).toEqual([
      ['a', false],
      ['c', true],
    ]);
    expect(v.pairwise[0]!.pValue).toBeCloseTo(0.15293, 4);
    expect(v.pairwise[1]!.pValue).toBeCloseTo(0.00287, 5);
  });

  it('names the winner when it beats every other variant after the correction', () => {
    const v = compareVariants([...three.slice(0, 1), { id: 'b', views: 1000, clicks: 160 }, three[2]!, { id: 'd', views: 1000, clicks: 95 }]);
    expect(v).toMatchObject({ kind: 'winner', test: 'chi_squared', leaderId: 'b' });
  });

  it("Holm's step-down rejects in order of p and stops at the first that fails", () => {
    expect(holmRejections([0.01, 0.04, 0.03])).toEqual([true, false, false]);
    expect(holmRejections([0.01, 0.02, 0.04])).toEqual([true, true, true]);
  });
});
