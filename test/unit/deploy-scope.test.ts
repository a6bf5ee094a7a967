import { describe, expect, it } from 'vitest';
import { mergeScopes, scopeOfAssignment, scopeOfCampaign } from '../../functions/src/signatures/deploy-scope.js';
import type { StoredCampaign } from '../../functions/src/campaigns/campaign-store.js';

const campaign = (over: Partial<StoredCampaign>): StoredCampaign =>
  ({ id: 'c', kind: 'banner', status: 'active', startAt: new Date(0), endAt: null, targetGroups: [], priority: 50, doc: {} as never, ...over }) as StoredCampaign;

describe('which users a change affects', () => {
  it('maps assignments and banner campaigns to users or groups, notifications to nobody', () => {
    expect(scopeOfAssignment({ templateId: 't', target: 'everyone', userId: null, group: null, priority: 0 })).toEqual({ kind: 'all' });
    expect(scopeOfAssignment({ templateId: 't', target: 'group', userId: null, group: 'Sales', priority: 0 })).toEqual({ kind: 'some', userIds: [], groups: ['Sales'] });
    expect(scopeOfAssignment({ templateId: 't', target: 'user', userId: 'u1', group: null, priority: 0 })).toEqual({ kind: 'some', userIds: ['u1'], groups: [] });
    expect(scopeOfCampaign(campaign({ targetGroups: ['Support'] }))).toEqual({ kind: 'some', userIds: [], groups: ['Support'] });
    expect(scopeOfCampaign(campaign({}))).toEqual({ kind: 'all' });
    expect(scopeOfCampaign(campaign({ kind: 'notification' }))).toBeNull();
  });

  it('merges scopes: all wins, ids and groups are united, nothing gives null', () => {
    expect(mergeScopes([null, null])).toBeNull();
    expect(mergeScopes([{ kind: 'some', userIds: ['u2'], groups: ['B'] }, { kind: 'some', userIds: ['u1', 'u2'], groups: ['A'] }])).toEqual({ kind: 'some', userIds: ['u1', 'u2'], groups: ['A', 'B'] });
    expect(mergeScopes([{ kind: 'some', userIds: ['u1'], groups: [] }, { kind: 'all' }])).toEqual({ kind: 'all' });
    expect(mergeScopes([{ kind: 'some', userIds: Array.from({ length: 1001 }, (_, i) => `u${i}`), groups: [] }])).toEqual({ kind: 'all' });
  });
});
