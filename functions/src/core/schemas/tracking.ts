import * as z from 'zod';
import { zTime } from './time.js';
import { BOT_REASONS, DEVICE_CLASSES, HIT_LEDGER_RETENTION_DAYS } from '../counter-shape.js';
export { HIT_LEDGER_RETENTION_DAYS };

const count = z.number().int().min(0).default(0);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a day, YYYY-MM-DD');
const reasonCounts = z.partialRecord(z.enum(BOT_REASONS), z.number().int().min(0));

/** Hits counted for people and, apart, for bots and scanners. */
const hitCounts = { views: count, clicks: count, botViews: count, botClicks: count };

/** An employee's hits in one counter shard: only the fields they have are present. */
export const employeeCountsSchema = z.object({ views: count, clicks: count, botViews: count, botClicks: count }).partial();

/**
 * One shard of a campaign's counts for one UTC day: tenants/{t}/campaigns/{c}/counters/{day}_{shard}.
 * The employees' counts ride in the same document (one write per commit, whatever the number of
 * employees in it): `employees` is exempt from indexing, `employeeIds` is the indexed array that
 * finds an employee's entries for export and erasure (catalog.ts, lookup `map_key`).
 */
export const counterSchema = z.object({
  campaignId: z.string().min(1),
  day,
  shard: z.number().int().min(0),
  ...hitCounts,
  /** Bot hits by reason, per action. */
  botReasons: z.object({ view: reasonCounts.default({}), click: reasonCounts.default({}) }).partial().default({}),
  /** Human hits by device class: the user agent is reduced to this, never stored. */
  devices: z.partialRecord(z.enum(DEVICE_CLASSES), z.number().int().min(0)).default({}),
  /** A/B test: variant count key (counter-shape.ts variantCountKey: test id and variant id) → people's views and clicks of that variant in this shard (bots apart, never here). */
  variants: z.record(z.string().regex(/^(?:[a-z0-9]{8}_)?[a-z0-9-]{1,32}$/), z.object({ views: count, clicks: count }).partial()).optional(),
  /** userId → that employee's hits counted in this shard. */
  employees: z.record(z.string().min(1), employeeCountsSchema).default({}),
  /** The keys of `employees`, indexed. */
  employeeIds: z.array(z.string().min(1)).default([]),
});
export type CounterDoc = z.infer<typeof counterSchema>;

/**
 * Legacy: one shard of one employee's counts for a campaign and day, .../employeeCounters/{userId}_{day}_{shard},
 * as written before the employees' counts moved into the campaign's shards. No longer written;
 * still read by reports and covered by export and erasure until its data ages out with its campaign.
 */
export const employeeCounterSchema = z.object({
  campaignId: z.string().min(1),
  userId: z.string().min(1),
  day,
  shard: z.number().int().min(0),
  ...hitCounts,
});
export type EmployeeCounterDoc = z.infer<typeof employeeCounterSchema>;

/**
 * A count tree: numbers, or maps of count trees (`botReasons.click.head`, `devices.mobile`, and any
 * nested map of numbers a counter write adds later, e.g. per-variant counts): what a rollup sums.
 */
export type CountTree = number | { [key: string]: CountTree };
const countTree: z.ZodType<CountTree> = z.lazy(() => z.union([z.number().int().min(0), z.record(z.string().min(1), countTree)]));

/**
 * Employees in one rollup page. A page stays far below Firestore's 1 MiB and 20,000-field limits
 * (map fields count): 2,000 entries of at most 5 fields are ~10,000 fields and ~300 KB.
 */
export const ROLLUP_EMPLOYEES_PER_PAGE = 2_000;

/**
 * A finished UTC day of one campaign's counters, folded from its shards (tracking/roll-up-day.ts):
 * tenants/{t}/campaigns/{c}/counterRollups/{day}_{page}. Page 0 holds the day's sums of every count
 * field of the shards (whatever fields they hold); every page holds a slice of the employees'
 * entries, by id, with the same `employees` / `employeeIds` shape as a shard, so erasure and export
 * find and treat an employee's entry as in a shard (catalog lookup `map_key`). Written once, in one
 * transaction with all its pages; an erasure later removes entries, never the totals.
 */
export const counterRollupSchema = z
  .object({
    campaignId: z.string().min(1),
    day,
    rollup: z.object({
      page: z.number().int().min(0),
      pages: z.number().int().min(1),
      /** Counter shards and legacy employee shards folded into the day (on every page). */
      shards: z.number().int().min(0),
      rolledAt: zTime,
    }),
    employees: z.record(z.string().min(1), z.record(z.string().min(1), z.number().int().min(0))).default({}),
    employeeIds: z.array(z.string().min(1)).default([]),
  })
  .catchall(countTree);
export type CounterRollupDoc = z.infer<typeof counterRollupSchema>;

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
  z.object({
    kind: z.literal('user'),
    userId: z.string().min(1),
    createdAt: zTime,
    /** Recipient links the employee minted on a UTC day (tracking/mint-quota.ts); only the last day is kept. */
    recipientMints: z.object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), count: z.number().int().min(0) }).optional(),
  }),
]);
export type LinkCodeDoc = z.infer<typeof linkCodeSchema>;

/** Days a link's daily count is kept: it is only read on the day it counts. */
export const LINK_CLICK_DAY_RETENTION_DAYS = 2;

/**
 * The clicks counted as people on one employee's links of one campaign on one UTC day
 * (tracking/link-day-cap.ts): tenants/{t}/linkClickDays/{day}_{campaignId}_{userId}. Each links
 * instance adds the clicks it admitted and reads the total, to stop counting past the daily cap.
 */
export const linkClickDaySchema = z.object({
  day,
  campaignId: z.string().min(1),
  userId: z.string().min(1),
  clicks: count,
  expireAt: zTime,
});
export type LinkClickDayDoc = z.infer<typeof linkClickDaySchema>;

/**
 * Queued hits (tracking/hit-queue.ts) are applied once: each commit that folds queued messages into
 * the counter shards (the drain's, or the links app's direct commit when a publish failed) creates,
 * in the same atomic batch, one ledger entry naming the messages it applied. Kept longer than the
 * subscription keeps an unacknowledged message (HIT_SUBSCRIPTION_RETENTION_DAYS).
 */
export const hitLedgerSchema = z.object({
  /** The queued messages' own ids (random, assigned by the publisher; no personal data). */
  ids: z.array(z.string().regex(/^[A-Za-z0-9]{16,40}$/)).min(1).max(1000),
  /** Who applied them: the drain, or the links app after a failed publish. */
  by: z.enum(['drain', 'fallback']),
  hits: z.number().int().min(0),
  appliedAt: zTime,
  expireAt: zTime,
});
