import { ROLES, type Role } from './schemas/tenant.js';

/**
 * Rank of each role: a route open to `editor` is open to admins and owners too. The console keeps
 * its own copy typed `RoleRanks` (clients import only types), so a change here fails its build.
 */
export const ROLE_RANK = { user: 0, viewer: 1, editor: 2, admin: 3, owner: 4 } as const satisfies Record<Role, number>;
export type RoleRanks = typeof ROLE_RANK;

export function hasRole(role: Role | null, minimum: Role): boolean {
  return role !== null && ROLE_RANK[role] >= ROLE_RANK[minimum];
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
