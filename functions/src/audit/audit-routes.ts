import { route, type RouteDef } from '../http/route.js';
import { listAudit, listAuditQuery } from './list-audit.js';

/** The audit log: joined into the route table in api/route-table.ts. */
export const auditRoutes: RouteDef<any, any, any, any>[] = [
  route({
    method: 'get',
    path: '/audit',
    access: 'admin',
    summary: 'The audit log, newest first, filterable by action, actor or target, paged',
    query: listAuditQuery,
    handler: ({ deps, tenantId }, { query }) => listAudit(deps, tenantId, query),
  }),
];
