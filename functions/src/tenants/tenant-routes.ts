import * as z from 'zod';
import { REGIONS } from '../core/regions.js';
import { idSchema } from '../core/schemas/ids.js';
import { ROLES } from '../core/schemas/tenant.js';
import type { RateLimit } from '../http/rate-limit.js';
import { route, type RouteDef } from '../http/route.js';
import { joinTenant } from './join-tenant.js';
import { locateQuery, locateTenant, type RegionView } from './locate-tenant.js';
import { onboardBody, onboardTenant } from './onboard-tenant.js';
import { ROLE_CHANGE_ACTION } from './member-roles.js';
import { listMembers, memberRole, setMemberRole } from './set-member-role.js';
import { getTenant, type Me } from './tenant-view.js';
import { createInvite, inviteBody, listInvites, revokeInvite } from './invites.js';
import { ownerContacts } from './owner-contacts.js';
import { tenantSettingsBody, updateSettings } from './update-settings.js';
import { labelled } from '../core/field-labels.js';

/**
 * Tenants: which region holds a domain, onboarding and joining, who the caller is, the tenant's
 * settings and who holds which role. Joined into the route table in api/route-table.ts.
 */
/** The public locator, per client address: the console asks it once per sign-in. */
export const LOCATE_LOOKUPS: RateLimit = { per: 'client', max: 60, windowSeconds: 60, what: 'region lookups' };

export const tenantRoutes: RouteDef<any, any, any, any>[] = [
  route({
    method: 'get',
    path: '/locate',
    access: 'public',
    rateLimit: LOCATE_LOOKUPS,
    summary: "Which region holds a domain's tenant (this project's answer)",
    query: locateQuery,
    handler: ({ deps }, { query }) => locateTenant(deps, query.domain),
  }),
  route({
    method: 'get',
    path: '/region',
    access: 'public',
    summary: "This project's region and the other region's locator, for the SPA",
    handler: async ({ deps }): Promise<RegionView> => ({
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
    handler: async ({ deps, caller }): Promise<Me> => ({
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
    summary: "Change the tenant's settings: fallback URL of ended campaigns, automatic Gmail signatures, what to do with signatures changed in Gmail (restore or report), recipient-level click tracking, campaign tags (UTM) on banner clicks",
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
    body: labelled(z.object({ role: z.enum(ROLES).nullable() }), { role: 'Role' }),
    example: { body: { role: 'viewer' } },
    audit: { action: ROLE_CHANGE_ACTION, inHandler: true },
    handler: ({ deps, tenantId, caller, role }, { params, body }) => setMemberRole(deps, { tenantId, actor: { uid: caller.uid, role }, uid: params.uid, role: body.role }),
  }),
  route({
    method: 'get',
    path: '/tenant/owners',
    access: 'admin',
    summary: "The tenant's owners by name and email: whom to ask for an owner-only step",
    handler: ({ deps, tenantId }) => ownerContacts(deps, tenantId),
  }),
  route({
    method: 'get',
    path: '/members/invites',
    access: 'admin',
    summary: 'Invites waiting for their first sign-in',
    handler: ({ deps, tenantId }) => listInvites(deps, tenantId),
  }),
  route({
    method: 'post',
    path: '/members/invites',
    access: 'admin',
    summary: "Invite a colleague by email (on a verified domain): their first sign-in grants the role; lapses after two weeks",
    body: inviteBody,
    status: 201,
    example: { body: { email: 'new.colleague@acme.example', role: 'editor' } },
    audit: { action: 'members.invite', target: (_i, r) => ({ type: 'invite', id: (r as { id: string }).id }) },
    handler: ({ deps, tenantId, caller, role }, { body }) => createInvite(deps, { tenantId, actor: { uid: caller.uid, role }, email: body.email, role: body.role }),
  }),
  route({
    method: 'delete',
    path: '/members/invites/:inviteId',
    access: 'admin',
    summary: 'Withdraw an invite',
    params: z.object({ inviteId: idSchema }),
    audit: { action: 'members.invite_revoke', target: ({ params }) => ({ type: 'invite', id: params.inviteId }) },
    handler: ({ deps, tenantId }, { params }) => revokeInvite(deps, tenantId, params.inviteId),
  }),
];
