import * as z from 'zod';
import { idSchema, tenantTaskSchema } from './ids.js';

/** Whose data a purge erases. Recipients arrive as a keyed hash: no email address in a task payload. */
export const purgeSubjectSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('users'), userIds: z.array(idSchema).min(1).max(1000) }),
  z.object({ kind: z.literal('recipient'), recipientHash: z.string().regex(/^[a-f0-9]{64}$/, 'must be a hex SHA-256') }),
  z.object({ kind: z.literal('campaign'), campaignId: idSchema }),
  z.object({ kind: z.literal('tenant') }),
]);
export type PurgeSubject = z.infer<typeof purgeSubjectSchema>;

export const PURGE_REASONS = ['admin_request', 'self_request', 'directory_sync', 'uninstall'] as const;

export const purgePayloadSchema = tenantTaskSchema.extend({ subject: purgeSubjectSchema, reason: z.enum(PURGE_REASONS) });
export type PurgePayload = z.infer<typeof purgePayloadSchema>;
