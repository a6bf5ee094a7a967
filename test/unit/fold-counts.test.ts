import { Timestamp } from 'firebase-admin/firestore';
import { describe, expect, it } from 'vitest';
import { counterRollupSchema } from '../../functions/src/core/schemas/tracking.js';
import { addCounts, foldDay, rollupPages } from '../../functions/src/tracking/fold-counts.js';

const shard = (n: number, extra: Record<string, unknown> = {}) => ({
  campaignId: 'c1',
  day: '2026-11-30',
  shard: n,
  views: 2 * n,
  clicks: n,
  botViews: 0,
  botClicks: 1,
  botReasons: { view: {}, click: { user_agent: 1 } },
  devices: { desktop: n, mobile: 1 },
  employees: { [`u${n}`]: { views: n, clicks: 1 }, shared: { views: 1 } },
  employeeIds: [`u${n}`, 'shared'],
  ...extra,
});

describe('folding counter shards (tracking/fold-counts.ts)', () => {
  it('sums every number at any depth and leaves ids, the shard number, the index and timestamps out', () => {
    const fold = foldDay([shard(1, { at: Timestamp.fromMillis(0) }), shard(2), shard(3)]);
    expect(fold.shards).toBe(3);
    expect(fold.sums).toEqual({ views: 12, clicks: 6, botViews: 0, botClicks: 3, botReasons: { view: {}, click: { user_agent: 3 } }, devices: { desktop: 6, mobile: 3 } });
    expect(fold.employees).toEqual({ u1: { views: 1, clicks: 1 }, u2: { views: 2, clicks: 1 }, u3: { views: 3, clicks: 1 }, shared: { views: 3 } });
  });

  it('carries a nested map of counts it was never told about (per-variant counts, say), without a change', () => {
    const fold = foldDay([shard(1, { variants: { a: { views: 3, clicks: 1 } } }), shard(2, { variants: { a: { views: 1 }, b: { views: 4, clicks: 2 } } }), shard(3)]);
    expect(fold.sums.variants).toEqual({ a: { views: 4, clicks: 1 }, b: { views: 4, clicks: 2 } });
    const [page] = rollupPages('c1', '2026-11-30', fold, 10);
    expect(page!.variants).toEqual({ a: { views: 4, clicks: 1 }, b: { views: 4, clicks: 2 } });
    expect(counterRollupSchema.safeParse({ ...page, rollup: { ...page!.rollup, rolledAt: new Date() } }).success).toBe(true);
  });

  it("adds legacy per-employee shards to the employees' entries, not to the totals", () => {
    const fold = foldDay([shard(1)], [{ campaignId: 'c1', userId: 'u1', day: '2026-11-30', shard: 0, views: 5, clicks: 2, botViews: 0, botClicks: 0 }]);
    expect(fold.sums.views).toBe(2);
    expect(fold.employees.u1).toEqual({ views: 6, clicks: 3, botViews: 0, botClicks: 0 });
    expect(fold.shards).toBe(2);
  });

  it('splits the employees into pages of at most perPage, by id, the sums on page 0 only, and refolds to the same sums', () => {
    const employees = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`e${String(i).padStart(2, '0')}`, { views: i, clicks: 1 }]));
    const fold = foldDay([{ campaignId: 'c1', day: '2026-11-30', shard: 0, views: 300, clicks: 25, employees, employeeIds: Object.keys(employees) }]);
    const pages = rollupPages('c1', '2026-11-30', fold, 10);
    expect(pages.map((p) => p.employeeIds.length)).toEqual([10, 10, 5]);
    expect(pages.map((p) => p.rollup)).toEqual([0, 1, 2].map((page) => ({ page, pages: 3, shards: 1 })));
    expect(pages[0]!.views).toBe(300);
    expect(pages[1]!.views).toBeUndefined();
    expect(pages.flatMap((p) => p.employeeIds)).toEqual(Object.keys(employees).sort());
    // Reading the pages back as a report does gives the day's sums and every entry once.
    const back = {};
    for (const p of pages) addCounts(back, p);
    expect(back).toEqual({ views: 300, clicks: 25, employees });
  });

  it('an empty day is one page with no counts', () => {
    expect(rollupPages('c1', '2026-11-30', foldDay([]), 10)).toEqual([{ campaignId: 'c1', day: '2026-11-30', rollup: { page: 0, pages: 1, shards: 0 }, employees: {}, employeeIds: [] }]);
  });

  it('never adds a map onto a number or a number onto a map', () => {
    expect(addCounts({ views: 1, devices: { desktop: 1 } }, { views: { odd: 1 }, devices: 3 })).toEqual({ views: 1, devices: { desktop: 1 } });
  });
});
