import * as z from 'zod';
import { emailSchema } from './user.js';
import { zTime } from './time.js';

/**
 * Where a tenant's directory comes from (the source kind itself is `tenants/{t}.directorySource`):
 * the Google customer and the admin the service account impersonates, or the Microsoft tenant
 * that consented to Herald's app, and the Graph delta link that lets the next sync fetch only changes.
 */
export const syncSettingsSchema = z.object({
  google: z
    .object({
      /** `my_customer` works for the impersonated admin's own account; an id like C01abc also does. */
      customerId: z.string().regex(/^(my_customer|C[0-9a-z]{5,20})$/, 'must be my_customer or a customer id like C01abc2de'),
      /** A super admin of the customer's Workspace, whom the service account impersonates. */
      adminEmail: emailSchema,
    })
    .nullable()
    .default(null),
  microsoft: z
    .object({ tenantId: z.string().regex(/^[0-9a-f-]{36}$|^[a-z0-9.-]+\.[a-z]{2,}$/i, 'must be an Entra tenant id (GUID) or domain') })
    .nullable()
    .default(null),
  /** Graph's `@odata.deltaLink` from the last completed Microsoft sync: an opaque URL, no personal data. */
  deltaLink: z.string().url().max(4000).nullable().default(null),
  /**
   * What the deltaLink's round selected (the source's `deltaScope`): a deltaLink made with another
   * `$select` (before shared mailboxes were told apart, say) is not reused, the next sync is a full round.
   */
  deltaScope: z.string().max(1000).nullable().optional(),
  updatedAt: zTime,
});
export type SyncSettings = z.infer<typeof syncSettingsSchema>;
