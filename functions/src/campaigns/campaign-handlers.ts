import type * as z from 'zod';
import type { Deps } from '../core/deps.js';
import { startJob } from '../jobs/job-store.js';
import { mergeScopes, scopeOfCampaign } from '../signatures/deploy-scope.js';
import { redeploySignatures } from '../signatures/redeploy.js';
import type { campaignCreateBody, campaignPatchBody } from './campaign-input.js';
import { campaignView, createCampaign, deleteCampaign, updateCampaign, type CampaignView } from './campaign-store.js';
import { dropUntrackedReceipts } from './notifications.js';
import { RECEIPT_TYPES } from '../core/schemas/receipt.js';
import { assertLinkTargets } from '../trust/destinations.js';
import { releaseImages } from '../images/image-store.js';

/** Campaign changes as the API makes them: store, then push the signatures a banner change affects. */
interface Actor {
  deps: Deps;
  tenantId: string;
  uid: string;
}

/** POST /api/campaigns and PATCH /api/campaigns/:campaignId: the campaign, and the job pushing the signatures it affects (null: none). */
export type CampaignSaved = CampaignView & { deployJobId: string | null };

/** DELETE /api/campaigns/:campaignId. */
export interface CampaignDeleted {
  id: string;
  deleted: true;
  /** The job erasing its counters and receipts. */
  purgeJobId: string;
  deployJobId: string | null;
}

/** The banner's and every variant's links, by the field that holds them, for the destination policy. */
function linkTargets(body: { banner?: { destinationUrl: string; imageUrl: string } | undefined; abTest?: { variants: { banner: { destinationUrl: string; imageUrl: string } }[] } | null | undefined }) {
  const pages: Record<string, string | undefined> = { 'body.banner.destinationUrl': body.banner?.destinationUrl };
  const images: Record<string, string | undefined> = { 'body.banner.imageUrl': body.banner?.imageUrl };
  body.abTest?.variants.forEach((v, i) => {
    pages[`body.abTest.variants.${i}.banner.destinationUrl`] = v.banner.destinationUrl;
    images[`body.abTest.variants.${i}.banner.imageUrl`] = v.banner.imageUrl;
  });
  return { pages, images };
}

export async function createCampaignAction({ deps, tenantId, uid }: Actor, body: z.output<typeof campaignCreateBody>): Promise<CampaignSaved> {
  await assertLinkTargets(deps, tenantId, linkTargets(body));
  const created = await createCampaign(deps, tenantId, body);
  const deployJobId = await redeploySignatures(deps, { tenantId, createdBy: uid, scope: scopeOfCampaign(created) });
  return { ...campaignView(created, deps.now()), deployJobId };
}

export async function updateCampaignAction({ deps, tenantId, uid }: Actor, campaignId: string, patch: z.output<typeof campaignPatchBody>): Promise<CampaignSaved> {
  // Only the URLs sent now: one saved before stays as it is, and the redirect re-checks it at every click.
  await assertLinkTargets(deps, tenantId, linkTargets(patch));
  const { before, after } = await updateCampaign(deps, tenantId, campaignId, patch);
  const was = before.doc.notification?.tracking;
  const now = after.doc.notification?.tracking;
  const switchedOff = was && now ? RECEIPT_TYPES.filter((t) => was[t] && !now[t]) : [];
  if (switchedOff.length) await dropUntrackedReceipts(deps, tenantId, campaignId, switchedOff);
  // A replaced banner we host is deleted once nothing shows it any more.
  const shown = (c: typeof before) => [c.doc.banner?.imageUrl, ...(c.doc.abTest?.variants.map((v) => v.banner.imageUrl) ?? [])];
  const kept = new Set(shown(after));
  const dropped = shown(before).filter((u) => !kept.has(u));
  if (dropped.length) await releaseImages(deps, tenantId, dropped);
  const scope = mergeScopes([scopeOfCampaign(before), scopeOfCampaign(after)]);
  const deployJobId = await redeploySignatures(deps, { tenantId, createdBy: uid, scope });
  return { ...campaignView(after, deps.now()), deployJobId };
}

/** Deletes the campaign, then erases what hangs off it (counters, receipts) through the privacy engine. */
export async function deleteCampaignAction({ deps, tenantId, uid }: Actor, campaignId: string): Promise<CampaignDeleted> {
  const removed = await deleteCampaign(deps, tenantId, campaignId);
  // Its hosted banner goes with it, unless another campaign or a template shows the same image.
  await releaseImages(deps, tenantId, [removed.doc.banner?.imageUrl, ...(removed.doc.abTest?.variants.map((v) => v.banner.imageUrl) ?? [])]);
  const purgeJobId = await startJob(deps, {
    tenantId,
    kind: 'privacy.purge',
    createdBy: uid,
    payload: { subject: { kind: 'campaign', campaignId }, reason: 'admin_request' },
  });
  const deployJobId = await redeploySignatures(deps, { tenantId, createdBy: uid, scope: scopeOfCampaign(removed) });
  return { id: campaignId, deleted: true, purgeJobId, deployJobId };
}
