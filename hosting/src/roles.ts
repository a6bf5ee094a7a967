import type { Me, Role } from './core/types';

export type { Role };
const RANK: Record<Role, number> = { user: 0, viewer: 1, editor: 2, admin: 3, owner: 4 };

export function hasRole(role: Me['role'], minimum: Role): boolean {
  return role !== null && RANK[role] >= RANK[minimum];
}
