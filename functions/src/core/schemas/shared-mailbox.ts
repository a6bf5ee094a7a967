import * as z from 'zod';
import { emailSchema } from './user.js';
import { zTime } from './time.js';

/**
 * A shared mailbox the tenant's directory source lists (Microsoft 365: a user object whose mailbox's
 * `userPurpose` is `shared`), on one of the tenant's verified domains: a sending address an admin
 * may assign a template to. Not a person: no directory record, no signature of its own. The
 * document id is the source and the source's object id, so a renamed mailbox is updated in place
 * and a removal the source reports by id finds it without a query.
 */
export const sharedMailboxSchema = z.object({
  address: emailSchema,
  /** The source's display name ("Support", "Sales team"); it may name a person ("Jane's desk"). */
  displayName: z.string().max(256).nullable(),
  source: z.enum(['microsoft']),
  /** The source's immutable object id (Graph user id). */
  externalId: z.string().min(1).max(128),
  createdAt: zTime,
  updatedAt: zTime,
});
export type SharedMailboxDoc = z.infer<typeof sharedMailboxSchema>;

/** At most this many shared mailboxes are kept per tenant (the console lists them all as choices). */
export const MAX_SHARED_MAILBOXES = 5000;
