import * as z from 'zod';
import { zTime } from './time.js';

/** Days the add-in's fetch records are kept: the console shows the last 30 days. */
export const ADDIN_USAGE_RETENTION_DAYS = 31;

/**
 * One employee fetched their signature through the Outlook add-in on one UTC day. Id
 * `${day}_${userId}`: created once per employee and day, so it counts distinct employees and never
 * holds the signature, the message or anything else about the mail.
 */
export const addinFetchSchema = z.object({
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  userId: z.string().max(128),
  expireAt: zTime,
});
export type AddinFetchDoc = z.infer<typeof addinFetchSchema>;

/** Per UTC day: how many distinct employees fetched their signature through the add-in. Id: the day. */
export const addinUsageSchema = z.object({
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  employees: z.number().int().min(0),
  expireAt: zTime,
});
export type AddinUsageDoc = z.infer<typeof addinUsageSchema>;
