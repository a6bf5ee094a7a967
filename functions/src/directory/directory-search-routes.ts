import { route, type RouteDef } from '../http/route.js';
import { searchUsers, searchUsersQuery } from './search-users.js';

/** Directory search for the console: appended to the route table in http/routes.ts. */
export const directorySearchRoutes: RouteDef<any, any, any, any>[] = [
  route({
    method: 'get',
    path: '/directory/search',
    access: 'admin',
    summary: 'Directory users whose name or email contains q (case-insensitive), with the directory total',
    query: searchUsersQuery,
    example: { query: { q: 'doe' } },
    handler: ({ deps, tenantId }, { query }) => searchUsers(deps, tenantId, query),
  }),
];
