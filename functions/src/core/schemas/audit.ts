import * as z from 'zod';
import { zTime } from './time.js';
import { ROLES } from './tenant.js';

/** Who did what to what, when. Ids only: no names, no emails, no request bodies. */
export const auditSchema = z.object({
  actor: z.object({ uid: z.string().max(128), role: z.enum([...ROLES, 'system', 'operator']) }),
  action: z.string().regex(/^[a-z]+(\.[a-z_]+)+$/, 'actions look like area.verb'),
  target: z.object({ type: z.string().max(40), id: z.string().max(200) }).nullable(),
  /** Counts and options of the action, never personal data. */
  meta: z.record(z.string(), z.union([z.string().max(200), z.number(), z.boolean()])).default({}),
  at: zTime,
  expireAt: zTime,
});
export type AuditDoc = z.infer<typeof auditSchema>;
