import * as z from 'zod';
import { idSchema } from '../core/schemas/ids.js';
import { RECEIPT_TYPES } from '../core/schemas/receipt.js';
import { getOne } from '../http/get-one.js';
import { route, type RouteDef } from '../http/route.js';
import { createCampaignAction, deleteCampaignAction, updateCampaignAction } from './campaign-handlers.js';
import { campaignCreateBody, campaignPatchBody, listCampaignsQuery } from './campaign-input.js';
import { campaignView, getCampaign, loadCampaigns, type CampaignList } from './campaign-store.js';
import { myNotifications, notificationReport, recordNotificationEvent } from './notifications.js';
import { labelled } from '../core/field-labels.js';
import { campaignGroups, unknownGroups } from '../directory/directory-groups.js';
import { variantIdSchema } from '../core/schemas/campaign.js';
import { abTestReport, endAbTest } from './ab-test.js';
import { tagPreview, tagPreviewBody } from './tag-preview.js';

/** Banner and notification campaigns (issue 5): joined into the route table in api/route-table.ts. */
export const campaignRoutes: RouteDef<any, any, any, any>[] = [
  route({
    method: 'get',
    path: '/campaigns',
    access: 'viewer',
    summary: 'Campaigns (banner and notification), optionally of one kind',
    query: listCampaignsQuery,
    handler: async ({ deps, tenantId }, { query }): Promise<CampaignList> => {
      const now = deps.now();
      const all = await loadCampaigns(deps, tenantId, query.kind);
      return { campaigns: all.sort((a, b) => b.startAt.getTime() - a.startAt.getTime() || (a.id < b.id ? -1 : 1)).map((c) => campaignView(c, now)) };
    },
  }),
  route({
    method: 'post',
    path: '/campaigns',
    access: 'editor',
    summary: 'Create a banner or notification campaign',
    body: campaignCreateBody,
    check: ({ deps, tenantId }, body) => unknownGroups(deps, tenantId, campaignGroups(body)),
    status: 201,
    audit: { action: 'campaign.create', target: (_i, r) => ({ type: 'campaign', id: (r as { id: string }).id }) },
    example: {
      body: {
        kind: 'banner',
        name: 'Summer sale',
        startAt: '2026-06-01T00:00:00Z',
        endAt: '2026-07-01T00:00:00Z',
        targetGroups: ['Sales'],
        priority: 60,
        banner: { imageUrl: 'https://assets.acme.example/summer.png', destinationUrl: 'https://www.acme.example/summer', alt: 'Summer sale' },
      },
    },
    handler: ({ deps, tenantId, caller }, { body }) => createCampaignAction({ deps, tenantId, uid: caller.uid }, body),
  }),
  route({
    method: 'get',
    path: '/campaigns/:campaignId',
    access: 'viewer',
    summary: 'One campaign',
    params: z.object({ campaignId: idSchema }),
    handler: async ({ deps, tenantId }, { params }) => campaignView(await getCampaign(deps, tenantId, params.campaignId), deps.now()),
  }),
  route({
    method: 'patch',
    path: '/campaigns/:campaignId',
    access: 'editor',
    summary: 'Change a campaign (dates, targets, priority, content); affected Gmail signatures are pushed again',
    params: z.object({ campaignId: idSchema }),
    body: campaignPatchBody,
    check: ({ deps, tenantId }, body) => unknownGroups(deps, tenantId, campaignGroups(body)),
    audit: { action: 'campaign.update', target: ({ params }) => ({ type: 'campaign', id: params.campaignId }) },
    example: { body: { priority: 70 } },
    handler: ({ deps, tenantId, caller }, { params, body }) => updateCampaignAction({ deps, tenantId, uid: caller.uid }, params.campaignId, body),
  }),
  route({
    method: 'delete',
    path: '/campaigns/:campaignId',
    access: 'editor',
    summary: 'Delete a campaign; its counters and receipts are erased by a purge job',
    params: z.object({ campaignId: idSchema }),
    audit: { action: 'campaign.delete', target: ({ params }) => ({ type: 'campaign', id: params.campaignId }) },
    handler: ({ deps, tenantId, caller }, { params }) => deleteCampaignAction({ deps, tenantId, uid: caller.uid }, params.campaignId),
  }),
  getOne({
    path: '/campaigns/:campaignId/ab-test',
    access: 'viewer',
    summary: "A banner campaign's A/B test: people's views, clicks and CTR per variant with a 95 % interval, and whether the difference is significant",
    load: abTestReport,
  }),
  route({
    method: 'post',
    path: '/campaigns/:campaignId/ab-test/end',
    access: 'editor',
    summary: "End a running A/B test and keep the winner as the campaign's banner; links already sent keep working and lead to the winner",
    params: z.object({ campaignId: idSchema }),
    body: labelled(z.object({ winnerId: variantIdSchema }).strict(), { winnerId: 'Winning variant' }),
    audit: { action: 'campaign.ab_test_end', target: ({ params }) => ({ type: 'campaign', id: params.campaignId }) },
    example: { body: { winnerId: 'b' } },
    handler: ({ deps, tenantId, caller }, { params, body }) => endAbTest(deps, tenantId, caller.uid, params.campaignId, body.winnerId),
  }),
  route({
    method: 'post',
    path: '/campaigns/tag-preview',
    access: 'editor',
    summary: "What a click on a banner opens once tagged with the campaign's UTM values over the tenant's defaults (nothing stored)",
    body: tagPreviewBody,
    // Called as the editor types: saving the campaign's tags is audited with the campaign, examples are not.
    audit: { none: 'reads only: tags the addresses sent, stores nothing' },
    example: { body: { name: 'Autumn offer', utm: { source: 'newsletter' }, links: [{ destinationUrl: 'https://www.example.com/offer', variantId: null }] } },
    handler: ({ deps, tenantId }, { body }) => tagPreview(deps, tenantId, body),
  }),
  getOne({ path: '/campaigns/:campaignId/notification-report', access: 'viewer', summary: 'A notification campaign: audience size, seen / clicked / liked counts and rates', load: notificationReport }),
  route({
    method: 'get',
    path: '/me/notifications',
    access: 'user',
    summary: 'Running notifications addressed to the caller, with their own receipts',
    handler: ({ deps, tenantId, caller }) => myNotifications(deps, tenantId, caller),
  }),
  route({
    method: 'post',
    path: '/me/notifications/:campaignId/events',
    access: 'user',
    summary: 'Record that the caller saw, clicked or liked a notification (nothing is stored when that tracking is off)',
    params: z.object({ campaignId: idSchema }),
    body: labelled(z.object({ type: z.enum(RECEIPT_TYPES) }).strict(), { type: 'Receipt' }),
    example: { body: { type: 'seen' } },
    handler: ({ deps, tenantId, caller }, { params, body }) => recordNotificationEvent(deps, tenantId, caller, params.campaignId, body.type),
  }),
];
