import { z } from 'zod';
import { zTime } from './time.js';
import { ROLES } from './tenant.js';

/**
 * A tenant's record of who holds which role: the custom claims are the truth for access, this
 * mirror makes "who are our admins" a query instead of a scan of every Auth account in the project.
 */
export const memberSchema = z.object({
  role: z.enum(ROLES),
  grantedBy: z.string().max(128),
  grantedAt: zTime,
});
export type MemberDoc = z.infer<typeof memberSchema>;
