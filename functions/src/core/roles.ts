import { ROLES, type Role } from './schemas/tenant.js';

/** Rank of each role: a route open to `editor` is open to admins and owners too. */
const RANK: Record<Role, number> = { user: 0, viewer: 1, editor: 2, admin: 3, owner: 4 };

export function hasRole(role: Role | null, minimum: Role): boolean {
  return role !== null && RANK[role] >= RANK[minimum];
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
