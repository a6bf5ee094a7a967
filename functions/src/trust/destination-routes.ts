import * as z from 'zod';
import { domainSchema } from '../core/schemas/tenant.js';
import { route, type RouteDef } from '../http/route.js';
import { addDestinationHost, listDestinationHosts, removeDestinationHost } from './destination-hosts.js';
import { hostShapeProblem } from './destination-policy.js';
import { labelled } from '../core/field-labels.js';

/** A host to allow: an IP literal or internal name is named as such (not as a malformed domain), then the domain rule. */
const hostField = z
  .string()
  .trim()
  .toLowerCase()
  .superRefine((host, ctx) => {
    const problem = hostShapeProblem(host);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .pipe(domainSchema);
const hostBody = z.object({ host: hostField }).strict();
labelled(hostBody, { host: 'Link destination' });

/**
 * Where the tenant's tracked links may lead besides its verified domains (issue 20): admins keep
 * the list, each change audited. Joined into the route table in api/route-table.ts.
 */
export const destinationRoutes: RouteDef<any, any, any, any>[] = [
  route({
    method: 'get',
    path: '/tenant/destination-hosts',
    access: 'admin',
    summary: "Where the tenant's links may lead: its verified domains and the hosts its admins allowed (each with its subdomains)",
    handler: ({ deps, tenantId }) => listDestinationHosts(deps, tenantId),
  }),
  route({
    method: 'post',
    path: '/tenant/destination-hosts',
    access: 'admin',
    summary: 'Allow banner and fallback links to lead to a host (and its subdomains) that is not one of the verified domains',
    body: hostBody,
    example: { body: { host: 'shop.partner.example' } },
    audit: { action: 'tenant.destination_host_add', target: ({ body }) => ({ type: 'host', id: body.host }) },
    handler: ({ deps, tenantId }, { body }) => addDestinationHost(deps, tenantId, body.host),
  }),
  route({
    method: 'delete',
    path: '/tenant/destination-hosts/:host',
    access: 'admin',
    summary: 'Stop allowing a host; links already sent to it lead to the fallback URL from then on',
    params: z.object({ host: domainSchema }),
    audit: { action: 'tenant.destination_host_remove', target: ({ params }) => ({ type: 'host', id: params.host }) },
    handler: ({ deps, tenantId }, { params }) => removeDestinationHost(deps, tenantId, params.host),
  }),
];
