import * as z from 'zod';
import { listAudit, listAuditQuery } from '../audit/list-audit.js';
import { idSchema } from '../core/schemas/ids.js';
import { listUsers, listUsersQuery } from '../directory/list-users.js';
import type { RateLimit } from '../http/rate-limit.js';
import { route, type RouteDef } from '../http/route.js';
import { listDeployments, listDeploymentsQuery } from '../signatures/list-deployments.js';
import { getTenant } from '../tenants/tenant-view.js';
import { accessRequestBody, decideAccess, DECISION_ACTION, listAccessRequests, requestAccess, type Decision } from './access-requests.js';
import { listOperatorReads } from './operator-reads-log.js';
import { recentJobs } from './operator-reads.js';

/** Requests reach a tenant's owners: an operator (or a stolen operator token) cannot flood them. */
export const ACCESS_REQUESTS: RateLimit = { per: 'caller', max: 20, windowSeconds: 3600, what: 'access requests' };

const tenantParams = z.object({ tenantId: idSchema });

/**
 * Herald operators' routes (access `operator`, http/caller.ts): asking a tenant's owners for
 * access, and reading a tenant only under their active approval. Every route that reads a tenant
 * declares its `operatorArea`; api/api-app.ts gates it on the approval and audits each read in the
 * tenant's trail. Joined into the route table in api/route-table.ts.
 */
export const operatorRoutes: RouteDef<any, any, any, any>[] = [
  route({
    method: 'post',
    path: '/operator/access-requests',
    access: 'operator',
    summary: "An operator asks a tenant's owners for access: areas, read-only or not, why, for how long (at most 72 hours)",
    body: accessRequestBody,
    status: 201,
    rateLimit: ACCESS_REQUESTS,
    example: { body: { tenantId: 'acme', areas: ['jobs'], readOnly: true, reason: 'The nightly directory sync failed twice', hours: 4 } },
    audit: { action: 'operator.access_request', inHandler: true },
    handler: ({ deps, caller }, { body }) => requestAccess(deps, caller, body),
  }),
  route({
    method: 'get',
    path: '/operator/access-requests',
    access: 'operator',
    summary: "The operator's own requests to one tenant and where each stands",
    query: tenantParams,
    example: { query: { tenantId: 'acme' } },
    handler: ({ deps, caller }, { query }) => listAccessRequests(deps, query.tenantId, caller.uid),
  }),
  route({
    method: 'get',
    path: '/operator/tenants/:tenantId/settings',
    access: 'operator',
    operatorArea: 'settings',
    summary: "The tenant's organisation settings",
    params: tenantParams,
    handler: ({ deps, tenantId }) => getTenant(deps, tenantId!),
  }),
  route({
    method: 'get',
    path: '/operator/tenants/:tenantId/users',
    access: 'operator',
    operatorArea: 'directory',
    summary: "The tenant's directory users, by email",
    params: tenantParams,
    query: listUsersQuery,
    handler: ({ deps, tenantId }, { query }) => listUsers(deps, tenantId!, query),
  }),
  route({
    method: 'get',
    path: '/operator/tenants/:tenantId/jobs',
    access: 'operator',
    operatorArea: 'jobs',
    summary: "The tenant's most recent background jobs",
    params: tenantParams,
    handler: ({ deps, tenantId }) => recentJobs(deps, tenantId!),
  }),
  route({
    method: 'get',
    path: '/operator/tenants/:tenantId/audit',
    access: 'operator',
    operatorArea: 'audit',
    summary: "The tenant's audit log",
    params: tenantParams,
    query: listAuditQuery,
    handler: ({ deps, tenantId }, { query }) => listAudit(deps, tenantId!, query),
  }),
  route({
    method: 'get',
    path: '/operator/tenants/:tenantId/deployments',
    access: 'operator',
    operatorArea: 'deployment',
    summary: "Where the tenant's Gmail signatures stand",
    params: tenantParams,
    query: listDeploymentsQuery,
    handler: ({ deps, tenantId }, { query }) => listDeployments(deps, tenantId!, query),
  }),
];

const requestParams = z.object({ accessId: idSchema });

function decision(path: string, what: Decision, summary: string): RouteDef<any, any, any, any> {
  return route({
    method: 'post',
    path: `/operator-access/:accessId/${path}`,
    access: 'owner',
    summary,
    params: requestParams,
    audit: { action: DECISION_ACTION[what], inHandler: true },
    handler: ({ deps, tenantId, caller, role }, { params }) => decideAccess(deps, { tenantId, requestId: params.accessId, actor: { uid: caller.uid, role }, decision: what }),
  });
}

/** The tenant's owners decide on operators' requests and see their reads: joined into the route table. */
export const operatorAccessRoutes: RouteDef<any, any, any, any>[] = [
  route({
    method: 'get',
    path: '/operator-access',
    access: 'owner',
    summary: "Herald operators' requests to look into the tenant, and the owners' decisions",
    handler: ({ deps, tenantId }) => listAccessRequests(deps, tenantId),
  }),
  route({
    method: 'get',
    path: '/operator-access/:accessId/reads',
    access: 'owner',
    summary: 'Every read an operator made under one approval',
    params: requestParams,
    handler: ({ deps, tenantId }, { params }) => listOperatorReads(deps, tenantId, params.accessId),
  }),
  decision('approve', 'approve', "Approve an operator's waiting request: access starts now, for the hours asked"),
  decision('deny', 'deny', "Deny an operator's waiting request"),
  decision('end', 'end', "End an operator's active access now"),
];
