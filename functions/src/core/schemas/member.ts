import * as z from 'zod';
import { zTime } from './time.js';
import { ROLES } from './tenant.js';

/**
 * A tenant's record of who holds which role: the only source of roles (the API reads it on every
 * request; the custom claims follow it as a hint for clients). Written by changeRole
 * (tenants/member-roles.ts) only, with an audit entry for every change.
 */
export const memberSchema = z.object({
  role: z.enum(ROLES),
  grantedBy: z.string().max(128),
  grantedAt: zTime,
});
export type MemberDoc = z.infer<typeof memberSchema>;
