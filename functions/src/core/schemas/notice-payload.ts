import * as z from 'zod';
import { idSchema } from './ids.js';

/**
 * The payloads of the owner-notice jobs (mail.deliver, alerts.scan), apart from the outbox's and the
 * alerts' document schemas: core/jobs.ts loads every payload schema in every function's cold start,
 * so a payload file holds payloads only (as purge-payload.ts and sync-payload.ts do).
 */

/** The delivery task of one outbox entry. */
export const mailDeliverPayloadSchema = z.object({
  tenantId: idSchema,
  mailId: z.string().regex(/^[a-f0-9]{40}$/, 'must be an outbox id'),
});

/** The scan of one audit entry or one finished job against the detectors that watch it. */
export const alertScanPayloadSchema = z.object({
  tenantId: idSchema,
  source: z.enum(['audit', 'job']),
  id: idSchema,
});
