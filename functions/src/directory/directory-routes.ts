import * as z from 'zod';
import { idSchema } from '../core/schemas/ids.js';
import { getOne } from '../http/get-one.js';
import { route, type RouteDef } from '../http/route.js';
import { editUser, findOwnUserId, getOwnProfile, profileEditBody } from './edit-profile.js';
import { listDirectoryGroups } from './directory-groups.js';
import { getUser } from './get-user.js';
import { listUsers, listUsersQuery } from './list-users.js';
import { searchUsers, searchUsersQuery } from './search-users.js';
import { listSharedMailboxes } from './shared-mailboxes.js';

/** Directory users as admins read them: joined into the route table in api/route-table.ts. */
export const directoryUserRoutes: RouteDef<any, any, any, any>[] = [
  route({
    method: 'get',
    path: '/users',
    access: 'admin',
    summary: 'Directory users, by email, with paging and email-prefix search',
    query: listUsersQuery,
    handler: ({ deps, tenantId }, { query }) => listUsers(deps, tenantId, query),
  }),
  getOne({ path: '/users/:userId', access: 'admin', summary: 'One directory user', load: getUser }),
];

/** The caller's own directory record, and edits of optional fields: joined into the route table in api/route-table.ts. */
export const profileRoutes: RouteDef<any, any, any, any>[] = [
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
];

/** Directory search for the console: joined into the route table in api/route-table.ts. */
export const directorySearchRoutes: RouteDef<any, any, any, any>[] = [
  route({
    method: 'get',
    path: '/directory/search',
    access: 'admin',
    summary: 'Directory users whose first name, last name or email starts with q (case and accents ignored), by email, with paging; the directory total when q is empty',
    query: searchUsersQuery,
    example: { query: { q: 'doe' } },
    handler: ({ deps, tenantId }, { query }) => searchUsers(deps, tenantId, query),
  }),
];

/** The directory's groups for the console's group pickers: joined into the route table in api/route-table.ts. */
export const directoryGroupRoutes: RouteDef<any, any, any, any>[] = [
  route({
    method: 'get',
    path: '/directory/groups',
    access: 'editor',
    summary: "The directory's groups with how many people are in each (no personal data)",
    handler: ({ deps, tenantId }) => listDirectoryGroups(deps, tenantId),
  }),
];

/** The shared mailboxes synced from Microsoft 365, offered as sending addresses in the template editor: joined into the route table in api/route-table.ts. */
export const sharedMailboxRoutes: RouteDef<any, any, any, any>[] = [
  route({
    method: 'get',
    path: '/directory/shared-mailboxes',
    access: 'admin',
    summary: "The shared mailboxes the directory sync found on the tenant's verified domains (address, display name), by address",
    handler: ({ deps, tenantId }) => listSharedMailboxes(deps, tenantId),
  }),
];
