import { z } from 'zod';
import { editUser, findOwnUserId, getOwnProfile, profileEditBody } from '../directory/edit-profile.js';
import { getUser } from '../directory/get-user.js';
import { importBody, importCsv, importQuery } from '../directory/import-csv.js';
import { confirmHeldSync, getSyncSettings, saveSyncSettings, settingsBody, startSync, syncHistory, syncHistoryQuery } from '../directory/sync-admin.js';
import { listUsers, listUsersQuery } from '../directory/list-users.js';
import { idSchema } from '../jobs/catalog.js';
import { getJob } from '../jobs/job-store.js';
import { locateQuery, locateTenant } from '../tenants/locate-tenant.js';
import { onboardBody, onboardTenant } from '../tenants/onboard-tenant.js';
import { joinTenant } from '../tenants/join-tenant.js';
import { getTenant } from '../tenants/tenant-view.js';
import { ROLES } from '../tenants/schema.js';
import { listMembers, setMemberRole } from '../tenants/set-member-role.js';
import { REGIONS } from '../regions.js';
import { AppError } from './errors.js';
import { route, type RouteDef } from './route.js';

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
    handler: async ({ deps, tenantId, caller }, { body }) => editUser(deps, tenantId, await findOwnUserId(deps, tenantId, caller), body),
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
    handler: ({ deps, tenantId }, { params, body }) => editUser(deps, tenantId, params.userId, body),
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
    handler: ({ deps, tenantId }, { query, body }) => importCsv(deps, tenantId, body, query),
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
    example: { body: { source: 'google', google: { customerId: 'my_customer', adminEmail: 'directory-admin@example.com' } } },
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
