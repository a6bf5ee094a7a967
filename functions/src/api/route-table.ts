import { z } from 'zod';
import { editUser, findOwnUserId, getOwnProfile, profileEditBody } from '../directory/edit-profile.js';
import { getUser } from '../directory/get-user.js';
import { importBody, importQuery } from '../directory/import-csv-input.js';
import { confirmHeldSync, getSyncSettings, saveSyncSettings, settingsBody, startSync, syncHistory, syncHistoryQuery } from '../directory/sync-admin.js';
import { listUsers, listUsersQuery } from '../directory/list-users.js';
import { idSchema } from '../core/schemas/ids.js';
import { getJob } from '../jobs/job-store.js';
import { locateQuery, locateTenant } from '../tenants/locate-tenant.js';
import { onboardBody, onboardTenant } from '../tenants/onboard-tenant.js';
import { joinTenant } from '../tenants/join-tenant.js';
import { getTenant } from '../tenants/tenant-view.js';
import { tenantSettingsBody, updateSettings } from '../tenants/update-settings.js';
import { ROLES } from '../core/schemas/tenant.js';
import { listMembers, memberRole, setMemberRole } from '../tenants/set-member-role.js';
import { REGIONS } from '../core/regions.js';
import { trackingRoutes } from '../tracking/tracking-routes.js';
import { addonRoutes } from '../gmail-addon/addon-routes.js';
import { trustRoutes } from '../trust/trust-routes.js';
import { directorySearchRoutes } from '../directory/directory-search-routes.js';
import { templatePreviewRoutes } from '../signatures/template-preview-routes.js';
import { addinRoutes } from '../addins/addin-routes.js';
import { getDeletion, listDeletions, purgeCampaignBody, purgeRecipientBody, purgeUsersBody, startCampaignPurge, startRecipientPurge, startUsersPurge } from '../privacy/start-purge.js';
import { startJob } from '../jobs/job-store.js';
import { listAudit, listAuditQuery } from '../audit/list-audit.js';
import { retentionBody, setRetention } from '../privacy/retention-settings.js';
import { AppError } from '../core/errors.js';
import { RAW, route, type RouteDef } from '../http/route.js';
import { campaignCreateBody, campaignPatchBody, listCampaignsQuery } from '../campaigns/campaign-input.js';
import { createCampaignAction, deleteCampaignAction, updateCampaignAction } from '../campaigns/campaign-handlers.js';
import { campaignView, getCampaign, loadCampaigns } from '../campaigns/campaign-store.js';
import { myNotifications, notificationReport, recordNotificationEvent } from '../campaigns/notifications.js';
import { RECEIPT_TYPES } from '../core/schemas/receipt.js';
import { callerDirectoryUser } from '../directory/caller-user.js';
import { assignmentBody, listAssignments } from '../signatures/assignment-store.js';
import { redeploySignatures } from '../signatures/redeploy.js';
import { listDeployments, listDeploymentsQuery } from '../signatures/list-deployments.js';
import { deleteAssignmentAction, deleteTemplateAction, putAssignmentAction, updateTemplateAction } from '../signatures/template-handlers.js';
import { createTemplate, getTemplate, listTemplates, templateCreateBody, templatePatchBody, templateView } from '../signatures/template-store.js';
import { previewSignature, userSignature } from '../signatures/user-signature.js';

/**
 * The route table: the one list of API routes. The express app, the isolation and role tests and
 * the README's route list are all generated from it.
 */
