import { describe, expect, it } from 'vitest';
import { assignmentPoint, assignVariant, variantAt } from '../../functions/src/campaigns/variant-assignment.js';
import { userBanner } from '../../functions/src/campaigns/user-banner.js';

/** 10,000 fictitious employees with directory-like ids. */
const EMPLOYEES = Array.from({ length: 10_000 }, (_, i) => `fictitious-employee-${String(i).padStart(5, '0')}`);

function shares(variants: { id: string; weight: number }[], campaignId: string): Map<string, number> {
  const counts = new Map(variants.map((v) => [v.id, 0]));
  for (const u of EMPLOYEES) {
    const v = assignVariant(variants, campaignId, u).id;
    counts.set(v, counts.get(v)! + 1);
  }
  return counts;
}

/**
 * Tolerance: an assignment that is truly random with share p puts Binomial(10,000, p) employees on
 * a variant, standard deviation sqrt(10,000·p·(1−p)) (50 at p = ½, 43 at p = ¼). We allow 4 standard
 * deviations: a fair hash falls outside with probability 6·10⁻⁵ per variant, while a biased one
 * (say a modulo bias or an off-by-one edge worth one point) is caught. The ids are fixed, so the
 * test is deterministic.
 */
function expectBalanced(counts: Map<string, number>, expected: Record<string, number>): void {
  for (const [id, p] of Object.entries(expected)) {
    const sd = Math.sqrt(EMPLOYEES.length * p * (1 - p));
    expect(Math.abs(counts.get(id)! - EMPLOYEES.length * p), `variant ${id}`).toBeLessThan(4 * sd);
  }
}

describe('A/B variant assignment', () => {
  it('gives each employee the same variant every time (a signature does not flip between mails)', () => {
    const variants = [
      { id: 'a', weight: 1 },
      { id: 'b', weight: 1 },
      { id: 'c', weight: 2 },
    ];
    const first = EMPLOYEES.map((u) => assignVariant(variants, 'campaign-1', u).id);
    const again = EMPLOYEES.map((u) => assignVariant([...variants], 'campaign-1', u).id);
    expect(again).toEqual(first);
  });

  it('splits 10,000 employees evenly over two equal variants, and over four', () => {
    expectBalanced(shares([{ id: 'a', weight: 1 }, { id: 'b', weight: 1 }], 'campaign-even'), { a: 0.5, b: 0.5 });
    expectBalanced(
      shares(['a', 'b', 'c', 'd'].map((id) => ({ id, weight: 5 })), 'campaign-four'),
      { a: 0.25, b: 0.25, c: 0.25, d: 0.25 },
    );
  });

  it('follows the weights (1 : 3 gives a quarter and three quarters)', () => {
    expectBalanced(shares([{ id: 'a', weight: 1 }, { id: 'b', weight: 3 }], 'campaign-weighted'), { a: 0.25, b: 0.75 });
  });

  it('draws each campaign apart: being on variant a in one test says nothing about another', () => {
    const v = [{ id: 'a', weight: 1 }, { id: 'b', weight: 1 }];
    const same = EMPLOYEES.filter((u) => assignVariant(v, 'campaign-x', u).id === assignVariant(v, 'campaign-y', u).id).length;
    expectBalanced(new Map([['same', same]]), { same: 0.5 });
  });

  it('reads the hash as a point in [0, 1) and the weights as cumulative edges', () => {
    for (const u of EMPLOYEES.slice(0, 100)) {
      const p = assignmentPoint('c', u);
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThan(1);
    }
    const v = [{ id: 'a', weight: 1 }, { id: 'b', weight: 3 }];
    expect(variantAt(v, 0).id).toBe('a');
    expect(variantAt(v, 0.2499).id).toBe('a');
    expect(variantAt(v, 0.25).id).toBe('b');
    expect(variantAt(v, 0.999999).id).toBe('b');
  });

  it("shows an employee their variant's banner while the test runs, and the campaign's banner (the winner) once it ended", () => {
    const banner = (name: string) => ({ imageUrl: `https://acme.example/${name}.png`, destinationUrl: `https://acme.example/${name}`, alt: name });
    const variants = [
      { id: 'a', name: 'A', weight: 1, banner: banner('a') },
      { id: 'b', name: 'B', weight: 1, banner: banner('b') },
    ];
    const running = { banner: banner('a'), abTest: { variants, endedAt: null, winnerId: null } };
    const seen = new Set(EMPLOYEES.slice(0, 50).map((u) => userBanner('c1', running, u).banner!.alt));
    expect(seen).toEqual(new Set(['a', 'b']));
    for (const u of EMPLOYEES.slice(0, 50)) expect(userBanner('c1', running, u).variantId).toBe(assignVariant(variants, 'c1', u).id);
    const ended = { banner: banner('b'), abTest: { variants, endedAt: new Date(), winnerId: 'b' } };
    for (const u of EMPLOYEES.slice(0, 50)) expect(userBanner('c1', ended, u)).toEqual({ banner: banner('b'), variantId: null });
  });
});
