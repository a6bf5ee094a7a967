import { z } from 'zod';
import { idSchema, tenantTaskSchema } from '../jobs/task-schemas.js';

/** Which users a Gmail deployment looks at: everyone, or some user ids plus the members of some groups. */
export const deployScopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }),
  z.object({
    kind: z.literal('some'),
    userIds: z.array(idSchema).max(1000).default([]),
    groups: z.array(z.string().min(1).max(200)).max(100).default([]),
  }),
]);
export type DeployScope = z.infer<typeof deployScopeSchema>;

export const deployPayloadSchema = tenantTaskSchema.extend({
  scope: deployScopeSchema,
  /** Push even when the signature did not change since the last push. */
  force: z.boolean().default(false),
});
export type DeployPayload = z.infer<typeof deployPayloadSchema>;
