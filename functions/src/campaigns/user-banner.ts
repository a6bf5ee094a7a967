import type { CampaignDoc } from '../core/schemas/campaign.js';
import { assignVariant } from './variant-assignment.js';

/**
 * The banner one employee's signature shows for a campaign: during a running A/B test their
 * variant's (the same stable hash the redirect uses, so the image, the alt text and the click
 * agree), otherwise the campaign's banner (after a test, the winner's).
 */
export function userBanner(campaignId: string, c: Pick<CampaignDoc, 'banner' | 'abTest'>, userId: string): { banner: CampaignDoc['banner']; variantId: string | null } {
  if (c.abTest && !c.abTest.endedAt) {
    const v = assignVariant(c.abTest.variants, campaignId, userId);
    return { banner: v.banner, variantId: v.id };
  }
  return { banner: c.banner, variantId: null };
}
