import { pipeline } from 'node:stream/promises';
import * as z from 'zod';
import { idSchema } from '../core/schemas/ids.js';
import type { RateLimit } from '../http/rate-limit.js';
import { RAW, route, type RouteDef } from '../http/route.js';
import { startJob, type JobStarted } from '../jobs/job-store.js';
import { retentionBody, setRetention } from './retention-settings.js';

export const TENANT_EXPORTS: RateLimit = { per: 'caller', max: 5, windowSeconds: 3600, what: 'whole-tenant exports' };

/**
 * Privacy operations (issue 6): exports and the record of processing here, the access review and
 * retention below (both joined into the route table in api/route-table.ts). Exports, the register
 * and the access review load their modules on first use: rare requests, so the api's cold start
 * does not pay for them.
 */
export const exportRoutes: RouteDef<any, any, any, any>[] = [
  route({
    method: 'get',
    path: '/me/export',
    access: 'user',
    summary: "The caller's own data (GDPR Art. 15/20) as one JSON document, with purpose, legal basis and retention per category",
    audit: { action: 'privacy.export_self', target: () => null },
    handler: async ({ deps, tenantId, caller }) => (await import('./export-user.js')).exportSelf(deps, tenantId, caller),
  }),
  route({
    method: 'get',
    path: '/privacy/export/users/:userId',
    access: 'admin',
    summary: "A directory user's data (GDPR Art. 15/20), for an admin answering their request",
    params: z.object({ userId: idSchema }),
    audit: { action: 'privacy.export_user', target: (i) => ({ type: 'user', id: i.params.userId }) },
    handler: async ({ deps, tenantId }, { params }) => (await import('./export-user.js')).exportDirectoryUser(deps, tenantId, params.userId),
  }),
  route({
    method: 'post',
    path: '/privacy/exports',
    access: 'admin',
    summary: 'Start a whole-tenant export (gzip-compressed JSON lines per collection, in parts, with a manifest); answers the job id, which is also the export id',
    status: 202,
    // Each export reads the whole tenant: a handful an hour is all a customer needs.
    rateLimit: TENANT_EXPORTS,
    audit: { action: 'privacy.export_tenant', target: (_i, r) => ({ type: 'job', id: (r as { jobId: string }).jobId }) },
    example: { body: {} },
    handler: async ({ deps, tenantId, caller }): Promise<JobStarted> => ({ jobId: await startJob(deps, { tenantId, kind: 'privacy.export', createdBy: caller.uid, payload: {} }) }),
  }),
  route({
    method: 'get',
    path: '/privacy/exports',
    access: 'admin',
    summary: "The tenant's exports still kept (7 days), newest first, each with its finished parts",
    handler: async ({ deps, tenantId }) => (await import('./export-views.js')).listExports(deps, tenantId),
  }),
  route({
    method: 'get',
    path: '/privacy/exports/:jobId',
    access: 'admin',
    summary: "A tenant export: its finished parts (collection, documents, size, SHA-256) and their download paths, and the manifest once done",
    params: z.object({ jobId: idSchema }),
    handler: async ({ deps, tenantId }, { params }) => (await import('./export-views.js')).getExport(deps, tenantId, params.jobId),
  }),
  route({
    method: 'get',
    path: '/privacy/exports/:jobId/files/:fileName',
    access: 'admin',
    summary: 'Download one part of a tenant export (application/gzip), or its manifest.json, streamed',
    params: z.object({ jobId: idSchema, fileName: z.string().regex(/^(?:[A-Za-z0-9_]{1,100}-\d{5}\.ndjson\.gz|manifest\.json)$/, 'must be a file name from the export') }),
    audit: { action: 'privacy.export_download', target: (i) => ({ type: 'export', id: i.params.jobId }) },
    handler: async ({ deps, tenantId }, { params }, res) => {
      const file = await (await import('./export-views.js')).openExportFile(deps, tenantId, params.jobId, params.fileName);
      res.status(200).type(file.contentType).set('Content-Length', String(file.size)).set('Content-Disposition', `attachment; filename="${params.fileName}"`);
      // Streamed with backpressure: a part is never held whole in memory. A read that fails half-way
      // ends the response early (its length then does not match), never with a wrong file.
      await pipeline(file.stream, res).catch(() => res.destroy());
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
      const { buildRegister, registerMarkdown } = await import('./register.js');
      const register = buildRegister(deps.config);
      if (query.format === 'json') return register;
      res.status(200).type('text/markdown; charset=utf-8').send(registerMarkdown(register));
      return RAW;
    },
  }),
];

/** The access review, and the retention periods an admin sets (privacy operations, issue 6). */
export const privacyControlRoutes: RouteDef<any, any, any, any>[] = [
  route({
    method: 'get',
    path: '/privacy/access-review',
    access: 'admin',
    summary: 'The latest (or a given month\'s) access review: roles, last activity, inactive owners and admins flagged',
    query: z.object({ review: z.string().regex(/^\d{4}-\d{2}$/, 'must be a month, e.g. 2026-11').optional() }),
    handler: async ({ deps, tenantId }, { query }) => (await import('./access-review.js')).listAccessReview(deps, tenantId, query.review),
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
