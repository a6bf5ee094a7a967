import { doc } from '../core/catalog.js';
import { activeBanner, activeNotifications } from '../campaigns/active-campaigns.js';
import { loadCampaigns } from '../campaigns/campaign-store.js';
import type { Deps } from '../core/deps.js';
import { effectiveFields } from '../directory/user-view.js';
import { loadAssignments } from './assignment-store.js';
import { pickTemplate } from './pick-template.js';

/**
 * Which template, banner campaign and notifications apply to a user now: part of that user's
 * export (the stored assignment documents are found through the catalog; this adds what applies
 * through groups and "everyone", which no document names the user in). Ids only.
 */
export async function whatAppliesToUser(deps: Deps, tenantId: string, userId: string) {
  const user = (await doc(deps.db, 'users', { tenantId, userId }).get()).data();
  if (!user) return null;
  const audience = { id: userId, groups: effectiveFields(user).groups };
  const [assignments, campaigns] = await Promise.all([loadAssignments(deps, tenantId), loadCampaigns(deps, tenantId)]);
  const at = deps.now();
  const assignment = pickTemplate(assignments, audience);
  return {
    template: assignment ? { templateId: assignment.templateId, assignmentId: assignment.id, via: assignment.target } : null,
    bannerCampaignId: activeBanner(campaigns, audience, at)?.id ?? null,
    notificationCampaignIds: activeNotifications(campaigns, audience, at).map((c) => c.id),
  };
}
