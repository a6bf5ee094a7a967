import { getOne } from '../http/get-one.js';
import { route, type RouteDef } from '../http/route.js';
import { getDeletion, listDeletions, purgeCampaignBody, purgeRecipientBody, purgeUsersBody, startCampaignPurge, startRecipientPurge, startUsersPurge } from './start-purge.js';

/** Privacy operations (issue 6), erasure: purges and their deletion certificates. Joined into the route table in api/route-table.ts. */
export const erasureRoutes: RouteDef<any, any, any, any>[] = [
  route({
    method: 'post',
    path: '/privacy/purge',
    access: 'admin',
    summary: 'Erase users (by directory id or email) and everything of theirs; answers the job id',
    body: purgeUsersBody,
    status: 202,
    audit: { action: 'privacy.purge_users', target: (_i, r) => ({ type: 'job', id: (r as { jobId: string }).jobId }) },
    example: { body: { userIds: ['no-such-user'] } },
    handler: ({ deps, tenantId, caller, role }, { body }) => startUsersPurge(deps, tenantId, caller.uid, body, role),
  }),
  route({
    method: 'post',
    path: '/privacy/purge/recipient',
    access: 'admin',
    summary: "Erase an external recipient's clicks (found by the keyed hash of the address)",
    body: purgeRecipientBody,
    status: 202,
    audit: { action: 'privacy.purge_recipient', target: (_i, r) => ({ type: 'job', id: (r as { jobId: string }).jobId }) },
    example: { body: { email: 'nobody@recipient.example' } },
    handler: ({ deps, tenantId, caller }, { body }) => startRecipientPurge(deps, tenantId, caller.uid, body),
  }),
  route({
    method: 'post',
    path: '/privacy/purge/campaign',
    access: 'admin',
    summary: 'Erase a campaign with its counters and clicks',
    body: purgeCampaignBody,
    status: 202,
    audit: { action: 'privacy.purge_campaign', target: (i) => ({ type: 'campaign', id: i.body.campaignId }) },
    example: { body: { campaignId: 'no-such-campaign' } },
    handler: ({ deps, tenantId, caller }, { body }) => startCampaignPurge(deps, tenantId, caller.uid, body),
  }),
  route({
    method: 'get',
    path: '/privacy/deletions',
    access: 'admin',
    summary: "The tenant's deletion certificates, newest first",
    handler: ({ deps, tenantId }) => listDeletions(deps, tenantId),
  }),
  getOne({ path: '/privacy/deletions/:deletionId', access: 'admin', summary: 'One deletion certificate (categories and counts, when, on whose instruction; no personal data)', load: getDeletion }),
];
