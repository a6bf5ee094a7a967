import * as z from 'zod';
import { idSchema } from '../core/schemas/ids.js';
import { getOne } from '../http/get-one.js';
import { route, type RouteDef } from '../http/route.js';
import { closeBody, extendBody, linkBody, logRequestBody } from './dsr-input.js';
import { checkRequestBody, closeRequest, extendRequest, getRequest, listRequests, logRequest } from './dsr-store.js';

const requestParams = z.object({ requestId: idSchema });

/**
 * Data-subject requests (issue 23, item 5): admins log a person's request, Herald computes its
 * Art. 12(3) deadline, the export or erasure that answers it is linked, and it is closed. Every
 * change is audited in the same transaction (`inHandler`). Joined into api/route-table.ts.
 */
export const dsrRoutes: RouteDef<any, any, any, any>[] = [
  route({
    method: 'get',
    path: '/privacy/requests',
    access: 'admin',
    summary: 'Data-subject requests: the open ones by deadline (what is due) and the last closed ones',
    handler: ({ deps, tenantId }) => listRequests(deps, tenantId),
  }),
  route({
    method: 'post',
    path: '/privacy/requests',
    access: 'admin',
    summary: "Log a person's request (access, rectification, erasure, restriction, objection, portability); answers it with its one-month deadline",
    body: logRequestBody,
    check: ({ deps, tenantId }, body) => checkRequestBody(deps, tenantId, body),
    status: 201,
    audit: { action: 'privacy.request_log', inHandler: true },
    example: { body: { type: 'access', person: { email: 'someone@elsewhere.example' }, receivedOn: '2026-11-20', channel: 'email' } },
    handler: ({ deps, tenantId, caller, role }, { body }) => logRequest(deps, tenantId, caller, role, body),
  }),
  getOne({ path: '/privacy/requests/:requestId', access: 'admin', summary: 'One data-subject request with its deadline, answers and outcome', load: getRequest }),
  route({
    method: 'post',
    path: '/privacy/requests/:requestId/extend',
    access: 'admin',
    summary: 'Extend the deadline once by one or two further months, with the reason told to the person (within the first month)',
    params: requestParams,
    body: extendBody,
    audit: { action: 'privacy.request_extend', inHandler: true },
    example: { body: { months: 2, reason: 'Many requests arrived together this month' } },
    handler: ({ deps, tenantId, caller, role }, { params, body }) => extendRequest(deps, tenantId, caller, role, params.requestId, body),
  }),
  route({
    method: 'post',
    path: '/privacy/requests/:requestId/export',
    access: 'admin',
    summary: "Export the person's data (as the admin export) and link the export to the request",
    params: requestParams,
    audit: { action: 'privacy.request_link', inHandler: true },
    example: { body: {} },
    handler: async ({ deps, tenantId, caller, role }, { params }) => (await import('./dsr-answer.js')).exportFromRequest(deps, tenantId, caller, role, params.requestId),
  }),
  route({
    method: 'post',
    path: '/privacy/requests/:requestId/erase',
    access: 'admin',
    summary: "Erase the person's data for an erasure request and link the erasure; answers the job and certificate ids",
    params: requestParams,
    status: 202,
    audit: { action: 'privacy.request_link', inHandler: true },
    example: { body: {} },
    handler: async ({ deps, tenantId, caller, role }, { params }) => (await import('./dsr-answer.js')).eraseFromRequest(deps, tenantId, caller, role, params.requestId),
  }),
  route({
    method: 'get',
    path: '/privacy/requests/:requestId/answers',
    access: 'admin',
    summary: "Earlier exports of the person and erasures of people that can be linked to the request",
    params: requestParams,
    handler: async ({ deps, tenantId }, { params }) => (await import('./dsr-answer.js')).answerChoices(deps, tenantId, params.requestId),
  }),
  route({
    method: 'post',
    path: '/privacy/requests/:requestId/link',
    access: 'admin',
    summary: "Link an earlier erasure (its certificate) or an earlier export of the person to the request",
    params: requestParams,
    body: linkBody,
    audit: { action: 'privacy.request_link', inHandler: true },
    example: { body: { kind: 'erasure', deletionId: 'no-such-deletion' } },
    handler: async ({ deps, tenantId, caller, role }, { params, body }) => {
      const { linkByHand } = await import('./dsr-answer.js');
      await linkByHand(deps, tenantId, caller, role, params.requestId, body);
      return getRequest(deps, tenantId, params.requestId);
    },
  }),
  route({
    method: 'post',
    path: '/privacy/requests/:requestId/close',
    access: 'admin',
    summary: 'Close a request: answered (with its export or erasure linked where it needs one), no data held, refused (with the reason) or withdrawn',
    params: requestParams,
    body: closeBody,
    audit: { action: 'privacy.request_close', inHandler: true },
    example: { body: { outcome: 'withdrawn' } },
    handler: ({ deps, tenantId, caller, role }, { params, body }) => closeRequest(deps, tenantId, caller, role, params.requestId, body),
  }),
];