export const routes: RouteDef<any, any, any, any>[] = [
  route({
    method: 'get',
    path: '/locate',
    access: 'public',
    summary: "Which region holds a domain's tenant (this project's answer)",
    query: locateQuery,
    handler: ({ deps }, { query }) => locateTenant(deps, query.domain),
  }),
  route({
    method: 'get',
    path: '/region',
    access: 'public',
    summary: "This project's region and the other region's locator, for the SPA",
    handler: async ({ deps }) => ({
      region: deps.config.region,
      label: REGIONS[deps.config.region].label,
      peerLocatorUrl: deps.config.peerLocatorUrl,
    }),
  }),
  route({
    method: 'post',
    path: '/onboarding',
    access: 'signed_in',
    summary: 'Create a tenant in this region with the caller as owner',
    body: onboardBody,
    status: 201,
    handler: ({ deps, caller }, { body }) => onboardTenant(deps, caller!, body),
  }),
  route({
    method: 'post',
    path: '/me/join',
    access: 'signed_in',
    summary: "An employee's first sign-in: join the tenant whose directory lists their verified email",
    handler: ({ deps, caller }) => joinTenant(deps, caller!),
  }),
  route({
    method: 'get',
    path: '/me',
    access: 'signed_in',
    summary: 'Who the caller is: uid, email, tenant, role, region',
    handler: async ({ deps, caller }) => ({
      uid: caller!.uid,
      email: caller!.email,
      tenantId: caller!.tenantId,
      role: caller!.tenantId ? await memberRole(deps, caller!.tenantId, caller!.uid) : null,
      region: deps.config.region,
    }),
  }),
  route({
    method: 'get',
    path: '/tenant',
    access: 'user',
    summary: "The caller's tenant",
    handler: ({ deps, tenantId }) => getTenant(deps, tenantId),
  }),
  route({
    method: 'patch',
    path: '/tenant/settings',
    access: 'admin',
    summary: "Change the tenant's settings: fallback URL of ended campaigns, automatic Gmail signatures, recipient-level click tracking",
    body: tenantSettingsBody,
    example: { body: { gmailSignatures: false } },
    audit: { action: 'tenant.settings_update', target: ({ body }) => ({ type: 'settings', id: Object.keys(body as object).sort().join(',') }) },
    handler: ({ deps, tenantId }, { body }) => updateSettings(deps, tenantId, body),
  }),
  route({
    method: 'get',
    path: '/members',
    access: 'admin',
    summary: "Who holds which role in the caller's tenant",
    handler: ({ deps, tenantId }) => listMembers(deps, tenantId),
  }),
  route({
    method: 'put',
    path: '/members/:uid',
    access: 'admin',
    summary: 'Grant a role (or null to revoke) to an account of the tenant or on its domain',
    params: z.object({ uid: idSchema }),
    body: z.object({ role: z.enum(ROLES).nullable() }),
    example: { body: { role: 'viewer' } },
    audit: { action: 'members.set_role', target: ({ params }) => ({ type: 'account', id: params.uid }) },
    handler: ({ deps, tenantId, caller, role }, { params, body }) => setMemberRole(deps, { tenantId, actor: { uid: caller.uid, role }, uid: params.uid, role: body.role }),
  }),
  route({
    method: 'get',
    path: '/users',
    access: 'admin',
    summary: 'Directory users, by email, with paging and email-prefix search',
    query: listUsersQuery,
    handler: ({ deps, tenantId }, { query }) => listUsers(deps, tenantId, query),
  }),
  route({
    method: 'get',
    path: '/users/:userId',
    access: 'admin',
    summary: 'One directory user',
    params: z.object({ userId: idSchema }),
    handler: ({ deps, tenantId }, { params }) => getUser(deps, tenantId, params.userId),
  }),
  route({
    method: 'get',
    path: '/jobs/:jobId',
    access: 'admin',
    summary: 'Progress of a long-running job',
    params: z.object({ jobId: idSchema }),
    handler: ({ deps, tenantId }, { params }) => getJob(deps, tenantId, params.jobId),
  }),
  route({
    method: 'get',
    path: '/me/profile',
    access: 'user',
    summary: "The caller's own directory record (found by verified email), overrides applied",
    handler: ({ deps, tenantId, caller }) => getOwnProfile(deps, tenantId, caller),
  }),
  route({
    method: 'patch',
    path: '/me/profile',
    access: 'user',
    summary: 'Edit your own optional fields; an edited field is kept over the directory source until cleared with null',
    body: profileEditBody,
    example: { body: { title: 'Head of Examples' } },
    audit: { action: 'directory.profile_edit', target: (_input, result) => ({ type: 'user', id: (result as { id: string }).id }) },
    handler: async ({ deps, tenantId, caller }, { body }) => editUser(deps, tenantId, await findOwnUserId(deps, tenantId, caller), body, caller.uid),
  }),
  route({
    method: 'patch',
    path: '/users/:userId',
    access: 'admin',
    summary: "Edit a user's optional fields (kept over the directory source until cleared with null)",
    params: z.object({ userId: idSchema }),
    body: profileEditBody,
    example: { body: { title: 'Head of Examples' } },
    audit: { action: 'directory.user_edit', target: ({ params }) => ({ type: 'user', id: params.userId }) },
    handler: ({ deps, tenantId, caller }, { params, body }) => editUser(deps, tenantId, params.userId, body, caller.uid),
  }),
  route({
    method: 'post',
    path: '/directory/import',
    access: 'admin',
    summary: "Import the directory from a CSV file (Herald's template, Google Admin or Microsoft 365 export); dryRun, applyValid, removeAbsent",
    query: importQuery,
    body: importBody,
    bodyType: 'csv',
    example: { query: { dryRun: 'true' }, body: 'email,firstName,lastName\nnew.person@initech.example,New,Person\n' },
    audit: { action: 'directory.import', target: () => null },
    handler: async ({ deps, tenantId }, { query, body }) => (await import('../directory/import-csv.js')).importCsv(deps, tenantId, body, query),
  }),
  route({
    method: 'get',
    path: '/directory/settings',
    access: 'admin',
    summary: 'Where the directory comes from: CSV, Google Workspace or Microsoft 365, and their settings',
    handler: ({ deps, tenantId }) => getSyncSettings(deps, tenantId),
  }),
  route({
    method: 'put',
    path: '/directory/settings',
    access: 'admin',
    summary: 'Choose the directory source and its settings',
    body: settingsBody,
    example: { body: { source: 'google', google: { adminEmail: 'directory-admin@acme.example' } } },
    audit: { action: 'directory.settings_update', target: () => null },
    handler: ({ deps, tenantId }, { body }) => saveSyncSettings(deps, tenantId, body),
  }),
  route({
    method: 'post',
    path: '/directory/sync',
    access: 'admin',
    summary: 'Start a directory sync now; follow it with GET /api/jobs/{jobId}',
    status: 202,
    audit: { action: 'directory.sync_start', target: (_input, result) => ({ type: 'job', id: (result as { jobId: string }).jobId }) },
    handler: ({ deps, tenantId, caller }) => startSync(deps, tenantId, caller.uid),
  }),
  route({
    method: 'post',
    path: '/directory/syncs/:syncJobId/confirm',
    access: 'admin',
    summary: 'Confirm the removals a held sync found (above the safety limit); starts a sync allowed to remove them',
    params: z.object({ syncJobId: idSchema }),
    status: 202,
    audit: { action: 'directory.sync_confirm', target: ({ params }) => ({ type: 'job', id: params.syncJobId }) },
    handler: ({ deps, tenantId, caller }, { params }) => confirmHeldSync(deps, tenantId, params.syncJobId, caller.uid),
  }),
  route({
    method: 'get',
    path: '/directory/syncs',
    access: 'admin',
    summary: 'Recent directory syncs, newest first: status, progress, counts, error',
    query: syncHistoryQuery,
    handler: ({ deps, tenantId }, { query }) => syncHistory(deps, tenantId, query.limit),
  }),
  // Signature templates and their assignments (issue 5).
  route({
    method: 'get',
    path: '/templates',
    access: 'viewer',
    summary: 'Signature templates, by name',
    handler: ({ deps, tenantId }) => listTemplates(deps, tenantId),
  }),
  route({
    method: 'post',
    path: '/templates',
    access: 'editor',
    summary: 'Create a signature template (HTML is sanitised; placeholders and sections are checked)',
    body: templateCreateBody,
    status: 201,
    audit: { action: 'template.create', target: (_i, r) => ({ type: 'template', id: (r as { id: string }).id }) },
    example: { body: { name: 'Standard', html: '<p><b>{{firstName}} {{lastName}}</b>{{#title}}<br>{{title}}{{/title}}</p>{{banner}}' } },
    handler: ({ deps, tenantId }, { body }) => createTemplate(deps, tenantId, body),
  }),
  route({
    method: 'get',
    path: '/templates/:templateId',
    access: 'viewer',
    summary: 'One signature template',
    params: z.object({ templateId: idSchema }),
    handler: async ({ deps, tenantId }, { params }) => templateView(params.templateId, await getTemplate(deps, tenantId, params.templateId)),
  }),
  route({
    method: 'patch',
    path: '/templates/:templateId',
    access: 'editor',
    summary: 'Rename a template or change its HTML; Gmail signatures of its users are pushed again',
    params: z.object({ templateId: idSchema }),
    body: templatePatchBody,
    audit: { action: 'template.update', target: ({ params }) => ({ type: 'template', id: params.templateId }) },
    example: { body: { name: 'Standard (2026)' } },
    handler: ({ deps, tenantId, caller }, { params, body }) => updateTemplateAction({ deps, tenantId, uid: caller.uid }, params.templateId, body),
  }),
  route({
    method: 'delete',
    path: '/templates/:templateId',
    access: 'editor',
    summary: 'Delete a template and its assignments',
    params: z.object({ templateId: idSchema }),
    audit: { action: 'template.delete', target: ({ params }) => ({ type: 'template', id: params.templateId }) },
    handler: ({ deps, tenantId, caller }, { params }) => deleteTemplateAction({ deps, tenantId, uid: caller.uid }, params.templateId),
  }),
  route({
    method: 'get',
    path: '/templates/:templateId/preview/:userId',
    access: 'admin',
    summary: "A template rendered for one user, with the banner they would get now: { html, text }",
    params: z.object({ templateId: idSchema, userId: idSchema }),
    handler: ({ deps, tenantId }, { params }) => previewSignature(deps, tenantId, params.templateId, params.userId),
  }),
  route({
    method: 'get',
    path: '/template-assignments',
    access: 'admin',
    summary: 'Which template applies to everyone, to each group, to single users',
    handler: ({ deps, tenantId }) => listAssignments(deps, tenantId),
  }),
  route({
    method: 'put',
    path: '/template-assignments',
    access: 'editor',
    summary: 'Assign a template to everyone, a group or one user (replaces that target\'s assignment)',
    body: assignmentBody,
    audit: { action: 'template.assign', target: (_i, r) => ({ type: 'assignment', id: (r as { id: string }).id }) },
    example: { body: { templateId: 'acme-standard', target: { kind: 'group', group: 'Sales' }, priority: 60 } },
    handler: ({ deps, tenantId, caller }, { body }) => putAssignmentAction({ deps, tenantId, uid: caller.uid }, body),
  }),
  route({
    method: 'delete',
    path: '/template-assignments/:assignmentId',
    access: 'editor',
    summary: 'Remove an assignment',
    params: z.object({ assignmentId: idSchema }),
    audit: { action: 'template.unassign', target: ({ params }) => ({ type: 'assignment', id: params.assignmentId }) },
    handler: ({ deps, tenantId, caller }, { params }) => deleteAssignmentAction({ deps, tenantId, uid: caller.uid }, params.assignmentId),
  }),
  route({
    method: 'get',
    path: '/users/:userId/signature',
    access: 'admin',
    summary: "A user's signature as rendered now: { html, text, templateId, campaignId }",
    params: z.object({ userId: idSchema }),
    handler: ({ deps, tenantId }, { params }) => userSignature(deps, tenantId, params.userId),
  }),
  route({
    method: 'get',
    path: '/me/signature',
    access: 'user',
    summary: "The caller's own signature (what the Outlook add-in inserts)",
    handler: async ({ deps, tenantId, caller }) => {
      const me = await callerDirectoryUser(deps, tenantId, caller);
      return userSignature(deps, tenantId, me.id, me.user);
    },
  }),
  route({
    method: 'post',
    path: '/signatures/deploy',
    access: 'admin',
    summary: 'Push every changed signature to Gmail (Google Workspace tenants); progress in GET /jobs/:jobId',
    body: z.object({ force: z.boolean().default(false) }).strict(),
    status: 202,
    audit: { action: 'signature.deploy', target: (_i, r) => ({ type: 'job', id: (r as { jobId: string }).jobId }) },
    example: { body: {} },
    handler: async ({ deps, tenantId, caller }, { body }) => ({
      jobId: await redeploySignatures(deps, { tenantId, createdBy: caller.uid, scope: { kind: 'all' }, force: body.force, explicit: true }),
    }),
  }),
  route({
    method: 'get',
    path: '/signatures/deployments',
    access: 'admin',
    summary: "Where each user's Gmail signature stands: deployed or failed (with Gmail's HTTP status)",
    query: listDeploymentsQuery,
    example: { query: { status: 'failed' } },
    handler: ({ deps, tenantId }, { query }) => listDeployments(deps, tenantId, query),
  }),
  // Banner and notification campaigns (issue 5).
  route({
    method: 'get',
    path: '/campaigns',
    access: 'viewer',
    summary: 'Campaigns (banner and notification), optionally of one kind',
    query: listCampaignsQuery,
    handler: async ({ deps, tenantId }, { query }) => {
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
  route({
    method: 'get',
    path: '/campaigns/:campaignId/notification-report',
    access: 'viewer',
    summary: 'A notification campaign: audience size, seen / clicked / liked counts and rates',
    params: z.object({ campaignId: idSchema }),
    handler: ({ deps, tenantId }, { params }) => notificationReport(deps, tenantId, params.campaignId),
  }),
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
    body: z.object({ type: z.enum(RECEIPT_TYPES) }).strict(),
    example: { body: { type: 'seen' } },
    handler: ({ deps, tenantId, caller }, { params, body }) => recordNotificationEvent(deps, tenantId, caller, params.campaignId, body.type),
  }),
  ...trackingRoutes,
  ...addonRoutes,
  ...trustRoutes,
  ...directorySearchRoutes,
  ...templatePreviewRoutes,
  ...addinRoutes,
  // Privacy operations (issue 6). Exports, the register and the access review load their modules
  // on first use: rare requests, so the api's cold start does not pay for them.
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
  route({
    method: 'get',
    path: '/privacy/deletions/:deletionId',
    access: 'admin',
    summary: 'One deletion certificate (categories and counts, when, on whose instruction; no personal data)',
    params: z.object({ deletionId: idSchema }),
    handler: ({ deps, tenantId }, { params }) => getDeletion(deps, tenantId, params.deletionId),
  }),
  route({
    method: 'get',
    path: '/me/export',
    access: 'user',
    summary: "The caller's own data (GDPR Art. 15/20) as one JSON document, with purpose, legal basis and retention per category",
    audit: { action: 'privacy.export_self', target: () => null },
    handler: async ({ deps, tenantId, caller }) => (await import('../privacy/export-user.js')).exportSelf(deps, tenantId, caller),
  }),
  route({
    method: 'get',
    path: '/privacy/export/users/:userId',
    access: 'admin',
    summary: "A directory user's data (GDPR Art. 15/20), for an admin answering their request",
    params: z.object({ userId: idSchema }),
    audit: { action: 'privacy.export_user', target: (i) => ({ type: 'user', id: i.params.userId }) },
    handler: async ({ deps, tenantId }, { params }) => (await import('../privacy/export-user.js')).exportDirectoryUser(deps, tenantId, params.userId),
  }),
  route({
    method: 'post',
    path: '/privacy/exports',
    access: 'admin',
    summary: 'Start a whole-tenant export (JSON lines per collection); answers the job id, which is also the export id',
    status: 202,
    audit: { action: 'privacy.export_tenant', target: (_i, r) => ({ type: 'job', id: (r as { jobId: string }).jobId }) },
    example: { body: {} },
    handler: async ({ deps, tenantId, caller }) => ({ jobId: await startJob(deps, { tenantId, kind: 'privacy.export', createdBy: caller.uid, payload: {} }) }),
  }),
  route({
    method: 'get',
    path: '/privacy/exports/:jobId',
    access: 'admin',
    summary: "A tenant export's manifest: its files and their download paths",
    params: z.object({ jobId: idSchema }),
    handler: async ({ deps, tenantId }, { params }) => (await import('../privacy/export-tenant-job.js')).getExport(deps, tenantId, params.jobId),
  }),
  route({
    method: 'get',
    path: '/privacy/exports/:jobId/files/:fileName',
    access: 'admin',
    summary: 'Download one file of a tenant export (application/x-ndjson)',
    params: z.object({ jobId: idSchema, fileName: z.string().regex(/^[A-Za-z0-9_-]{1,100}\.jsonl$/, 'must be a file name from the manifest') }),
    audit: { action: 'privacy.export_download', target: (i) => ({ type: 'export', id: i.params.jobId }) },
    handler: async ({ deps, tenantId }, { params }, res) => {
      const file = await (await import('../privacy/export-tenant-job.js')).readExportFile(deps, tenantId, params.jobId, params.fileName);
      res.status(200).type(file.contentType).set('Content-Disposition', `attachment; filename="${params.fileName}"`).send(file.data);
      return RAW;
    },
  }),
  route({
    method: 'get',
    path: '/privacy/register',
    access: 'admin',
    summary: 'Record of processing (GDPR Art. 30) generated from the data catalog: JSON, or Markdown with ?format=markdown',
    query: z.object({ format: z.enum(['json', 'markdown']).default('json') }),
    handler: async ({ deps }, { query }, res) => {
      const { buildRegister, registerMarkdown } = await import('../privacy/register.js');
      const register = buildRegister(deps.config);
      if (query.format === 'json') return register;
      res.status(200).type('text/markdown; charset=utf-8').send(registerMarkdown(register));
      return RAW;
    },
  }),
  route({
    method: 'get',
    path: '/audit',
    access: 'admin',
    summary: 'The audit log, newest first, filterable by action, actor or target, paged',
    query: listAuditQuery,
    handler: ({ deps, tenantId }, { query }) => listAudit(deps, tenantId, query),
  }),
  route({
    method: 'get',
    path: '/privacy/access-review',
    access: 'admin',
    summary: 'The latest (or a given month\'s) access review: roles, last activity, inactive owners and admins flagged',
    query: z.object({ review: z.string().regex(/^\d{4}-\d{2}$/, 'must be a month, e.g. 2026-11').optional() }),
    handler: async ({ deps, tenantId }, { query }) => (await import('../privacy/access-review.js')).listAccessReview(deps, tenantId, query.review),
  }),
  route({
    method: 'patch',
    path: '/privacy/retention',
    access: 'admin',
    summary: 'Shorten (or restore up to the product maximum) the retention of audit entries and recipient clicks',
    body: retentionBody,
    audit: { action: 'privacy.retention_update', target: () => null },
    example: { body: { auditRetentionDays: 365 } },
    handler: ({ deps, tenantId }, { body }) => setRetention(deps, tenantId, body),
  }),
];

/** Fails fast at start-up on a duplicate route, a mutation without an audit entry, or a bad path. */
export function assertRouteTable(table: RouteDef<any, any, any, any>[]): void {
  const seen = new Set<string>();
  for (const r of table) {
    const key = `${r.method.toUpperCase()} ${r.path}`;
    if (seen.has(key)) throw new AppError('internal', `duplicate route ${key}`);
    seen.add(key);
    if (!r.path.startsWith('/')) throw new AppError('internal', `route ${key} must start with /`);
    const staff = r.access !== 'public' && r.access !== 'signed_in' && r.access !== 'user';
    if (staff && r.method !== 'get' && !r.audit) throw new AppError('internal', `route ${key} changes data but declares no audit entry`);
  }
}
