import * as z from 'zod';
import { zTime } from './time.js';
import { ROLES } from './tenant.js';
import { emailSchema } from './user.js';

/** Days an invite waits for its first sign-in before it lapses. */
export const INVITE_DAYS = 14;

/**
 * A role promised to an address before its first sign-in: an admin invites someone of the
 * tenant's verified domains, and their first sign-in with that verified address turns the invite
 * into membership (changeRole, via `invite`), which deletes it. Id: derived from the address, so one
 * invite per address and tenant. Expires after INVITE_DAYS (Firestore TTL on `expireAt`).
 */
export const inviteSchema = z.object({
  email: emailSchema,
  role: z.enum(ROLES),
  invitedBy: z.string().max(128),
  createdAt: zTime,
  expireAt: zTime,
});
export type InviteDoc = z.infer<typeof inviteSchema>;
