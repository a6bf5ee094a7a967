import { describe, expect, it } from 'vitest';
import { activeBanner, activeNotifications, ROTATION_WINDOW_MS, type ScheduledCampaign } from '../../functions/src/campaigns/active-campaigns.js';

const at = new Date('2026-03-10T12:00:00Z');
const day = 86_400_000;
const banner = (id: string, over: Partial<ScheduledCampaign> = {}): ScheduledCampaign => ({
  id,
  kind: 'banner',
  status: 'active',
  startAt: new Date(at.getTime() - day),
  endAt: null,
  targetGroups: [],
  priority: 50,
  ...over,
});
const user = { id: 'u-jane', groups: ['Sales', 'Paris Office'] };

describe('activeBanner', () => {
  it('picks the highest priority among running campaigns', () => {
    const low = banner('low', { priority: 10 });
    const high = banner('high', { priority: 90 });
    expect(activeBanner([low, high], user, at)).toBe(high);
  });

  it('honours start and end dates (end exclusive), status and kind', () => {
    const future = banner('future', { startAt: new Date(at.getTime() + 1) });
    const ended = banner('ended', { endAt: at });
    const draft = banner('draft', { status: 'draft' });
    const notice = banner('notice', { kind: 'notification' });
    expect(activeBanner([future, ended, draft, notice], user, at)).toBeNull();
    const endsLater = banner('later', { endAt: new Date(at.getTime() + 1) });
    expect(activeBanner([future, ended, endsLater], user, at)).toBe(endsLater);
    expect(activeBanner([future], user, new Date(at.getTime() + 1))).toBe(future);
  });

  it('targets groups, empty meaning everyone', () => {
    const engineering = banner('eng', { targetGroups: ['Engineering'], priority: 90 });
    const sales = banner('sales', { targetGroups: ['Sales'], priority: 60 });
    const all = banner('all', { priority: 50 });
    expect(activeBanner([engineering, sales, all], user, at)).toBe(sales);
    expect(activeBanner([engineering, sales, all], { id: 'u2', groups: ['Support'] }, at)).toBe(all);
    expect(activeBanner([engineering], { id: 'u2', groups: [] }, at)).toBeNull();
  });

  it('rotates equal priorities deterministically: stable per user within a window, spread across users', () => {
    const tied = [banner('a'), banner('b'), banner('c')];
    const first = activeBanner(tied, user, at);
    expect(activeBanner([...tied].reverse(), user, at)).toBe(first);
    expect(activeBanner(tied, user, new Date(at.getTime() + 60_000))?.id).toBe(first?.id);

    const counts = new Map<string, number>();
    for (let i = 0; i < 300; i++) {
      const id = activeBanner(tied, { id: `user-${i}`, groups: [] }, at)!.id;
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual(['a', 'b', 'c']);
    for (const n of counts.values()) expect(n).toBeGreaterThan(60);

    const windows = new Set<string>();
    for (let w = 0; w < 20; w++) windows.add(activeBanner(tied, user, new Date(at.getTime() + w * ROTATION_WINDOW_MS))!.id);
    expect(windows.size).toBeGreaterThan(1);
  });
});

describe('activeNotifications', () => {
  it('lists running notifications for the user, highest priority first', () => {
    const n1 = banner('n1', { kind: 'notification', priority: 10 });
    const n2 = banner('n2', { kind: 'notification', priority: 70 });
    const other = banner('n3', { kind: 'notification', targetGroups: ['Engineering'] });
    const over = banner('n4', { kind: 'notification', endAt: new Date(at.getTime() - 1) });
    expect(activeNotifications([n1, n2, other, over, banner('b')], user, at).map((c) => c.id)).toEqual(['n2', 'n1']);
  });
});
