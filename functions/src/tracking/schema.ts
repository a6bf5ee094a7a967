import { z } from 'zod';
import { zTime } from '../platform/timestamps.js';
import { BOT_REASONS, DEVICE_CLASSES } from './classify-hit.js';

const count = z.number().int().min(0).default(0);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a day, YYYY-MM-DD');
const reasonCounts = z.partialRecord(z.enum(BOT_REASONS), z.number().int().min(0));

/** Hits counted for people and, apart, for bots and scanners. */
const hitCounts = { views: count, clicks: count, botViews: count, botClicks: count };

/** One shard of a campaign's counts for one UTC day: tenants/{t}/campaigns/{c}/counters/{day}_{shard}. */
export const counterSchema = z.object({
  campaignId: z.string().min(1),
  day,
  shard: z.number().int().min(0),
  ...hitCounts,
  /** Bot hits by reason, per action. */
  botReasons: z.object({ view: reasonCounts.default({}), click: reasonCounts.default({}) }).partial().default({}),
  /** Human hits by device class: the user agent is reduced to this, never stored. */
  devices: z.partialRecord(z.enum(DEVICE_CLASSES), z.number().int().min(0)).default({}),
});
export type CounterDoc = z.infer<typeof counterSchema>;

/** One shard of one employee's counts for a campaign and day: .../employeeCounters/{userId}_{day}_{shard}. */
export const employeeCounterSchema = z.object({
  campaignId: z.string().min(1),
  userId: z.string().min(1),
  day,
  shard: z.number().int().min(0),
  ...hitCounts,
});
export type EmployeeCounterDoc = z.infer<typeof employeeCounterSchema>;

/** A click by an external recipient (opt-in tenants only): tenants/{t}/recipientClicks/{id}. */
export const recipientClickSchema = z.object({
  campaignId: z.string().min(1),
  /** The sending employee. */
  userId: z.string().min(1),
  /** HMAC-SHA256 of the normalized address under the recipient hash key (recipient-seal.ts). */
  recipientHash: z.string().regex(/^[0-9a-f]{64}$/),
  /** The address sealed with AES-256-GCM, base64. */
  recipientSealed: z.string().min(1).max(2000),
  bot: z.boolean(),
  at: zTime,
  expireAt: zTime,
});
export type RecipientClickDoc = z.infer<typeof recipientClickSchema>;

/**
 * The short number a link token carries instead of a Firestore id: tenants/{t}/linkCodes/{code}.
 * Kept apart from the user and campaign documents, which their own writers may replace whole.
 */
export const linkCodeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('campaign'), campaignId: z.string().min(1), createdAt: zTime }),
  z.object({ kind: z.literal('user'), userId: z.string().min(1), createdAt: zTime }),
]);
export type LinkCodeDoc = z.infer<typeof linkCodeSchema>;
