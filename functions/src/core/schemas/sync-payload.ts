import * as z from 'zod';
import { tenantTaskSchema } from './ids.js';

export const syncPayloadSchema = tenantTaskSchema.extend({
  /** Set when an admin confirmed a held sync: removals up to this many may proceed. */
  confirmRemovals: z.number().int().min(1).max(1_000_000).optional(),
});
export type SyncPayload = z.infer<typeof syncPayloadSchema>;

/** Where a sync stands, stored as the job cursor (page tokens and counts only, no personal data). */
export const syncCursorSchema = z.object({
  next: z.string().nullable(),
  listed: z.boolean(),
  deltaLink: z.string().optional(),
  counts: z.record(z.string(), z.number()),
});
export type SyncCursor = z.infer<typeof syncCursorSchema>;
