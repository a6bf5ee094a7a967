import * as z from 'zod';
import type { JobStarted } from '../jobs/job-store.js';
import { callerDirectoryUser } from '../directory/caller-user.js';
import { myInstallation } from './my-installation.js';
import { getOne } from '../http/get-one.js';
import type { RateLimit } from '../http/rate-limit.js';
import { route, type RouteDef } from '../http/route.js';
import { listDeployments, listDeploymentsQuery } from './list-deployments.js';
import { redeploySignatures } from './redeploy.js';
import { userSignature } from './user-signature.js';
import { labelled } from '../core/field-labels.js';

/** Each check asks Google for two tokens and reads Gmail as a person of the tenant: a few a minute is plenty for a super admin setting up. */
export const GMAIL_CHECKS: RateLimit = { per: 'caller', max: 20, windowSeconds: 600, what: 'delegation checks' };

/** The delegation check loads googleapis: only when an admin checks, not with the API's cold start. */
const gmailSetupModule = () => import('./gmail-setup.js');

/** Users' rendered signatures and their deployment to Gmail: joined into the route table in api/route-table.ts. */
export const signatureRoutes: RouteDef<any, any, any, any>[] = [
  getOne({
    path: '/users/:userId/signature',
    access: 'admin',
    summary: "A user's signature as rendered now, to look at (the banner's links are not counted): { html, text, templateId, campaignId }",
    load: (deps, tenantId, userId) => userSignature(deps, tenantId, userId, 'preview'),
  }),
  route({
    method: 'get',
    path: '/me/signature',
    access: 'user',
    summary: "The caller's own signature, to paste into their mail settings (counted banner links), or with purpose=preview to look at (not counted)",
    query: z.object({ purpose: z.enum(['send', 'preview']).default('send') }).strict(),
    example: { query: { purpose: 'preview' } },
    handler: async ({ deps, tenantId, caller }, { query }) => {
      const me = await callerDirectoryUser(deps, tenantId, caller);
      return userSignature(deps, tenantId, me.id, query.purpose, me.user);
    },
  }),
  route({
    method: 'get',
    path: '/me/installation',
    access: 'user',
    summary: "Whether the caller's signature is installed: the last Gmail push, the last day their Outlook add-in fetched it",
    handler: async ({ deps, tenantId, caller }) => myInstallation(deps, tenantId, (await callerDirectoryUser(deps, tenantId, caller)).id),
  }),
  route({
    method: 'post',
    path: '/signatures/deploy',
    access: 'admin',
    summary: 'Push every changed signature to Gmail (Google Workspace tenants); progress in GET /jobs/:jobId',
    body: labelled(z.object({ force: z.boolean().default(false) }).strict(), { force: 'Push every signature again' }),
    status: 202,
    audit: { action: 'signature.deploy', target: (_i, r) => ({ type: 'job', id: (r as { jobId: string }).jobId }) },
    example: { body: {} },
    handler: async ({ deps, tenantId, caller }, { body }): Promise<JobStarted> => ({
      jobId: await redeploySignatures(deps, { tenantId, createdBy: caller.uid, scope: { kind: 'all' }, force: body.force, explicit: true }),
    }),
  }),
  route({
    method: 'get',
    path: '/signatures/deployments',
    access: 'admin',
    summary: "Where each user's Gmail signature stands, at their primary address and each alias: deployed, failed (with Gmail's HTTP status), skipped (alias not on a verified domain), changed in Gmail (restored or reported); status=drifted lists the changed ones",
    query: listDeploymentsQuery,
    example: { query: { status: 'failed' } },
    handler: ({ deps, tenantId }, { query }) => listDeployments(deps, tenantId, query),
  }),
  route({
    method: 'get',
    path: '/signatures/gmail-setup',
    access: 'admin',
    summary: "What the customer's super admin grants in domain-wide delegation: the service account's client id and the exact scopes; available false when this region has no Google credentials",
    handler: async ({ deps }) => (await gmailSetupModule()).gmailSetup(deps),
  }),
  route({
    method: 'post',
    path: '/signatures/gmail-check',
    access: 'admin',
    rateLimit: GMAIL_CHECKS,
    summary: 'Try one read-only Gmail call as an address of the tenant (its own send-as settings) and say in words whether domain-wide delegation lets Herald change signatures',
    body: labelled(z.object({ adminEmail: z.email({ message: 'Enter an email address, e.g. admin@your-company.com' }) }).strict(), { adminEmail: 'Address to check as' }),
    example: { body: { adminEmail: 'admin@acme.example' } },
    // Herald acted as that address (read-only): the audit says so and with what outcome.
    audit: { action: 'signature.gmail_check', target: (_i, r) => ({ type: 'delegation_check', id: (r as { outcome: string }).outcome }) },
    handler: async ({ deps, tenantId }, { body }) => (await gmailSetupModule()).checkGmail(deps, tenantId, body.adminEmail),
  }),
];
