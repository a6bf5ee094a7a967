import type { Me, Role, RoleRanks } from '../../functions/src/api-types.js';

/** The server's ranks (functions/src/core/roles.ts): typed `RoleRanks`, so a copy that differs does not compile. */
const RANK: RoleRanks = { user: 0, viewer: 1, editor: 2, admin: 3, owner: 4 };

/** Every role, highest first. */
export const ROLES_HIGHEST_FIRST = (Object.keys(RANK) as Role[]).sort((a, b) => RANK[b] - RANK[a]);

export function hasRole(role: Me['role'], minimum: Role): boolean {
  return role !== null && RANK[role] >= RANK[minimum];
}
