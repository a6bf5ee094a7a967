import { activeBanner } from '../campaigns/active-campaigns.js';
import { loadCampaigns, type StoredCampaign } from '../campaigns/campaign-store.js';
import type { Deps } from '../core/deps.js';
import { emailSchema } from '../core/schemas/user.js';
import { effectiveFields } from '../directory/user-view.js';
import { bannerMarkup } from '../signatures/render-signature.js';
import { mintDraftLinks } from '../tracking/mint-links.js';
import { retryAfterSecondsOf } from '../http/rate-limit.js';
import type { AddonEmployee } from './addon-employee.js';
import { userBanner } from '../campaigns/user-banner.js';

/** The banner campaign the employee's signature shows now (priority, then weekly rotation), if any. */
export async function currentBanner(deps: Deps, employee: AddonEmployee): Promise<StoredCampaign | null> {
  const campaigns = await loadCampaigns(deps, employee.tenantId, 'banner');
  const campaign = activeBanner(campaigns, { id: employee.userId, groups: effectiveFields(employee.user).groups }, deps.now());
  return campaign?.doc.banner ? campaign : null;
}

/** The distinct addresses of To, Cc and Bcc, lower-cased; `Name <address>` keeps the address. */
export function draftRecipients(lists: (readonly string[] | undefined)[]): string[] {
  const all = lists.flatMap((l) => l ?? []).map((r) => (/<([^<>]+)>\s*$/.exec(r)?.[1] ?? r).trim().toLowerCase());
  return [...new Set(all.filter(Boolean))];
}

export type LinkKind = 'recipient' | 'employee';

/**
 * Which link the banner carries. A recipient link only when the tenant opted in and the draft has
 * exactly one recipient, a valid address outside the tenant's own domains (colleagues are not
 * external recipients). In every other case the employee's ordinary link: one body goes to all
 * recipients, so a recipient link could not tell them apart, and nothing about them is used.
 */
export function chooseLink(employee: AddonEmployee, recipients: string[]): { kind: 'recipient'; recipient: string } | { kind: 'employee' } {
  if (!employee.tenant.settings.recipientTracking.enabled || recipients.length !== 1) return { kind: 'employee' };
  const parsed = emailSchema.safeParse(recipients[0]);
  if (!parsed.success) return { kind: 'employee' };
  const domain = parsed.data.slice(parsed.data.lastIndexOf('@') + 1);
  const own = new Set([...employee.tenant.domains, ...(employee.tenant.verifiedDomains ?? [])]);
  if (own.has(domain)) return { kind: 'employee' };
  return { kind: 'recipient', recipient: parsed.data };
}

/**
 * The banner HTML to insert into a draft: the view image is always the employee's ordinary view
 * link (views are never per recipient); the click link is the recipient link when `chooseLink` says so.
 */
export async function draftBannerHtml(deps: Deps, employee: AddonEmployee, campaign: StoredCampaign, recipients: string[]): Promise<{ html: string; link: LinkKind }> {
  let choice = chooseLink(employee, recipients);
  const mint = (recipient: string | null) => mintDraftLinks(deps, { tenantId: employee.tenantId, campaignId: campaign.id, userId: employee.userId, recipient });
  let links: Awaited<ReturnType<typeof mint>>;
  try {
    links = await mint(choice.kind === 'recipient' ? choice.recipient : null);
  } catch (err) {
    // Over the employee's daily recipient links: the banner still goes in, with the ordinary link.
    if (retryAfterSecondsOf(err) === undefined) throw err;
    choice = { kind: 'employee' };
    links = await mint(null);
  }
  const { clickUrl, viewUrl } = links;
  const banner = userBanner(campaign.id, campaign.doc, employee.userId).banner!;
  const html = bannerMarkup({ clickUrl, viewUrl, alt: banner.alt, width: banner.width, height: banner.height });
  return { html, link: choice.kind };
}
