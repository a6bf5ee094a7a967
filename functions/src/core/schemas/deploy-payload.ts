import * as z from 'zod';
import { idSchema, tenantTaskSchema } from './ids.js';

/** At most this many user ids in a scope: more widen it to everyone. */
export const MAX_SCOPED_USERS = 1000;

/** Which users a Gmail deployment looks at: everyone, or some user ids plus the members of some groups. */
export const deployScopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }),
  z.object({
    kind: z.literal('some'),
    userIds: z.array(idSchema).max(MAX_SCOPED_USERS).default([]),
    groups: z.array(z.string().min(1).max(200)).max(100).default([]),
  }),
]);
export type DeployScope = z.infer<typeof deployScopeSchema>;

export const deployPayloadSchema = tenantTaskSchema.extend({
  scope: deployScopeSchema,
  /** Push even when the signature did not change since the last push. */
  force: z.boolean().default(false),
  /**
   * The daily deployment (scope `all`): renders everyone only when a tenant-wide input changed since
   * the last complete pass, else only the users written since then and those whose push failed.
   */
  daily: z.boolean().optional(),
});
export type DeployPayload = z.infer<typeof deployPayloadSchema>;
