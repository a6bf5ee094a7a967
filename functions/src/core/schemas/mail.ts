import * as z from 'zod';
import { zTime } from './time.js';

/** Days an outbox entry is kept (sent or not): long enough to show what was mailed, and when. */
export const OUTBOX_RETENTION_DAYS = 180;

/** What kind of mail (`alert`, `incident`…) and its reference (the alert's or incident's id): the entry's identity. */
export const mailKindSchema = z.string().regex(/^[a-z][a-z0-9_.-]{0,39}$/, 'mail kinds look like alert or incident.update');

/**
 * One mail to a tenant's owners (mail/queue-owner-mail.ts), queued until an SMTP server accepted it.
 * Id: a hash of (kind, ref), so queueing the same thing twice is one entry. No recipient is stored:
 * the owners are resolved at each delivery attempt (the roles as they are then), and only their
 * count is kept. `lastError` holds a code (`ECONNECTION`, `421`), never a server's text, which may
 * quote an address.
 */
export const outboxSchema = z.object({
  kind: mailKindSchema,
  ref: z.string().min(1).max(200),
  subject: z.string().min(1).max(200),
  text: z.string().min(1).max(20_000),
  status: z.enum(['queued', 'sent']),
  attempts: z.number().int().min(0),
  lastError: z.object({ code: z.string().max(40), at: zTime }).nullable(),
  /** How many owners the accepted mail went to; null until sent. */
  recipients: z.number().int().min(0).nullable(),
  createdAt: zTime,
  sentAt: zTime.nullable(),
  expireAt: zTime,
});
export type OutboxDoc = z.infer<typeof outboxSchema>;
