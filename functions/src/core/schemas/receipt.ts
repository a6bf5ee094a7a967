import * as z from 'zod';
import { zTime } from './time.js';

export const RECEIPT_TYPES = ['seen', 'clicked', 'liked'] as const;
export type ReceiptType = (typeof RECEIPT_TYPES)[number];

/** One employee saw / clicked / liked one notification. Id `${campaignId}_${userId}_${type}`: repeats are no-ops. */
export const receiptSchema = z.object({
  campaignId: z.string().max(128),
  userId: z.string().max(128),
  type: z.enum(RECEIPT_TYPES),
  at: zTime,
  expireAt: zTime,
});
export type ReceiptDoc = z.infer<typeof receiptSchema>;

export const RECEIPT_RETENTION_DAYS = 365;
