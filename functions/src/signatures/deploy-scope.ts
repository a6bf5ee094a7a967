import type { StoredCampaign } from '../campaigns/campaign-store.js';
import type { AssignmentLike } from './pick-template.js';
import { MAX_SCOPED_USERS, type DeployScope } from '../core/schemas/deploy-payload.js';

/** The users whose signature an assignment can change. */
export function scopeOfAssignment(a: AssignmentLike): DeployScope {
  if (a.target === 'everyone') return { kind: 'all' };
  if (a.target === 'group') return { kind: 'some', userIds: [], groups: [a.group!] };
  // Who may send as an address is known only to the mail provider (Gmail's send-as list per user).
  if (a.target === 'address') return { kind: 'all' };
  return { kind: 'some', userIds: [a.userId!], groups: [] };
}

/** The users whose signature a banner campaign can change (none for a notification). */
export function scopeOfCampaign(c: StoredCampaign): DeployScope | null {
  if (c.kind !== 'banner') return null;
  return c.targetGroups.length === 0 ? { kind: 'all' } : { kind: 'some', userIds: [], groups: [...c.targetGroups] };
}

/** The union of scopes; null when nobody is affected. Too many ids or groups widen to everyone. */
export function mergeScopes(scopes: readonly (DeployScope | null)[]): DeployScope | null {
  const present = scopes.filter((s): s is DeployScope => s !== null);
  if (present.length === 0) return null;
  if (present.some((s) => s.kind === 'all')) return { kind: 'all' };
  const userIds = [...new Set(present.flatMap((s) => (s.kind === 'some' ? s.userIds : [])))].sort();
  const groups = [...new Set(present.flatMap((s) => (s.kind === 'some' ? s.groups : [])))].sort();
  if (userIds.length > MAX_SCOPED_USERS || groups.length > 100) return { kind: 'all' };
  if (userIds.length === 0 && groups.length === 0) return null;
  return { kind: 'some', userIds, groups };
}
