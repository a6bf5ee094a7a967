import { z } from 'zod';
import { getUser } from '../directory/get-user.js';
import { listUsers, listUsersQuery } from '../directory/list-users.js';
import { idSchema } from '../jobs/catalog.js';
import { getJob } from '../jobs/job-store.js';
import { locateQuery, locateTenant } from '../tenants/locate-tenant.js';
import { onboardBody, onboardTenant } from '../tenants/onboard-tenant.js';
import { getTenant } from '../tenants/tenant-view.js';
import { getDeletion, listDeletions, purgeCampaignBody, purgeRecipientBody, purgeUsersBody, startCampaignPurge, startRecipientPurge, startUsersPurge } from '../privacy/start-purge.js';
import { exportDirectoryUser, exportSelf } from '../privacy/export-user.js';
import { getExport, readExportFile } from '../privacy/export-tenant-job.js';
import { buildRegister, registerMarkdown } from '../privacy/register.js';
import { startJob } from '../jobs/job-store.js';
import { listAudit, listAuditQuery } from '../audit/list-audit.js';
import { listAccessReview } from '../privacy/access-review.js';
import { retentionBody, setRetention } from '../privacy/retention-settings.js';
import { AppError } from './errors.js';
import { RAW, route, type RouteDef } from './route.js';

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
    method: 'post',
    path: '/onboarding',
    access: 'signed_in',
    summary: 'Create a tenant in this region with the caller as owner',
    body: onboardBody,
    status: 201,
    handler: ({ deps, caller }, { body }) => onboardTenant(deps, caller!, body),
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
      role: caller!.role,
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
    method: 'post',
    path: '/privacy/purge',
    access: 'admin',
    summary: 'Erase users (by directory id or email) and everything of theirs; answers the job id',
    body: purgeUsersBody,
    status: 202,
    audit: { action: 'privacy.purge_users', target: (_i, r) => ({ type: 'job', id: (r as { jobId: string }).jobId }) },
    example: { body: { userIds: ['no-such-user'] } },
    handler: ({ deps, tenantId, caller }, { body }) => startUsersPurge(deps, tenantId, caller.uid, body),
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
    handler: ({ deps, tenantId, caller }) => exportSelf(deps, tenantId, caller),
  }),
  route({
    method: 'get',
    path: '/privacy/export/users/:userId',
    access: 'admin',
    summary: "A directory user's data (GDPR Art. 15/20), for an admin answering their request",
    params: z.object({ userId: idSchema }),
    audit: { action: 'privacy.export_user', target: (i) => ({ type: 'user', id: i.params.userId }) },
    handler: ({ deps, tenantId }, { params }) => exportDirectoryUser(deps, tenantId, params.userId),
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
    handler: ({ deps, tenantId }, { params }) => getExport(deps, tenantId, params.jobId),
  }),
  route({
    method: 'get',
    path: '/privacy/exports/:jobId/files/:fileName',
    access: 'admin',
    summary: 'Download one file of a tenant export (application/x-ndjson)',
    params: z.object({ jobId: idSchema, fileName: z.string().regex(/^[A-Za-z0-9_-]{1,100}\.jsonl$/, 'must be a file name from the manifest') }),
    audit: { action: 'privacy.export_download', target: (i) => ({ type: 'export', id: i.params.jobId }) },
    handler: async ({ deps, tenantId }, { params }, res) => {
      const file = await readExportFile(deps, tenantId, params.jobId, params.fileName);
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
    handler: ({ deps, tenantId }, { query }) => listAccessReview(deps, tenantId, query.review),
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
